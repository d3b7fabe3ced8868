/**
 * Solves `(G + lambda I) B = C` for symmetric positive semi-definite `G` (d x d, row-major) and `C` (d x k) by
 * Cholesky decomposition, in float64. `lambda > 0` makes the system positive definite; a pivot that is not
 * positive (lambda 0 and a singular G) throws.
 */
export function solveRidge(
  gram: Float64Array,
  rhs: Float64Array,
  d: number,
  k: number,
  lambda: number,
): Float64Array {
  const l = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = gram[i * d + j] + (i === j ? lambda : 0);
      for (let p = 0; p < j; p++) sum -= l[i * d + p] * l[j * d + p];
      if (i === j) {
        if (!(sum > 0)) throw new RangeError(`matrix is not positive definite at pivot ${i} (${sum})`);
        l[i * d + i] = Math.sqrt(sum);
      } else {
        l[i * d + j] = sum / l[j * d + j];
      }
    }
  }
  const out = new Float64Array(d * k);
  const z = new Float64Array(d);
  for (let c = 0; c < k; c++) {
    for (let i = 0; i < d; i++) {
      let sum = rhs[i * k + c];
      for (let p = 0; p < i; p++) sum -= l[i * d + p] * z[p];
      z[i] = sum / l[i * d + i];
    }
    for (let i = d - 1; i >= 0; i--) {
      let sum = z[i];
      for (let p = i + 1; p < d; p++) sum -= l[p * d + i] * out[p * k + c];
      out[i * k + c] = sum / l[i * d + i];
    }
  }
  return out;
}

/** `XᵀX` (d x d) and `XᵀY` (d x k) of row-major `x` (n x d) and `y` (n x k), accumulated in float64. */
export function normalEquations(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  n: number,
  d: number,
  k: number,
): { gram: Float64Array; rhs: Float64Array } {
  const gram = new Float64Array(d * d);
  const rhs = new Float64Array(d * k);
  const row = new Float64Array(d);
  for (let r = 0; r < n; r++) {
    for (let i = 0; i < d; i++) row[i] = x[r * d + i];
    for (let i = 0; i < d; i++) {
      const xi = row[i];
      if (xi === 0) continue;
      for (let j = 0; j <= i; j++) gram[i * d + j] += xi * row[j];
      for (let c = 0; c < k; c++) rhs[i * k + c] += xi * y[r * k + c];
    }
  }
  for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) gram[j * d + i] = gram[i * d + j];
  return { gram, rhs };
}

/** `X B` for row-major `x` (n x d) and `b` (d x k). */
export function multiply(
  x: ArrayLike<number>,
  b: ArrayLike<number>,
  n: number,
  d: number,
  k: number,
): Float64Array {
  const out = new Float64Array(n * k);
  for (let r = 0; r < n; r++) {
    for (let i = 0; i < d; i++) {
      const xi = x[r * d + i];
      if (xi === 0) continue;
      for (let c = 0; c < k; c++) out[r * k + c] += xi * b[i * k + c];
    }
  }
  return out;
}
