// WebAssembly kernels of the fast recurrent path, in AssemblyScript (compiled by build.mjs; never by tsc).
// Same functions, arguments and arithmetic as ../ts-kernels.ts, which documents each of them; here the
// matrix product and the cell updates use 128-bit SIMD. Every buffer argument is an offset in floats into
// the imported (shared) memory; nothing here allocates.

// Activation codes (../program.ts); 0 is linear, the default branch below.
const RELU: i32 = 1;
const TANH: i32 = 2;
const SIGMOID: i32 = 3;
const HARD_SIGMOID: i32 = 4;

@inline function addr(offset: i32): usize {
  return (<usize>offset) << 2;
}

@inline function ldf(offset: i32): f32 {
  return load<f32>(addr(offset));
}

@inline function stf(offset: i32, value: f32): void {
  store<f32>(addr(offset), value);
}

// ---------------------------------------------------------------------------------------------------
// Activations. tanh: the rational approximation Eigen and XNNPACK use (error ~1e-7 on [-9, 9], exactly
// ±1 beyond); exp: Cephes' expf (range reduction by ln 2, degree-5 polynomial, scaling by 2^n).

@inline function tanhf(x: f32): f32 {
  const v = min<f32>(max<f32>(x, -9.0), 9.0);
  const x2 = v * v;
  let p: f32 = -2.76076847742355e-16;
  p = p * x2 + 2.00018790482477e-13;
  p = p * x2 - 8.60467152213735e-11;
  p = p * x2 + 5.12229709037114e-8;
  p = p * x2 + 1.48572235717979e-5;
  p = p * x2 + 6.37261928875436e-4;
  p = p * x2 + 4.89352455891786e-3;
  p = p * v;
  let q: f32 = 1.19825839466702e-6;
  q = q * x2 + 1.18534705686654e-4;
  q = q * x2 + 2.26843463243900e-3;
  q = q * x2 + 4.89352518554385e-3;
  return p / q;
}

@inline function expf(x: f32): f32 {
  const v = min<f32>(max<f32>(x, -87.3365447505531), 88.3762626647949);
  const n = Mathf.floor(v * 1.44269504088896341 + 0.5);
  const r = v - n * 0.693359375 + n * 2.12194440e-4;
  let y: f32 = 1.9875691500e-4;
  y = y * r + 1.3981999507e-3;
  y = y * r + 8.3334519073e-3;
  y = y * r + 4.1665795894e-2;
  y = y * r + 1.6666665459e-1;
  y = y * r + 5.0000001201e-1;
  y = y * r * r + r + 1.0;
  return y * reinterpret<f32>((<i32>n + 127) << 23);
}

@inline function sigmoidf(x: f32): f32 {
  return 1.0 / (1.0 + expf(-x));
}

@inline function tanh4(x: v128): v128 {
  const v = f32x4.min(f32x4.max(x, f32x4.splat(-9.0)), f32x4.splat(9.0));
  const x2 = f32x4.mul(v, v);
  let p = f32x4.splat(-2.76076847742355e-16);
  p = f32x4.add(f32x4.mul(p, x2), f32x4.splat(2.00018790482477e-13));
  p = f32x4.add(f32x4.mul(p, x2), f32x4.splat(-8.60467152213735e-11));
  p = f32x4.add(f32x4.mul(p, x2), f32x4.splat(5.12229709037114e-8));
  p = f32x4.add(f32x4.mul(p, x2), f32x4.splat(1.48572235717979e-5));
  p = f32x4.add(f32x4.mul(p, x2), f32x4.splat(6.37261928875436e-4));
  p = f32x4.add(f32x4.mul(p, x2), f32x4.splat(4.89352455891786e-3));
  p = f32x4.mul(p, v);
  let q = f32x4.splat(1.19825839466702e-6);
  q = f32x4.add(f32x4.mul(q, x2), f32x4.splat(1.18534705686654e-4));
  q = f32x4.add(f32x4.mul(q, x2), f32x4.splat(2.268434632439e-3));
  q = f32x4.add(f32x4.mul(q, x2), f32x4.splat(4.89352518554385e-3));
  return f32x4.div(p, q);
}

