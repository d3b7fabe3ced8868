// Backpropagation through one timestep of a cell over `batch` rows (see ../ts-kernels.ts for the meaning
// of every argument; the forward steps are in steps.as). Four units per vector, then a scalar tail.

import { addr, derivative1, gateDerivative4, ldf, stf } from './math';

// ---------------------------------------------------------------------------------------------------
// LSTM (gate order i, f, c, o).

export function lstmBackward(batch: i32, units: i32, gates: i32, cPrev: i32, tanhC: i32, dh: i32, dc: i32, ra: i32): void {
  const u4 = units & ~3;
  const gb = (<usize>units) << 2;
  const one = f32x4.splat(1.0);
  for (let r = 0; r < batch; r++) {
    const g = gates + r * 4 * units;
    const s = r * units;
    for (let u = 0; u < u4; u += 4) {
      const pg = addr(g + u);
      const ig = v128.load(pg);
      const fg = v128.load(pg + gb);
      const cg = v128.load(pg + 2 * gb);
      const og = v128.load(pg + 3 * gb);
      const tc = v128.load(addr(tanhC + s + u));
      const dhu = v128.load(addr(dh + s + u));
      const pdc = addr(dc + s + u);
      const dcell = f32x4.add(v128.load(pdc), f32x4.mul(f32x4.mul(dhu, og), f32x4.sub(one, f32x4.mul(tc, tc))));
      v128.store(pg, f32x4.mul(f32x4.mul(dcell, cg), gateDerivative4(ra, ig)));
      v128.store(pg + gb, f32x4.mul(f32x4.mul(dcell, v128.load(addr(cPrev + s + u))), gateDerivative4(ra, fg)));
      v128.store(pg + 2 * gb, f32x4.mul(f32x4.mul(dcell, ig), f32x4.sub(one, f32x4.mul(cg, cg))));
      v128.store(pg + 3 * gb, f32x4.mul(f32x4.mul(dhu, tc), gateDerivative4(ra, og)));
      v128.store(pdc, f32x4.mul(dcell, fg));
    }
    for (let u = u4; u < units; u++) {
      const ig = ldf(g + u);
      const fg = ldf(g + units + u);
      const cg = ldf(g + 2 * units + u);
      const og = ldf(g + 3 * units + u);
      const tc = ldf(tanhC + s + u);
      const dhu = ldf(dh + s + u);
      const dcell = ldf(dc + s + u) + dhu * og * (1.0 - tc * tc);
      stf(g + u, dcell * cg * derivative1(ra, ig));
      stf(g + units + u, dcell * ldf(cPrev + s + u) * derivative1(ra, fg));
      stf(g + 2 * units + u, dcell * ig * (1.0 - cg * cg));
      stf(g + 3 * units + u, dhu * tc * derivative1(ra, og));
      stf(dc + s + u, dcell * fg);
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// GRU (gate order z, r, h; reset before the recurrent product).

export function gruBackwardA(batch: i32, units: i32, gates: i32, hPrev: i32, dh: i32, dhPrev: i32, ra: i32): void {
  const u4 = units & ~3;
  const gb = (<usize>units) << 2;
  const one = f32x4.splat(1.0);
  for (let r = 0; r < batch; r++) {
    const g = gates + r * 3 * units;
    const s = r * units;
    for (let u = 0; u < u4; u += 4) {
      const pg = addr(g + u);
      const z = v128.load(pg);
      const hh = v128.load(pg + 2 * gb);
      const d = v128.load(addr(dh + s + u));
      const pPrev = addr(dhPrev + s + u);
      v128.store(pg, f32x4.mul(f32x4.mul(d, f32x4.sub(v128.load(addr(hPrev + s + u)), hh)), gateDerivative4(ra, z)));
      v128.store(pg + 2 * gb, f32x4.mul(f32x4.mul(d, f32x4.sub(one, z)), f32x4.sub(one, f32x4.mul(hh, hh))));
      v128.store(pPrev, f32x4.add(v128.load(pPrev), f32x4.mul(d, z)));
    }
    for (let u = u4; u < units; u++) {
      const z = ldf(g + u);
      const hh = ldf(g + 2 * units + u);
      const d = ldf(dh + s + u);
      stf(g + u, d * (ldf(hPrev + s + u) - hh) * derivative1(ra, z));
      stf(g + 2 * units + u, d * (1.0 - z) * (1.0 - hh * hh));
      stf(dhPrev + s + u, ldf(dhPrev + s + u) + d * z);
    }
  }
}

export function gruBackwardB(batch: i32, units: i32, gates: i32, hPrev: i32, dRh: i32, dhPrev: i32, ra: i32): void {
  const u4 = units & ~3;
  const gb = (<usize>units) << 2;
  for (let r = 0; r < batch; r++) {
    const g = gates + r * 3 * units;
    const s = r * units;
    for (let u = 0; u < u4; u += 4) {
      const pr = addr(g + u) + gb;
      const rg = v128.load(pr);
      const d = v128.load(addr(dRh + s + u));
      const pPrev = addr(dhPrev + s + u);
      v128.store(pr, f32x4.mul(f32x4.mul(d, v128.load(addr(hPrev + s + u))), gateDerivative4(ra, rg)));
      v128.store(pPrev, f32x4.add(v128.load(pPrev), f32x4.mul(d, rg)));
    }
    for (let u = u4; u < units; u++) {
      const rg = ldf(g + units + u);
      const d = ldf(dRh + s + u);
      stf(g + units + u, d * ldf(hPrev + s + u) * derivative1(ra, rg));
      stf(dhPrev + s + u, ldf(dhPrev + s + u) + d * rg);
    }
  }
}
