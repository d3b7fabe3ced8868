// Fused recurrent steps: one timestep of one layer over `rows` rows, the recurrent product and the cell
// update in one pass with the gate sums kept in registers. `gates` [rows, G·units] holds the step's input
// projection plus bias (x·kernel + bias, computed for every timestep at once while training, per step for
// inference) and receives the activated gates, which backpropagation reads. `depth` is `units`, or 0 at
// the first timestep (h_0 = 0: nothing to multiply). recurrent is [units, G·units] row-major and `packed`
// the same weights as packGates regroups them (one contiguous strip per four units: the gate columns of
// the row-major kernel are a multiple of 256 bytes apart and would crowd a few L1 sets); the scalar tail
// (units beyond the last multiple of four) reads `recurrent`. hPrev and h [rows, units] are distinct buffers.
//
// Loop order: four units at a time (their strip of the packed kernel, a few kilobytes, stays in L1)
// across every block of rows (whose hPrev rows also stay in L1).

import { activate1, addr, gate4, ldf, madd, stf, tanh4, tanhf } from './math';
import { lstmCell4 } from './lstm-cell';

// ---------------------------------------------------------------------------------------------------
// LSTM (gate order i, f, c, o). Blocks of two rows × four gates × four units: eight sums, four loads of
// the recurrent kernel and two broadcasts of hPrev per step of the depth. c = f·cPrev + i·g and
// h = o·tanh(c); c may be cPrev (updated in place). With `keep`, tanh(c) goes to tanhC and the activated
// gates over `gates` (training); without, tanhC is not touched.

export function lstmCellStep(rows: i32, units: i32, depth: i32, gates: i32, hPrev: i32, recurrent: i32, packed: i32, cPrev: i32, c: i32, tanhC: i32, h: i32, ra: i32, keep: i32): void {
  const u4 = units & ~3;
  const gb = (<usize>units) << 2;
  const rowBytes = gb << 2;
  const end = (<usize>depth) << 6;
  for (let j = 0; j < u4; j += 4) {
    const pu0 = addr(packed + j * units * 4);
    let r = 0;
    for (; r + 2 <= rows; r += 2) {
      const pg0 = addr(gates + r * 4 * units + j);
      const pg1 = pg0 + rowBytes;
      let i0 = v128.load(pg0);
      let f0 = v128.load(pg0 + gb);
      let g0 = v128.load(pg0 + 2 * gb);
      let o0 = v128.load(pg0 + 3 * gb);
      let i1 = v128.load(pg1);
      let f1 = v128.load(pg1 + gb);
      let g1 = v128.load(pg1 + 2 * gb);
      let o1 = v128.load(pg1 + 3 * gb);
      let ph0 = addr(hPrev + r * units);
      let ph1 = ph0 + gb;
      let pu = pu0;
      const stop = pu0 + end;
      while (pu < stop) {
        const a0 = v128.load32_splat(ph0);
        const a1 = v128.load32_splat(ph1);
        const wi = v128.load(pu);
        i0 = madd(a0, wi, i0);
        i1 = madd(a1, wi, i1);
        const wf = v128.load(pu, 16);
        f0 = madd(a0, wf, f0);
        f1 = madd(a1, wf, f1);
        const wg = v128.load(pu, 32);
        g0 = madd(a0, wg, g0);
        g1 = madd(a1, wg, g1);
        const wo = v128.load(pu, 48);
        o0 = madd(a0, wo, o0);
        o1 = madd(a1, wo, o1);
        pu += 64;
        ph0 += 4;
        ph1 += 4;
      }
      const at = r * units + j;
      lstmStore(ra, keep, i0, f0, g0, o0, pg0, gb, at, cPrev, c, tanhC, h);
      lstmStore(ra, keep, i1, f1, g1, o1, pg1, gb, at + units, cPrev, c, tanhC, h);
    }
    if (r < rows) {
      const pg0 = addr(gates + r * 4 * units + j);
      let i0 = v128.load(pg0);
      let f0 = v128.load(pg0 + gb);
      let g0 = v128.load(pg0 + 2 * gb);
      let o0 = v128.load(pg0 + 3 * gb);
      let ph0 = addr(hPrev + r * units);
      let pu = pu0;
      const stop = pu0 + end;
      while (pu < stop) {
        const a0 = v128.load32_splat(ph0);
        i0 = madd(a0, v128.load(pu), i0);
        f0 = madd(a0, v128.load(pu, 16), f0);
        g0 = madd(a0, v128.load(pu, 32), g0);
        o0 = madd(a0, v128.load(pu, 48), o0);
        pu += 64;
        ph0 += 4;
      }
      lstmStore(ra, keep, i0, f0, g0, o0, pg0, gb, r * units + j, cPrev, c, tanhC, h);
    }
  }
  for (let j = u4; j < units; j++) {
    for (let r = 0; r < rows; r++) lstmUnit(r, j, units, depth, gates, hPrev, recurrent, cPrev, c, tanhC, h, ra, keep);
  }
}