@inline function exp4(x: v128): v128 {
  const v = f32x4.min(f32x4.max(x, f32x4.splat(-87.3365447505531)), f32x4.splat(88.3762626647949));
  const n = f32x4.floor(f32x4.add(f32x4.mul(v, f32x4.splat(1.44269504088896341)), f32x4.splat(0.5)));
  const r = f32x4.add(f32x4.sub(v, f32x4.mul(n, f32x4.splat(0.693359375))), f32x4.mul(n, f32x4.splat(2.1219444e-4)));
  let y = f32x4.splat(1.98756915e-4);
  y = f32x4.add(f32x4.mul(y, r), f32x4.splat(1.3981999507e-3));
  y = f32x4.add(f32x4.mul(y, r), f32x4.splat(8.3334519073e-3));
  y = f32x4.add(f32x4.mul(y, r), f32x4.splat(4.1665795894e-2));
  y = f32x4.add(f32x4.mul(y, r), f32x4.splat(1.6666665459e-1));
  y = f32x4.add(f32x4.mul(y, r), f32x4.splat(5.0000001201e-1));
  y = f32x4.add(f32x4.add(f32x4.mul(f32x4.mul(y, r), r), r), f32x4.splat(1.0));
  const scale = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(n), i32x4.splat(127)), 23);
  return f32x4.mul(y, scale);
}

@inline function gate4(act: i32, x: v128): v128 {
  if (act == SIGMOID) return f32x4.div(f32x4.splat(1.0), f32x4.add(f32x4.splat(1.0), exp4(f32x4.neg(x))));
  // hardSigmoid (the only other gate activation the fast path accepts)
  const y = f32x4.add(f32x4.mul(x, f32x4.splat(0.2)), f32x4.splat(0.5));
  return f32x4.min(f32x4.max(y, f32x4.splat(0.0)), f32x4.splat(1.0));
}

@inline function activate1(act: i32, x: f32): f32 {
  if (act == RELU) return x > 0 ? x : 0;
  if (act == TANH) return tanhf(x);
  if (act == SIGMOID) return sigmoidf(x);
  if (act == HARD_SIGMOID) return min<f32>(max<f32>(0.2 * x + 0.5, 0.0), 1.0);
  return x;
}

@inline function derivative1(act: i32, y: f32): f32 {
  if (act == RELU) return y > 0 ? 1 : 0;
  if (act == TANH) return 1.0 - y * y;
  if (act == SIGMOID) return y * (1.0 - y);
  if (act == HARD_SIGMOID) return y > 0 && y < 1 ? 0.2 : 0;
  return 1.0;
}

// ---------------------------------------------------------------------------------------------------
// Matrix product. C[m×n] = (accumulate ? C : 0) + A·B, A's element (i, p) at a + i·ars + p·aks (so one
// kernel serves A and Aᵀ), B row-major with row stride ldb. Register blocks of 4 rows × 8 columns: per
// step of p, two loads of B, four broadcasts of A, eight multiply-adds; the accumulators stay in registers
// for the whole depth.

