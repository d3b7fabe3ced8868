import { ordinaryLeastSquares } from './ols';

/** The normal equations X'X b = X'y solved by Gaussian elimination with partial pivoting (a second method). */
function normalEquations(rows: number[][], y: number[]): number[] {
  const p = rows[0].length;
  const a = Array.from({ length: p }, (_, i) =>
    Array.from({ length: p + 1 }, (_, j) =>
      j < p ? rows.reduce((s, r) => s + r[i] * r[j], 0) : rows.reduce((s, r, k) => s + r[i] * y[k], 0),
    ),
  );
  for (let c = 0; c < p; c++) {
    const pivot = a
      .slice(c)
      .reduce((best, row, i) => (Math.abs(row[c]) > Math.abs(a[best][c]) ? i + c : best), c);
    [a[c], a[pivot]] = [a[pivot], a[c]];
    for (let r = c + 1; r < p; r++) {
      const f = a[r][c] / a[c][c];
      for (let j = c; j <= p; j++) a[r][j] -= f * a[c][j];
    }
  }
  const b = Array(p).fill(0);
  for (let i = p - 1; i >= 0; i--) {
    b[i] = (a[i][p] - a[i].slice(i + 1, p).reduce((s, v, j) => s + v * b[i + 1 + j], 0)) / a[i][i];
  }
  return b;
}

describe('ordinaryLeastSquares', () => {
  it('recovers an exact linear relation', () => {
    const rows = [
      [1, 0, 2],
      [1, 1, -1],
      [1, 2, 0.5],
      [1, 3, 4],
      [1, 5, 1],
    ];
    const y = rows.map(([, a, b]) => 1.5 + 2 * a - 0.75 * b);

    const { coefficients, residuals } = ordinaryLeastSquares(rows, y);

    expect(coefficients.map((c) => +c.toFixed(12))).toEqual([1.5, 2, -0.75]);
    residuals.forEach((e) => expect(Math.abs(e)).toBeLessThan(1e-12));
  });

  it('agrees with the normal equations on noisy data and leaves residuals orthogonal to every column', () => {
    const rows = Array.from({ length: 60 }, (_, i) => [
      1,
      Math.sin(i),
      Math.cos(i * 0.3) * 1e-3,
      (i % 7) * 1e-4,
    ]);
    const y = rows.map((r, i) => 2e-4 + 0.5 * r[1] - 30 * r[2] + 4 * r[3] + 1e-3 * Math.sin(i * 12.9898));

    const { coefficients, residuals } = ordinaryLeastSquares(rows, y);
    const reference = normalEquations(rows, y);

    coefficients.forEach((c, j) =>
      expect(Math.abs(c - reference[j])).toBeLessThan(1e-9 * Math.max(1, Math.abs(c))),
    );
    for (let j = 0; j < 4; j++) {
      const dot = rows.reduce((s, r, i) => s + r[j] * residuals[i], 0);
      expect(Math.abs(dot)).toBeLessThan(1e-14);
    }
  });

  it('refuses dependent columns and too few rows', () => {
    const rows = [
      [1, 2, 4],
      [1, 3, 6],
      [1, 5, 10],
      [1, 7, 14],
    ];
    expect(() => ordinaryLeastSquares(rows, [1, 2, 3, 4])).toThrow(/column 2 is linearly dependent/);
    expect(() => ordinaryLeastSquares([[1, 2]], [1])).toThrow(/rows >= columns/);
  });
});