@inline function lstmStore(ra: i32, keep: i32, i: v128, f: v128, g: v128, o: v128, pg: usize, gb: usize, at: i32, cPrev: i32, c: i32, tanhC: i32, h: i32): void {
  const cp = v128.load(addr(cPrev + at));
  if (keep) lstmCell4(ra, i, f, g, o, cp, addr(c + at), addr(h + at), true, pg, gb, addr(tanhC + at));
  else lstmCell4(ra, i, f, g, o, cp, addr(c + at), addr(h + at), false, 0, 0, 0);
}

/** One row and one unit of lstmCellStep, scalar (the units beyond the last multiple of four). */
function lstmUnit(r: i32, j: i32, units: i32, depth: i32, gates: i32, hPrev: i32, recurrent: i32, cPrev: i32, c: i32, tanhC: i32, h: i32, ra: i32, keep: i32): void {
  const g = gates + r * 4 * units + j;
  let si = ldf(g);
  let sf = ldf(g + units);
  let sg = ldf(g + 2 * units);
  let so = ldf(g + 3 * units);
  for (let p = 0; p < depth; p++) {
    const a = ldf(hPrev + r * units + p);
    const w = recurrent + p * 4 * units + j;
    si += a * ldf(w);
    sf += a * ldf(w + units);
    sg += a * ldf(w + 2 * units);
    so += a * ldf(w + 3 * units);
  }
  const ig = activate1(ra, si);
  const fg = activate1(ra, sf);
  const cg = tanhf(sg);
  const og = activate1(ra, so);
  const at = r * units + j;
  const cell = fg * ldf(cPrev + at) + ig * cg;
  const tc = tanhf(cell);
  stf(c + at, cell);
  stf(h + at, og * tc);
  if (keep) {
    stf(g, ig);
    stf(g + units, fg);
    stf(g + 2 * units, cg);
    stf(g + 3 * units, og);
    stf(tanhC + at, tc);
  }
}

// ---------------------------------------------------------------------------------------------------
// GRU (gate order z, r, h; the reset gate applies before the recurrent product).
// Part A: z and r += hPrev·recurrent[:, z r], activated in place; rh = r·hPrev. `packed`: packGates of
// the z and r blocks.
// Part B: h~ += rh·recurrent[:, h], tanh in place; h = z·hPrev + (1 - z)·h~. `packed`: packGates of the
// h block.

export function gruCellStepA(rows: i32, units: i32, depth: i32, gates: i32, hPrev: i32, recurrent: i32, packed: i32, rh: i32, ra: i32): void {
  const u4 = units & ~3;
  const gb = (<usize>units) << 2;
  const rowBytes = gb * 3;
  const end = (<usize>depth) << 5;
  for (let j = 0; j < u4; j += 4) {
    const pu0 = addr(packed + j * units * 2);
    let r = 0;
    for (; r + 4 <= rows; r += 4) {
      const pg0 = addr(gates + r * 3 * units + j);
      const pg1 = pg0 + rowBytes;
      const pg2 = pg1 + rowBytes;
      const pg3 = pg2 + rowBytes;
      let z0 = v128.load(pg0);
      let r0 = v128.load(pg0 + gb);
      let z1 = v128.load(pg1);
      let r1 = v128.load(pg1 + gb);
      let z2 = v128.load(pg2);
      let r2 = v128.load(pg2 + gb);
      let z3 = v128.load(pg3);
      let r3 = v128.load(pg3 + gb);
      let ph0 = addr(hPrev + r * units);
      let ph1 = ph0 + gb;
      let ph2 = ph1 + gb;
      let ph3 = ph2 + gb;
      let pu = pu0;
      const stop = pu0 + end;
      while (pu < stop) {
        const wz = v128.load(pu);
        const wr = v128.load(pu, 16);
        const a0 = v128.load32_splat(ph0);
        const a1 = v128.load32_splat(ph1);
        const a2 = v128.load32_splat(ph2);
        const a3 = v128.load32_splat(ph3);
        z0 = madd(a0, wz, z0);
        r0 = madd(a0, wr, r0);
        z1 = madd(a1, wz, z1);
        r1 = madd(a1, wr, r1);
        z2 = madd(a2, wz, z2);
        r2 = madd(a2, wr, r2);
        z3 = madd(a3, wz, z3);
        r3 = madd(a3, wr, r3);
        pu += 32;
        ph0 += 4;
        ph1 += 4;
        ph2 += 4;
        ph3 += 4;
      }
      const at = r * units + j;
      gruStoreA(ra, z0, r0, pg0, gb, at, hPrev, rh);
      gruStoreA(ra, z1, r1, pg1, gb, at + units, hPrev, rh);
      gruStoreA(ra, z2, r2, pg2, gb, at + 2 * units, hPrev, rh);
      gruStoreA(ra, z3, r3, pg3, gb, at + 3 * units, hPrev, rh);
    }
    for (; r < rows; r++) {
      const pg0 = addr(gates + r * 3 * units + j);
      let z0 = v128.load(pg0);
      let r0 = v128.load(pg0 + gb);
      let ph0 = addr(hPrev + r * units);
      let pu = pu0;
      const stop = pu0 + end;
      while (pu < stop) {
        const a0 = v128.load32_splat(ph0);
        z0 = madd(a0, v128.load(pu), z0);
        r0 = madd(a0, v128.load(pu, 16), r0);
        pu += 32;
        ph0 += 4;
      }
      gruStoreA(ra, z0, r0, pg0, gb, r * units + j, hPrev, rh);
    }
  }
  for (let j = u4; j < units; j++) {
    for (let r = 0; r < rows; r++) {
      const g = gates + r * 3 * units + j;
      let sz = ldf(g);
      let sr = ldf(g + units);
      for (let p = 0; p < depth; p++) {
        const a = ldf(hPrev + r * units + p);
        sz += a * ldf(recurrent + p * 3 * units + j);
        sr += a * ldf(recurrent + p * 3 * units + units + j);
      }
      const rg = activate1(ra, sr);
      stf(g, activate1(ra, sz));
      stf(g + units, rg);
      stf(rh + r * units + j, rg * ldf(hPrev + r * units + j));
    }
  }
}

