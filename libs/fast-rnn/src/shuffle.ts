import { mulberry32, shuffleInPlace, type Prng } from '@cf/core';

/**
 * The order of training windows for each epoch: one generator seeded once per fit, a fresh Fisher-Yates
 * permutation of 0..count-1 per epoch, so a seed reproduces every epoch's batches (the same permutations
 * as the stock path's shuffle).
 */
export class EpochShuffler {
  private readonly random: Prng;
  private readonly order: Int32Array;

  constructor(count: number, seed: number) {
    this.random = mulberry32(seed);
    this.order = new Int32Array(count);
  }

  /** The next epoch's order (the same array, reshuffled from the identity). */
  next(): Int32Array {
    for (let i = 0; i < this.order.length; i++) this.order[i] = i;
    return shuffleInPlace(this.order, this.random);
  }
}
