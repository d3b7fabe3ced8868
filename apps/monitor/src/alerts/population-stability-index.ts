/** Smallest share a bin is given, so an empty bin does not make the index infinite. */
export const PSI_EPSILON = 1e-4;

/** Bins fixed on a reference sample: upper edges at its quantiles, and its share in each bin. */
export interface PsiBinning {
  readonly edges: readonly number[];
  readonly expected: readonly number[];
}

/**
 * Bins at the reference's quantiles: bin k holds the values up to the `ceil(k n / bins)`-th smallest
 * reference value (the last bin everything above); repeated quantiles merge bins.
 */
export function psiBinning(reference: readonly number[], bins: number): PsiBinning {
  if (reference.length === 0) throw new Error('PSI needs reference values');
  const sorted = [...reference].sort((a, b) => a - b);
  const edges: number[] = [];
  for (let k = 1; k < bins; k++) {
    const edge = sorted[Math.ceil((k * sorted.length) / bins) - 1];
    if (edges.length === 0 || edge > edges[edges.length - 1]) edges.push(edge);
  }
  return { edges, expected: shares(sorted, edges) };
}

/** `sum((r - e) * ln(r / e))` over the bins, shares floored at `PSI_EPSILON`. */
export function psiAgainst(binning: PsiBinning, values: readonly number[]): number {
  if (values.length === 0) throw new Error('PSI needs values to compare');
  const actual = shares(values, binning.edges);
  let psi = 0;
  for (let b = 0; b < actual.length; b++) {
    psi += (actual[b] - binning.expected[b]) * Math.log(actual[b] / binning.expected[b]);
  }
  return psi;
}

/**
 * Population stability index of `recent` against `reference` with `bins` quantile bins of the reference.
 * 0 means the same distribution; by the usual rule of thumb above 0.1 a moderate, above 0.25 a large shift.
 */
export function populationStabilityIndex(
  reference: readonly number[],
  recent: readonly number[],
  bins: number,
): number {
  return psiAgainst(psiBinning(reference, bins), recent);
}

function shares(values: readonly number[], edges: readonly number[]): number[] {
  const counts = new Array<number>(edges.length + 1).fill(0);
  for (const value of values) {
    let bin = 0;
    while (bin < edges.length && value > edges[bin]) bin++;
    counts[bin]++;
  }
  return counts.map((c) => Math.max(c / values.length, PSI_EPSILON));
}
