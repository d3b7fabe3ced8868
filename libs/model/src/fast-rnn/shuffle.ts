/**
 * mulberry32: a small seeded 32-bit generator of uniform numbers in [0, 1); the same seed gives the same
 * sequence everywhere.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The order of training windows for each epoch: one generator seeded once per fit, a fresh Fisher-Yates
 * permutation of 0..count-1 per epoch, so a seed reproduces every epoch's batches.
 */
export class EpochShuffler {
  private readonly random: () => number;
  private readonly order: Int32Array;

  constructor(count: number, seed: number) {
    this.random = seededRandom(seed);
    this.order = new Int32Array(count);
  }

  /** The next epoch's order (the same array, reshuffled from the identity). */
  next(): Int32Array {
    const order = this.order;
    for (let i = 0; i < order.length; i++) order[i] = i;
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(this.random() * (i + 1));
      const tmp = order[i];
      order[i] = order[j];
      order[j] = tmp;
    }
    return order;
  }
}