export function gemm(m: i32, n: i32, k: i32, a: i32, ars: i32, aks: i32, b: i32, ldb: i32, c: i32, ldc: i32, accumulate: i32): void {
  const aStep = (<usize>aks) << 2;
  const bStep = (<usize>ldb) << 2;
  const n8 = n & ~7;
  const n4 = n & ~3;
  let i = 0;
  for (; i + 4 <= m; i += 4) {
    const a0 = addr(a + i * ars);
    const a1 = addr(a + (i + 1) * ars);
    const a2 = addr(a + (i + 2) * ars);
    const a3 = addr(a + (i + 3) * ars);
    const c0 = addr(c + i * ldc);
    const c1 = addr(c + (i + 1) * ldc);
    const c2 = addr(c + (i + 2) * ldc);
    const c3 = addr(c + (i + 3) * ldc);
    let j = 0;
    for (; j < n8; j += 8) {
      let s00 = f32x4.splat(0);
      let s01 = f32x4.splat(0);
      let s10 = f32x4.splat(0);
      let s11 = f32x4.splat(0);
      let s20 = f32x4.splat(0);
      let s21 = f32x4.splat(0);
      let s30 = f32x4.splat(0);
      let s31 = f32x4.splat(0);
      let pb = addr(b + j);
      let off: usize = 0;
      for (let p = 0; p < k; p++) {
        const b0 = v128.load(pb);
        const b1 = v128.load(pb, 16);
        const x0 = v128.load32_splat(a0 + off);
        const x1 = v128.load32_splat(a1 + off);
        const x2 = v128.load32_splat(a2 + off);
        const x3 = v128.load32_splat(a3 + off);
        s00 = f32x4.add(s00, f32x4.mul(x0, b0));
        s01 = f32x4.add(s01, f32x4.mul(x0, b1));
        s10 = f32x4.add(s10, f32x4.mul(x1, b0));
        s11 = f32x4.add(s11, f32x4.mul(x1, b1));
        s20 = f32x4.add(s20, f32x4.mul(x2, b0));
        s21 = f32x4.add(s21, f32x4.mul(x2, b1));
        s30 = f32x4.add(s30, f32x4.mul(x3, b0));
        s31 = f32x4.add(s31, f32x4.mul(x3, b1));
        pb += bStep;
        off += aStep;
      }
      const o = (<usize>j) << 2;
      if (accumulate) {
        s00 = f32x4.add(s00, v128.load(c0 + o));
        s01 = f32x4.add(s01, v128.load(c0 + o, 16));
        s10 = f32x4.add(s10, v128.load(c1 + o));
        s11 = f32x4.add(s11, v128.load(c1 + o, 16));
        s20 = f32x4.add(s20, v128.load(c2 + o));
        s21 = f32x4.add(s21, v128.load(c2 + o, 16));
        s30 = f32x4.add(s30, v128.load(c3 + o));
        s31 = f32x4.add(s31, v128.load(c3 + o, 16));
      }
      v128.store(c0 + o, s00);
      v128.store(c0 + o, s01, 16);
      v128.store(c1 + o, s10);
      v128.store(c1 + o, s11, 16);
      v128.store(c2 + o, s20);
      v128.store(c2 + o, s21, 16);
      v128.store(c3 + o, s30);
      v128.store(c3 + o, s31, 16);
    }
    for (; j < n4; j += 4) {
      let s0 = f32x4.splat(0);
      let s1 = f32x4.splat(0);
      let s2 = f32x4.splat(0);
      let s3 = f32x4.splat(0);
      let pb = addr(b + j);
      let off: usize = 0;
      for (let p = 0; p < k; p++) {
        const b0 = v128.load(pb);
        s0 = f32x4.add(s0, f32x4.mul(v128.load32_splat(a0 + off), b0));
        s1 = f32x4.add(s1, f32x4.mul(v128.load32_splat(a1 + off), b0));
        s2 = f32x4.add(s2, f32x4.mul(v128.load32_splat(a2 + off), b0));
        s3 = f32x4.add(s3, f32x4.mul(v128.load32_splat(a3 + off), b0));
        pb += bStep;
        off += aStep;
      }
      const o = (<usize>j) << 2;
      if (accumulate) {
        s0 = f32x4.add(s0, v128.load(c0 + o));
        s1 = f32x4.add(s1, v128.load(c1 + o));
        s2 = f32x4.add(s2, v128.load(c2 + o));
        s3 = f32x4.add(s3, v128.load(c3 + o));
      }
      v128.store(c0 + o, s0);
      v128.store(c1 + o, s1);
      v128.store(c2 + o, s2);
      v128.store(c3 + o, s3);
    }
    for (; j < n; j++) {
      for (let r = 0; r < 4; r++) gemmScalar(i + r, j, k, a, ars, aks, b, ldb, c, ldc, accumulate);
    }
  }
  for (; i < m; i++) {
    const a0 = addr(a + i * ars);
    const c0 = addr(c + i * ldc);
    let j = 0;
    for (; j < n4; j += 4) {
      let s0 = f32x4.splat(0);
      let pb = addr(b + j);
      let off: usize = 0;
      for (let p = 0; p < k; p++) {
        s0 = f32x4.add(s0, f32x4.mul(v128.load32_splat(a0 + off), v128.load(pb)));
        pb += bStep;
        off += aStep;
      }
      const o = (<usize>j) << 2;
      if (accumulate) s0 = f32x4.add(s0, v128.load(c0 + o));
      v128.store(c0 + o, s0);
    }
    for (; j < n; j++) gemmScalar(i, j, k, a, ars, aks, b, ldb, c, ldc, accumulate);
  }
}

