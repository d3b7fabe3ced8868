import { checkProbability } from './checks';
import { chiSquareSurvival } from './chi-square';
import { MetricsError } from './errors';

/** A likelihood-ratio coverage test: its statistic and its chi-square p-value. */
export interface CoverageTestResult {
  /** The likelihood-ratio statistic `-2 ln(L0 / L1)`, >= 0. */
  readonly statistic: number;
  /** `P(χ²(degreesOfFreedom) > statistic)`: small values reject the null. */
  readonly pValue: number;
  /** Degrees of freedom of the chi-square reference distribution. */
  readonly degreesOfFreedom: number;
}

/** {@link kupiecTest}'s outcome: the test and the counts it was computed from. */
export interface KupiecResult extends CoverageTestResult {
  /** Number of outcomes. */
  readonly n: number;
  /** Outcomes outside their range (failures, VaR exceptions). */
  readonly misses: number;
  /** The realized coverage `(n - misses) / n`. */
  readonly observedCoverage: number;
}

/** Transition counts of the miss indicator `I_t` (1 = outside): `nij` counts `I_{t-1} = i, I_t = j`. */
export interface MissTransitions {
  readonly n00: number;
  readonly n01: number;
  readonly n10: number;
  readonly n11: number;
}

/** {@link christoffersenTest}'s outcome. */
export interface ChristoffersenResult {
  /** LR_ind: misses independent over time (first-order Markov alternative), χ²(1). */
  readonly independence: CoverageTestResult;
  /** LR_cc = LR_pof + LR_ind: right coverage and independence together, χ²(2). */
  readonly conditionalCoverage: CoverageTestResult;
  /** The transition counts LR_ind is computed from (n - 1 transitions). */
  readonly transitions: MissTransitions;
}

function checkHits(hits: readonly boolean[], minimum: number): void {
  if (hits.length < minimum) {
    throw new MetricsError(
      hits.length === 0 ? 'METRICS_EMPTY_INPUT' : 'METRICS_TOO_SHORT',
      `the coverage test needs at least ${minimum} outcomes, got ${hits.length}`,
    );
  }
  hits.forEach((h, i) => {
    if (typeof h !== 'boolean') {
      throw new MetricsError('METRICS_INVALID_ARGUMENT', `hits[${i}] is ${String(h)}, not a boolean`);
    }
  });
}

/** `k ln p + (n - k) ln(1 - p)` with the convention `0 ln 0 = 0`: a Bernoulli log-likelihood. */
function bernoulliLogLikelihood(k: number, n: number, p: number): number {
  const term = (count: number, prob: number): number => (count === 0 ? 0 : count * Math.log(prob));
  return term(k, p) + term(n - k, 1 - p);
}

function likelihoodRatio(
  restricted: number,
  unrestricted: number,
  degreesOfFreedom: number,
): CoverageTestResult {
  const statistic = Math.max(0, 2 * (unrestricted - restricted));
  return { statistic, pValue: chiSquareSurvival(statistic, degreesOfFreedom), degreesOfFreedom };
}

/**
 * Kupiec's (1995) proportion-of-failures test that a range (or one-sided quantile) has its nominal coverage:
 * `LR_pof = -2 ln[(1 - p)^(n-x) p^x / ((1 - x/n)^(n-x) (x/n)^x)]` with `x` misses out of `n` and `p = 1 - c`
 * the nominal miss rate, asymptotically χ²(1). `hits[i]` is true when outcome i fell inside its range
 * (see `rangeHits`); the test is symmetric in hits and misses.
 *
 * @example
 * kupiecTest(hits, 0.9).pValue < 0.05; // coverage significantly different from 90 %
 */
export function kupiecTest(hits: readonly boolean[], nominalCoverage: number): KupiecResult {
  checkHits(hits, 1);
  checkProbability('nominalCoverage', nominalCoverage);
  const n = hits.length;
  const misses = hits.filter((h) => !h).length;
  const missRate = 1 - nominalCoverage;
  const test = likelihoodRatio(
    bernoulliLogLikelihood(misses, n, missRate),
    bernoulliLogLikelihood(misses, n, misses / n),
    1,
  );
  return { ...test, n, misses, observedCoverage: (n - misses) / n };
}

/**
 * Christoffersen's (1998) tests on the miss sequence `I_t = !hits[t]`:
 * - independence: `LR_ind = -2 ln[(1 - π)^(n00+n10) π^(n01+n11) / ((1 - π01)^n00 π01^n01 (1 - π11)^n10 π11^n11)]`
 *   with `π01 = n01 / (n00 + n01)`, `π11 = n11 / (n10 + n11)`, `π = (n01 + n11) / (n - 1)`, χ²(1);
 * - conditional coverage: `LR_cc = LR_pof + LR_ind` (Kupiec's statistic on all n outcomes plus LR_ind on the
 *   n - 1 transitions, as usually computed), χ²(2).
 * Needs at least 2 outcomes. Empty transition rows contribute nothing (`0 ln 0 = 0`).
 */
export function christoffersenTest(hits: readonly boolean[], nominalCoverage: number): ChristoffersenResult {
  checkHits(hits, 2);
  const pof = kupiecTest(hits, nominalCoverage);
  let n00 = 0;
  let n01 = 0;
  let n10 = 0;
  let n11 = 0;
  for (let t = 1; t < hits.length; t++) {
    const before = !hits[t - 1];
    const now = !hits[t];
    if (!before && !now) n00 += 1;
    else if (!before && now) n01 += 1;
    else if (before && !now) n10 += 1;
    else n11 += 1;
  }
  const transitions = n00 + n01 + n10 + n11;
  const pooled = bernoulliLogLikelihood(n01 + n11, transitions, (n01 + n11) / transitions);
  const markov =
    (n00 + n01 === 0 ? 0 : bernoulliLogLikelihood(n01, n00 + n01, n01 / (n00 + n01))) +
    (n10 + n11 === 0 ? 0 : bernoulliLogLikelihood(n11, n10 + n11, n11 / (n10 + n11)));
  const independence = likelihoodRatio(pooled, markov, 1);
  const statistic = pof.statistic + independence.statistic;
  return {
    independence,
    conditionalCoverage: { statistic, pValue: chiSquareSurvival(statistic, 2), degreesOfFreedom: 2 },
    transitions: { n00, n01, n10, n11 },
  };
}
