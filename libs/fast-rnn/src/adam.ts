import type { AdamStep } from './network';

/** tfjs's Adam defaults (`tf.train.adam(learningRate)`: epsilon is the float32 backend's 1e-7). */
export const ADAM_DEFAULTS = { beta1: 0.9, beta2: 0.999, epsilon: 1e-7 } as const;

/**
 * The per-step scalars of Adam, kept as tfjs's AdamOptimizer keeps them: accumulated powers of beta as
 * float32 variables starting at beta, multiplied by beta after every step, used as 1 - beta^t.
 */
export class AdamSchedule {
  private accBeta1: number;
  private accBeta2: number;

  constructor(
    private readonly learningRate: number,
    private readonly beta1: number = ADAM_DEFAULTS.beta1,
    private readonly beta2: number = ADAM_DEFAULTS.beta2,
    private readonly epsilon: number = ADAM_DEFAULTS.epsilon,
  ) {
    this.accBeta1 = Math.fround(beta1);
    this.accBeta2 = Math.fround(beta2);
  }

  /** The scalars of the next step, then advances the accumulated powers. */
  next(): AdamStep {
    const step: AdamStep = {
      learningRate: this.learningRate,
      beta1: this.beta1,
      beta2: this.beta2,
      epsilon: this.epsilon,
      oneMinusAccBeta1: Math.fround(1 - this.accBeta1),
      oneMinusAccBeta2: Math.fround(1 - this.accBeta2),
    };
    this.accBeta1 = Math.fround(this.accBeta1 * Math.fround(this.beta1));
    this.accBeta2 = Math.fround(this.accBeta2 * Math.fround(this.beta2));
    return step;
  }
}