@inline function gemmScalar(i: i32, j: i32, k: i32, a: i32, ars: i32, aks: i32, b: i32, ldb: i32, c: i32, ldc: i32, accumulate: i32): void {
  let s: f32 = 0;
  for (let p = 0; p < k; p++) s += ldf(a + i * ars + p * aks) * ldf(b + p * ldb + j);
  const at = c + i * ldc + j;
  stf(at, accumulate ? ldf(at) + s : s);
}

// ---------------------------------------------------------------------------------------------------
// Small helpers.

export function fill(n: i32, value: f32, dst: i32): void {
  for (let i = 0; i < n; i++) stf(dst + i, value);
}

export function fillRows(rows: i32, cols: i32, src: i32, dst: i32): void {
  for (let r = 0; r < rows; r++) memory.copy(addr(dst + r * cols), addr(src), (<usize>cols) << 2);
}

export function sumRows(rows: i32, cols: i32, src: i32, lds: i32, dst: i32, accumulate: i32): void {
  if (!accumulate) fill(cols, 0, dst);
  const c4 = cols & ~3;
  for (let r = 0; r < rows; r++) {
    const s = src + r * lds;
    let j = 0;
    for (; j < c4; j += 4) v128.store(addr(dst + j), f32x4.add(v128.load(addr(dst + j)), v128.load(addr(s + j))));
    for (; j < cols; j++) stf(dst + j, ldf(dst + j) + ldf(s + j));
  }
}

export function transpose(rows: i32, cols: i32, src: i32, dst: i32): void {
  for (let r = 0; r < rows; r++) for (let j = 0; j < cols; j++) stf(dst + j * rows + r, ldf(src + r * cols + j));
}

export function addTo(n: i32, src: i32, dst: i32): void {
  for (let i = 0; i < n; i++) stf(dst + i, ldf(dst + i) + ldf(src + i));
}

// ---------------------------------------------------------------------------------------------------
// LSTM cell (gate order i, f, c, o).

export function lstmForward(batch: i32, units: i32, gates: i32, cPrev: i32, c: i32, tanhC: i32, h: i32, ra: i32): void {
  const u4 = units & ~3;
  const gateBytes = (<usize>units) << 2;
  for (let r = 0; r < batch; r++) {
    const g = gates + r * 4 * units;
    const s = r * units;
    for (let u = 0; u < u4; u += 4) {
      const pi = addr(g + u);
      const ig = gate4(ra, v128.load(pi));
      const fg = gate4(ra, v128.load(pi + gateBytes));
      const cg = tanh4(v128.load(pi + 2 * gateBytes));
      const og = gate4(ra, v128.load(pi + 3 * gateBytes));
      v128.store(pi, ig);
      v128.store(pi + gateBytes, fg);
      v128.store(pi + 2 * gateBytes, cg);
      v128.store(pi + 3 * gateBytes, og);
      const cell = f32x4.add(f32x4.mul(fg, v128.load(addr(cPrev + s + u))), f32x4.mul(ig, cg));
      v128.store(addr(c + s + u), cell);
      const tc = tanh4(cell);
      v128.store(addr(tanhC + s + u), tc);
      v128.store(addr(h + s + u), f32x4.mul(og, tc));
    }
    for (let u = u4; u < units; u++) {
      const ig = activate1(ra, ldf(g + u));
      const fg = activate1(ra, ldf(g + units + u));
      const cg = tanhf(ldf(g + 2 * units + u));
      const og = activate1(ra, ldf(g + 3 * units + u));
      stf(g + u, ig);
      stf(g + units + u, fg);
      stf(g + 2 * units + u, cg);
      stf(g + 3 * units + u, og);
      const cell = fg * ldf(cPrev + s + u) + ig * cg;
      stf(c + s + u, cell);
      const tc = tanhf(cell);
      stf(tanhC + s + u, tc);
      stf(h + s + u, og * tc);
    }
  }
}

