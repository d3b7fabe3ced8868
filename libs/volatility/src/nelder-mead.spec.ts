import { minimizeNelderMead } from './nelder-mead';

describe('minimizeNelderMead', () => {
  it('finds the minimum of the Rosenbrock function from (-1.2, 1)', () => {
    const rosenbrock = ([x, y]: readonly number[]): number => 100 * (y - x * x) ** 2 + (1 - x) ** 2;

    const result = minimizeNelderMead(rosenbrock, [-1.2, 1]);

    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 4);
    expect(result.x[1]).toBeCloseTo(1, 4);
    expect(result.value).toBeLessThan(1e-9);
  });

  it('finds the centre of a badly scaled 4-dimensional quadratic', () => {
    const target = [0.3, -2, 5, 1e-3];
    const f = (x: readonly number[]): number => x.reduce((s, v, i) => s + 10 ** i * (v - target[i]) ** 2, 0);

    const result = minimizeNelderMead(f, [0, 0, 0, 0]);

    result.x.forEach((v, i) => expect(v).toBeCloseTo(target[i], 3));
  });

  it('treats NaN and Infinity as refusals and stays in the allowed region', () => {
    const f = ([x]: readonly number[]): number => (x <= 0 ? Number.NaN : x - Math.log(x)); // minimum at x = 1

    const result = minimizeNelderMead(f, [3]);

    expect(result.x[0]).toBeCloseTo(1, 5);
  });

  it('is deterministic and reports a spent budget as not converged', () => {
    const f = ([x, y]: readonly number[]): number => (x - 1) ** 2 + (y + 2) ** 4;

    expect(minimizeNelderMead(f, [5, 5])).toEqual(minimizeNelderMead(f, [5, 5]));
    const short = minimizeNelderMead(f, [5, 5], { maxEvaluations: 10 });
    expect(short.converged).toBe(false);
    expect(short.evaluations).toBeLessThanOrEqual(13);
  });
});
