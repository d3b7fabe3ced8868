/** A seeded generator of uniform numbers in [0, 1). */
export type Prng = () => number;

/**
 * mulberry32: a tiny, fast 32-bit seeded PRNG, good enough for shuffles and initial seeds (not for
 * cryptography). The same seed always gives the same sequence, on every platform.
 *
 * @example
 * const next = mulberry32(42);
 * const a = next(); // always the same first value for seed 42
 */
export function mulberry32(seed: number): Prng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A uniform integer in [0, 2^31 - 1) drawn from `next`, e.g. to seed a tfjs initializer. */
export function nextSeed(next: Prng): number {
  return Math.floor(next() * 2147483647);
}

/** Fisher-Yates shuffle of `values` in place, driven by `next`; returns `values`. */
export function shuffleInPlace<T extends { length: number; [index: number]: number }>(
  values: T,
  next: Prng,
): T {
  for (let i = values.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    const tmp = values[i];
    values[i] = values[j];
    values[j] = tmp;
  }
  return values;
}

/** The indices 0..n-1 in an order drawn from `next` (a seeded permutation). */
export function seededPermutation(n: number, next: Prng): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return shuffleInPlace(out, next);
}