export function lstmBackward(batch: i32, units: i32, gates: i32, cPrev: i32, tanhC: i32, dh: i32, dc: i32, ra: i32): void {
  for (let r = 0; r < batch; r++) {
    const g = gates + r * 4 * units;
    const s = r * units;
    for (let u = 0; u < units; u++) {
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
// GRU cell (gate order z, r, h; reset before the recurrent product).

export function gruGates(batch: i32, units: i32, gates: i32, hPrev: i32, rh: i32, ra: i32): void {
  for (let r = 0; r < batch; r++) {
    const g = gates + r * 3 * units;
    const s = r * units;
    for (let u = 0; u < units; u++) {
      stf(g + u, activate1(ra, ldf(g + u)));
      const rg = activate1(ra, ldf(g + units + u));
      stf(g + units + u, rg);
      stf(rh + s + u, rg * ldf(hPrev + s + u));
    }
  }
}

export function gruOutput(batch: i32, units: i32, gates: i32, hPrev: i32, h: i32): void {
  for (let r = 0; r < batch; r++) {
    const g = gates + r * 3 * units;
    const s = r * units;
    for (let u = 0; u < units; u++) {
      const z = ldf(g + u);
      const hh = tanhf(ldf(g + 2 * units + u));
      stf(g + 2 * units + u, hh);
      stf(h + s + u, z * ldf(hPrev + s + u) + (1.0 - z) * hh);
    }
  }
}

export function gruBackwardA(batch: i32, units: i32, gates: i32, hPrev: i32, dh: i32, dhPrev: i32, ra: i32): void {
  for (let r = 0; r < batch; r++) {
    const g = gates + r * 3 * units;
    const s = r * units;
    for (let u = 0; u < units; u++) {
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
  for (let r = 0; r < batch; r++) {
    const g = gates + r * 3 * units;
    const s = r * units;
    for (let u = 0; u < units; u++) {
      const rg = ldf(g + units + u);
      const d = ldf(dRh + s + u);
      stf(g + units + u, d * ldf(hPrev + s + u) * derivative1(ra, rg));
      stf(dhPrev + s + u, ldf(dhPrev + s + u) + d * rg);
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// Dense activations, loss, optimizer.

export function activate(n: i32, act: i32, x: i32): void {
  for (let i = 0; i < n; i++) stf(x + i, activate1(act, ldf(x + i)));
}

export function activateBackward(n: i32, act: i32, y: i32, dy: i32): void {
  for (let i = 0; i < n; i++) stf(dy + i, ldf(dy + i) * derivative1(act, ldf(y + i)));
}

export function mse(n: i32, pred: i32, y: i32, scale: f32, dPred: i32, lossOut: i32): void {
  let sum: f64 = 0;
  for (let i = 0; i < n; i++) {
    const d = ldf(pred + i) - ldf(y + i);
    sum += <f64>(d * d);
    stf(dPred + i, scale * d);
  }
  stf(lossOut, <f32>sum);
}

export function adam(n: i32, params: i32, grads: i32, m: i32, v: i32, lr: f32, beta1: f32, beta2: f32, epsilon: f32, omab1: f32, omab2: f32): void {
  const c1: f32 = 1.0 - beta1;
  const c2: f32 = 1.0 - beta2;
  for (let i = 0; i < n; i++) {
    const g = ldf(grads + i);
    const mi = ldf(m + i) * beta1 + g * c1;
    const vi = ldf(v + i) * beta2 + g * g * c2;
    stf(m + i, mi);
    stf(v + i, vi);
    stf(params + i, ldf(params + i) - (lr * (mi / omab1)) / (Mathf.sqrt(vi / omab2) + epsilon));
  }
}
