/** Options of {@link minimizeNelderMead}. */
export interface NelderMeadOptions {
  /** Initial simplex: `x0` and `x0 + step[i] e_i`. Default 0.5 in every coordinate. */
  readonly step?: readonly number[];
  /** Converged when the spread of function values over the simplex is below this. Default 1e-10. */
  readonly valueTolerance?: number;
  /** ... and every vertex is within this distance (max norm) of the best one. Default 1e-7. */
  readonly pointTolerance?: number;
  /** Budget of function evaluations over all restarts. Default 5000. */
  readonly maxEvaluations?: number;
  /** Restarts from the best point with a fresh simplex after convergence (guards against a collapsed simplex). Default 2. */
  readonly restarts?: number;
}

/** The outcome of {@link minimizeNelderMead}. */
export interface NelderMeadResult {
  readonly x: number[];
  readonly value: number;
  readonly evaluations: number;
  /** False when the evaluation budget ran out before the tolerances were met. */
  readonly converged: boolean;
}

/**
 * Minimizes `f` over R^n by the Nelder-Mead simplex method with the standard coefficients (reflection 1,
 * expansion 2, contraction ½, shrink ½; Lagarias et al. 1998), restarting from the best point until a
 * restart no longer improves by more than `valueTolerance`. Non-finite values count as +∞, so `f` may
 * refuse a point by returning NaN or Infinity. Deterministic: the same inputs give the same result.
 *
 * @example
 * minimizeNelderMead(([x, y]) => (x - 1) ** 2 + 10 * (y + 2) ** 2, [0, 0]).x; // ≈ [1, -2]
 */
export function minimizeNelderMead(
  f: (x: readonly number[]) => number,
  x0: readonly number[],
  options: NelderMeadOptions = {},
): NelderMeadResult {
  const n = x0.length;
  const step = options.step ?? x0.map(() => 0.5);
  const valueTolerance = options.valueTolerance ?? 1e-10;
  const pointTolerance = options.pointTolerance ?? 1e-7;
  const maxEvaluations = options.maxEvaluations ?? 5000;
  const restarts = options.restarts ?? 2;
  let evaluations = 0;
  const evaluate = (x: readonly number[]): number => {
    evaluations += 1;
    const value = f(x);
    return Number.isFinite(value) ? value : Infinity;
  };

  let best = { x: [...x0], value: evaluate(x0) };
  let converged = false;
  for (let round = 0; round <= restarts; round++) {
    const points: number[][] = [best.x];
    const values: number[] = [best.value];
    for (let i = 0; i < n; i++) {
      const p = [...best.x];
      p[i] += step[i];
      points.push(p);
      values.push(evaluate(p));
    }
    converged = false;
    while (evaluations < maxEvaluations) {
      const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b] || a - b);
      const sortedPoints = order.map((i) => points[i]);
      const sortedValues = order.map((i) => values[i]);
      for (let i = 0; i <= n; i++) {
        points[i] = sortedPoints[i];
        values[i] = sortedValues[i];
      }
      if (isConverged(points, values, valueTolerance, pointTolerance)) {
        converged = true;
        break;
      }
      const centroid = new Array<number>(n).fill(0);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) centroid[j] += points[i][j] / n;
      const along = (t: number): number[] => centroid.map((c, j) => c + t * (points[n][j] - c));
      const reflected = along(-1);
      const fr = evaluate(reflected);
      if (fr < values[0]) {
        const expanded = along(-2);
        const fe = evaluate(expanded);
        [points[n], values[n]] = fe < fr ? [expanded, fe] : [reflected, fr];
      } else if (fr < values[n - 1]) {
        [points[n], values[n]] = [reflected, fr];
      } else {
        const outside = fr < values[n];
        const contracted = along(outside ? -0.5 : 0.5);
        const fc = evaluate(contracted);
        if (outside ? fc <= fr : fc < values[n]) {
          [points[n], values[n]] = [contracted, fc];
        } else {
          for (let i = 1; i <= n; i++) {
            points[i] = points[i].map((v, j) => points[0][j] + 0.5 * (v - points[0][j]));
            values[i] = evaluate(points[i]);
          }
        }
      }
    }
    const roundBest = values.indexOf(Math.min(...values));
    const improvement = best.value - values[roundBest];
    best = { x: points[roundBest], value: values[roundBest] };
    if (!converged || (round > 0 && improvement <= valueTolerance)) break;
  }
  return { x: best.x, value: best.value, evaluations, converged };
}

function isConverged(
  points: readonly number[][],
  values: readonly number[],
  valueTolerance: number,
  pointTolerance: number,
): boolean {
  if (values[values.length - 1] - values[0] > valueTolerance) return false;
  for (let i = 1; i < points.length; i++) {
    for (let j = 0; j < points[0].length; j++) {
      if (Math.abs(points[i][j] - points[0][j]) > pointTolerance) return false;
    }
  }
  return true;
}
