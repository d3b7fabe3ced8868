import { PSI_EPSILON, populationStabilityIndex, psiBinning } from './population-stability-index';

describe('populationStabilityIndex', () => {
  const reference = Array.from({ length: 100 }, (_, i) => i);

  it('bins at the reference quantiles', () => {
    // act
    const binning = psiBinning(reference, 4);
    // assert: edges are the 25th, 50th and 75th smallest values
    expect(binning.edges).toEqual([24, 49, 74]);
    expect(binning.expected).toEqual([0.25, 0.25, 0.25, 0.25]);
  });

  it('is 0 for the same distribution and matches the formula worked by hand for a shift', () => {
    // prepare: every recent value in the first bin
    const recent = [0, 5, 10, 24];
    const e = PSI_EPSILON;
    const expected = (1 - 0.25) * Math.log(1 / 0.25) + 3 * (e - 0.25) * Math.log(e / 0.25);

    // act + assert
    expect(populationStabilityIndex(reference, reference, 4)).toBe(0);
    expect(populationStabilityIndex(reference, recent, 4)).toBeCloseTo(expected, 12);
    // 0.75 ln 4 + 3 (1e-4 - 0.25) ln(1e-4 / 0.25) = 1.0397 + 5.8657
    expect(expected).toBeCloseTo(6.9054, 4);
  });

  it('merges bins when quantiles repeat', () => {
    // prepare: a reference that is mostly one value
    const lumpy = [...new Array<number>(90).fill(1), ...Array.from({ length: 10 }, (_, i) => 2 + i)];
    // act
    const binning = psiBinning(lumpy, 10);
    // assert
    expect(binning.edges).toEqual([1]);
    expect(binning.expected).toEqual([0.9, 0.1]);
  });
});
