import { dieboldMariano } from './diebold-mariano';
import { pinballDieboldMariano } from './pinball-diebold-mariano';
import { pinballLoss } from './pinball';

describe('pinballDieboldMariano', () => {
  it('is the Diebold-Mariano test on the per-origin mean pinball losses (hand-computed losses)', () => {
    const levels = [0.1, 0.9];
    const actuals = [0, 3, -2, 1, 5, -4];
    const narrow = actuals.map(() => [-1, 1]);
    const wide = actuals.map(() => [-4, 4]);
    const loss = (y: number, q: number[]): number =>
      (pinballLoss(y, q[0], 0.1) + pinballLoss(y, q[1], 0.9)) / 2;

    const result = pinballDieboldMariano(actuals, narrow, wide, levels, 2);
    const reference = dieboldMariano(
      actuals.map((y, i) => loss(y, narrow[i])),
      actuals.map((y, i) => loss(y, wide[i])),
      2,
    );

    expect(result).toEqual(reference);
    expect(loss(5, [-1, 1])).toBeCloseTo(0.9 * 4 * 0.5 + 0.1 * 6 * 0.5, 12);
  });

  it('gives a negative statistic when A has the smaller pinball loss', () => {
    const levels = [0.25, 0.5, 0.75];
    const actuals = Array.from({ length: 60 }, (_, t) => Math.sin(t * 1.3) * 2);
    const good = actuals.map(() => [-1.4, 0, 1.4]);
    const poor = actuals.map(() => [-6, 3, 6]);

    const result = pinballDieboldMariano(actuals, good, poor, levels, 1);

    expect(result.statistic).toBeLessThan(0);
    expect(result.pValue).toBeLessThan(0.01);
    expect(result.n).toBe(60);
  });
});
