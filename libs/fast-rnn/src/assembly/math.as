// Addressing and activations shared by every kernel. Offsets are in floats into the imported memory.
// tanh: the rational approximation Eigen and XNNPACK use (error ~1e-7 on [-9, 9], exactly ±1 beyond);
// exp: Cephes' expf (range reduction by ln 2, degree-5 polynomial, scaling by 2^n). The vector forms clamp
// with pmin/pmax (one instruction each; f32x4.min/max must propagate NaN and order ±0, which costs a
// sequence) with the input first, so a NaN input still comes out NaN.

// Activation codes (../program.ts); 0 is linear, the default branch below.
export const RELU: i32 = 1;
export const TANH: i32 = 2;
export const SIGMOID: i32 = 3;
export const HARD_SIGMOID: i32 = 4;

@inline export function addr(offset: i32): usize {
  return (<usize>offset) << 2;
}

@inline export function ldf(offset: i32): f32 {
  return load<f32>(addr(offset));
}

@inline export function stf(offset: i32, value: f32): void {
  store<f32>(addr(offset), value);
}

/**
 * a·b + c on four lanes: one fused multiply-add where the module is built with relaxed SIMD (the FMA
 * build, see build.mjs), else a multiply then an add (the products and sums of the baseline build).
 */
@inline export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

@inline export function tanhf(x: f32): f32 {
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

@inline export function expf(x: f32): f32 {
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

@inline export function sigmoidf(x: f32): f32 {
  return 1.0 / (1.0 + expf(-x));
}

@inline export function tanh4(x: v128): v128 {
  const v = f32x4.pmax(f32x4.pmin(x, f32x4.splat(9.0)), f32x4.splat(-9.0));
  const x2 = f32x4.mul(v, v);
  let p = f32x4.splat(-2.76076847742355e-16);
  p = madd(p, x2, f32x4.splat(2.00018790482477e-13));
  p = madd(p, x2, f32x4.splat(-8.60467152213735e-11));
  p = madd(p, x2, f32x4.splat(5.12229709037114e-8));
  p = madd(p, x2, f32x4.splat(1.48572235717979e-5));
  p = madd(p, x2, f32x4.splat(6.37261928875436e-4));
  p = madd(p, x2, f32x4.splat(4.89352455891786e-3));
  p = f32x4.mul(p, v);
  let q = f32x4.splat(1.19825839466702e-6);
  q = madd(q, x2, f32x4.splat(1.18534705686654e-4));
  q = madd(q, x2, f32x4.splat(2.268434632439e-3));
  q = madd(q, x2, f32x4.splat(4.89352518554385e-3));
  return f32x4.div(p, q);
}

@inline export function exp4(x: v128): v128 {
  const v = f32x4.pmax(f32x4.pmin(x, f32x4.splat(88.3762626647949)), f32x4.splat(-87.3365447505531));
  const n = f32x4.floor(madd(v, f32x4.splat(1.44269504088896341), f32x4.splat(0.5)));
  const r = f32x4.add(f32x4.sub(v, f32x4.mul(n, f32x4.splat(0.693359375))), f32x4.mul(n, f32x4.splat(2.1219444e-4)));
  let y = f32x4.splat(1.98756915e-4);
  y = madd(y, r, f32x4.splat(1.3981999507e-3));
  y = madd(y, r, f32x4.splat(8.3334519073e-3));
  y = madd(y, r, f32x4.splat(4.1665795894e-2));
  y = madd(y, r, f32x4.splat(1.6666665459e-1));
  y = madd(y, r, f32x4.splat(5.0000001201e-1));
  y = f32x4.add(madd(f32x4.mul(y, r), r, r), f32x4.splat(1.0));
  // n is an integer in [-126, 128] here, so the exact conversion needs no saturation fix-ups.
  const scale = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(n), i32x4.splat(127)), 23);
  return f32x4.mul(y, scale);
}

@inline export function sigmoid4(x: v128): v128 {
  return f32x4.div(f32x4.splat(1.0), f32x4.add(f32x4.splat(1.0), exp4(f32x4.neg(x))));
}

/** A gate activation (sigmoid or hardSigmoid, the only two the fast path accepts) on four lanes. */
@inline export function gate4(act: i32, x: v128): v128 {
  if (act == SIGMOID) return sigmoid4(x);
  const y = f32x4.add(f32x4.mul(x, f32x4.splat(0.2)), f32x4.splat(0.5));
  return f32x4.pmax(f32x4.pmin(y, f32x4.splat(1.0)), f32x4.splat(0.0));
}

/** The derivative of a gate activation on four lanes, from its output y. */
@inline export function gateDerivative4(act: i32, y: v128): v128 {
  if (act == SIGMOID) return f32x4.mul(y, f32x4.sub(f32x4.splat(1.0), y));
  const inside = v128.and(f32x4.gt(y, f32x4.splat(0.0)), f32x4.lt(y, f32x4.splat(1.0)));
  return v128.and(inside, f32x4.splat(0.2));
}

@inline export function activate1(act: i32, x: f32): f32 {
  if (act == RELU) return x > 0 ? x : 0;
  if (act == TANH) return tanhf(x);
  if (act == SIGMOID) return sigmoidf(x);
  if (act == HARD_SIGMOID) return min<f32>(max<f32>(0.2 * x + 0.5, 0.0), 1.0);
  return x;
}

@inline export function derivative1(act: i32, y: f32): f32 {
  if (act == RELU) return y > 0 ? 1 : 0;
  if (act == TANH) return 1.0 - y * y;
  if (act == SIGMOID) return y * (1.0 - y);
  if (act == HARD_SIGMOID) return y > 0 && y < 1 ? 0.2 : 0;
  return 1.0;
}