@inline function gruStoreA(ra: i32, z: v128, r: v128, pg: usize, gb: usize, at: i32, hPrev: i32, rh: i32): void {
  const rg = gate4(ra, r);
  v128.store(pg, gate4(ra, z));
  v128.store(pg + gb, rg);
  v128.store(addr(rh + at), f32x4.mul(rg, v128.load(addr(hPrev + at))));
}

export function gruCellStepB(rows: i32, units: i32, depth: i32, gates: i32, rh: i32, recurrent: i32, packed: i32, hPrev: i32, h: i32): void {
  const u4 = units & ~3;
  const gb = (<usize>units) << 2;
  const rowBytes = gb * 3;
  const end = (<usize>depth) << 4;
  for (let j = 0; j < u4; j += 4) {
    const pu0 = addr(packed + j * units);
    let r = 0;
    for (; r + 4 <= rows; r += 4) {
      const pg0 = addr(gates + r * 3 * units + 2 * units + j);
      const pg1 = pg0 + rowBytes;
      const pg2 = pg1 + rowBytes;
      const pg3 = pg2 + rowBytes;
      let s0 = v128.load(pg0);
      let s1 = v128.load(pg1);
      let s2 = v128.load(pg2);
      let s3 = v128.load(pg3);
      let pr0 = addr(rh + r * units);
      let pr1 = pr0 + gb;
      let pr2 = pr1 + gb;
      let pr3 = pr2 + gb;
      let pu = pu0;
      const stop = pu0 + end;
      while (pu < stop) {
        const w = v128.load(pu);
        s0 = madd(v128.load32_splat(pr0), w, s0);
        s1 = madd(v128.load32_splat(pr1), w, s1);
        s2 = madd(v128.load32_splat(pr2), w, s2);
        s3 = madd(v128.load32_splat(pr3), w, s3);
        pu += 16;
        pr0 += 4;
        pr1 += 4;
        pr2 += 4;
        pr3 += 4;
      }
      const at = r * units + j;
      gruStoreB(s0, pg0, gb, at, hPrev, h);
      gruStoreB(s1, pg1, gb, at + units, hPrev, h);
      gruStoreB(s2, pg2, gb, at + 2 * units, hPrev, h);
      gruStoreB(s3, pg3, gb, at + 3 * units, hPrev, h);
    }
    for (; r < rows; r++) {
      const pg0 = addr(gates + r * 3 * units + 2 * units + j);
      let s0 = v128.load(pg0);
      let pr0 = addr(rh + r * units);
      let pu = pu0;
      const stop = pu0 + end;
      while (pu < stop) {
        s0 = madd(v128.load32_splat(pr0), v128.load(pu), s0);
        pu += 16;
        pr0 += 4;
      }
      gruStoreB(s0, pg0, gb, r * units + j, hPrev, h);
    }
  }
  for (let j = u4; j < units; j++) {
    for (let r = 0; r < rows; r++) {
      const g = gates + r * 3 * units;
      let s = ldf(g + 2 * units + j);
      for (let p = 0; p < depth; p++) s += ldf(rh + r * units + p) * ldf(recurrent + p * 3 * units + 2 * units + j);
      const hh = tanhf(s);
      const z = ldf(g + j);
      const at = r * units + j;
      stf(g + 2 * units + j, hh);
      stf(h + at, z * ldf(hPrev + at) + (1.0 - z) * hh);
    }
  }
}

/** h~ = tanh(s) over the candidate gate (pg), then h = z·hPrev + (1 - z)·h~ with z two gate blocks before. */
@inline function gruStoreB(s: v128, pg: usize, gb: usize, at: i32, hPrev: i32, h: i32): void {
  const hh = tanh4(s);
  v128.store(pg, hh);
  const z = v128.load(pg - 2 * gb);
  v128.store(addr(h + at), madd(f32x4.sub(f32x4.splat(1.0), z), hh, f32x4.mul(z, v128.load(addr(hPrev + at)))));
}
