import { mulberry32, nextSeed, seededPermutation } from './prng';

// Reference: the published mulberry32 (Tommy Ettinger / bryc), written the way it usually circulates.
function referenceMulberry32(a: number): () => number {
  return () => {
    let t = (a += 0x6d2b79f5);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('mulberry32', () => {
  it('matches the reference implementation and is uniform on [0, 1)', () => {
    const ours = mulberry32(12345);
    const reference = referenceMulberry32(12345);

    const draws = Array.from({ length: 10_000 }, () => ours());

    draws.slice(0, 1000).forEach((v) => expect(v).toBe(reference()));
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(1);
    // mean of 10k uniforms: 0.5 with standard error 0.0029; 0.01 is more than 3 standard errors
    expect(Math.abs(draws.reduce((s, v) => s + v, 0) / draws.length - 0.5)).toBeLessThan(0.01);
  });

  it('draws integer seeds in [0, 2^31 - 1)', () => {
    const next = mulberry32(1);

    const seeds = Array.from({ length: 100 }, () => nextSeed(next));

    seeds.forEach((s) => expect(Number.isInteger(s) && s >= 0 && s < 2147483647).toBe(true));
    expect(new Set(seeds).size).toBe(100);
  });
});

describe('seededPermutation', () => {
  it('is a permutation, the same for the same seed, different for another', () => {
    const a = seededPermutation(50, mulberry32(3));
    const b = seededPermutation(50, mulberry32(3));
    const c = seededPermutation(50, mulberry32(4));

    expect(Array.from(a).sort((p, q) => p - q)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });
});
