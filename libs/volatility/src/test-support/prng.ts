// A local copy of the repository's seeded PRNG (libs/model/src/training/prng.ts), for tests only.
// To be replaced by @cf/core's mulberry32 once that pure library exists.

/** A seeded generator of uniform numbers in [0, 1). */
export type Prng = () => number;

/** mulberry32: a tiny 32-bit seeded PRNG; the same seed gives the same sequence on every platform. */
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
