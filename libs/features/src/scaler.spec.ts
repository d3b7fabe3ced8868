import { fitScaler, flagOutOfDistribution, scaleInPlace, scaleRow, unscaleValues } from './scaler';
import { expectFeaturesError } from './test-support/sample-candles';

describe('standard scaler', () => {
  it('fits the mean and population std per column; a constant column gets std 1', () => {
    // column a: mean 3, squared deviations 4 + 1 + 0 + 9 = 14, population variance 14 / 4
    const rows = [
      [1, 10, 0.1],
      [2, 10, 0.1],
      [3, 10, 0.1],
      [6, 10, 0.1],
    ];

    const params = fitScaler(rows, ['a', 'b', 'c']);

    expect(params.names).toEqual(['a', 'b', 'c']);
    expect(params.mean[0]).toBe(3);
    expect(params.mean[1]).toBe(10);
    expect(params.mean[2]).toBeCloseTo(0.1, 15);
    expect(params.std[0]).toBeCloseTo(Math.sqrt(14 / 4), 15);
    // 0.1 summed four times is not exactly 0.4, so its variance is float noise: treated as constant too
    expect(params.std.slice(1)).toEqual([1, 1]);
    expect(scaleRow([6, 10, 0.1], params)[0]).toBeCloseTo(3 / Math.sqrt(3.5), 15);
  });

  it('scales interleaved float32 data like scaleRow per row, and unscaleValues inverts it (tol 1e-6)', () => {
    const rows = Array.from({ length: 50 }, (_, i) => [Math.sin(i) * 100 + 3e4, Math.cos(i) * 0.02, i % 7]);
    const params = fitScaler(rows, ['price', 'ret', 'weekday']);
    const data = Float32Array.from(rows.flat());

    scaleInPlace(data, params);

    // the reference scales the float32-rounded inputs; what remains is rounding the result to float32
    const expected = rows.flatMap((row) => scaleRow(Array.from(Float32Array.from(row)), params));
    data.forEach((v, i) => expect(Math.abs(v - expected[i])).toBeLessThan(1e-6));
    const back = unscaleValues(data, params);
    back.forEach((v, i) =>
      expect(Math.abs(v - rows.flat()[i])).toBeLessThan(1e-6 * Math.max(1, Math.abs(rows.flat()[i]))),
    );
  });

  it('refuses to fit on nothing, ragged rows or non-finite values, and to scale partial rows', () => {
    const params = fitScaler([[1, 2]], ['a', 'b']);

    expectFeaturesError(
      () => fitScaler([], ['a']),
      'FEATURES_NOT_ENOUGH_DATA',
      /no rows to fit a scaler of a/,
    );
    expectFeaturesError(
      () => fitScaler([[1, 2], [3]], ['a', 'b']),
      'FEATURES_MISMATCH',
      /row 1 has 1 values for 2 columns/,
    );
    expectFeaturesError(
      () => fitScaler([[1, NaN]], ['a', 'b']),
      'FEATURES_NON_FINITE',
      /row 0, column b is NaN/,
    );
    expectFeaturesError(
      () => scaleInPlace(new Float32Array(3), params),
      'FEATURES_MISMATCH',
      /3 values are not whole rows of 2 columns/,
    );
    expectFeaturesError(() => scaleRow([1], params), 'FEATURES_MISMATCH', /row of 1 values for 2 columns/);
  });

  it('flags the features of a row that lie beyond the limit in training standard deviations', () => {
    const params = { names: ['a', 'b', 'c'], mean: [0, 10, 5], std: [1, 2, 1] };

    const flags = flagOutOfDistribution([4.5, 11, NaN], params, 4);

    expect(flags).toEqual([
      { feature: 'a', zScore: 4.5, limit: 4 },
      { feature: 'c', zScore: NaN, limit: 4 },
    ]);
  });
});
