import { VolatilityError } from './errors';

/** The outcome of {@link ordinaryLeastSquares}. */
export interface LeastSquaresFit {
  /** β minimizing `Σ (y_i - rows_i · β)²`, one per column. */
  readonly coefficients: number[];
  /** `y_i - rows_i · β`. */
  readonly residuals: number[];
}

/**
 * Ordinary least squares by Householder QR of the design matrix (numerically stable, no normal equations).
 * `rows[i]` holds the regressors of observation i (include a column of ones for an intercept). Throws
 * `VOLATILITY_DEGENERATE` when the columns are (numerically) linearly dependent or there are fewer rows than
 * columns.
 *
 * @example
 * ordinaryLeastSquares([[1, 0], [1, 1], [1, 2]], [1, 3, 5]).coefficients; // [1, 2]
 */
export function ordinaryLeastSquares(
  rows: readonly (readonly number[])[],
  y: readonly number[],
): LeastSquaresFit {
  const n = rows.length;
  const p = n === 0 ? 0 : rows[0].length;
  if (y.length !== n || rows.some((r) => r.length !== p) || n < p || p === 0) {
    throw new VolatilityError(
      'VOLATILITY_DEGENERATE',
      `least squares needs as many targets as rows, equal row lengths and rows >= columns; got ${n} rows of ${p}, ${y.length} targets`,
    );
  }
  const columns = Array.from({ length: p }, (_, j) => Float64Array.from(rows, (r) => r[j]));
  const qty = Float64Array.from(y);
  const diagonal = new Float64Array(p);
  // A column whose part orthogonal to the earlier ones is tiny against its own size is dependent on them.
  const originalNorms = columns.map((c) => Math.sqrt(c.reduce((sum, v) => sum + v * v, 0)));
  for (let j = 0; j < p; j++) {
    const a = columns[j];
    let norm = 0;
    for (let i = j; i < n; i++) norm += a[i] * a[i];
    norm = Math.sqrt(norm);
    const alpha = a[j] > 0 ? -norm : norm;
    diagonal[j] = alpha;
    if (norm === 0 || norm <= 1e-10 * originalNorms[j]) {
      throw new VolatilityError(
        'VOLATILITY_DEGENERATE',
        `regressor column ${j} is linearly dependent on the others`,
      );
    }
    // Householder vector v = a[j..] - alpha e_1, stored in place of a[j..].
    a[j] -= alpha;
    let vv = 0;
    for (let i = j; i < n; i++) vv += a[i] * a[i];
    const reflect = (target: Float64Array): void => {
      let dot = 0;
      for (let i = j; i < n; i++) dot += a[i] * target[i];
      const scale = (2 * dot) / vv;
      for (let i = j; i < n; i++) target[i] -= scale * a[i];
    };
    for (let k = j + 1; k < p; k++) reflect(columns[k]);
    reflect(qty);
  }
  const coefficients = new Array<number>(p).fill(0);
  for (let j = p - 1; j >= 0; j--) {
    let sum = qty[j];
    for (let k = j + 1; k < p; k++) sum -= columns[k][j] * coefficients[k];
    coefficients[j] = sum / diagonal[j];
  }
  const residuals = y.map((target, i) => target - rows[i].reduce((s, x, j) => s + x * coefficients[j], 0));
  return { coefficients, residuals };
}
