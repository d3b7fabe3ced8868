import { normalQuantile } from '@cf/metrics';
import {
  ACI_LEVEL_BOUNDS,
  aciLevels,
  createAciState,
  parseAciState,
  updateAciState,
  type AciState,
} from './aci';
import { mulberry32 } from '@cf/core';
import { normalSampler } from './test-support/simulate';

const LEVELS = [0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95];

/** Outcomes N(0, 1) for `before` days, then N(0, 2) (variance doubled). */
function regimeChange(before: number, after: number, seed: number): number[] {
  const normal = normalSampler(mulberry32(seed));
  return Array.from({ length: before + after }, (_, t) => (t < before ? 1 : Math.SQRT2) * normal());
}

describe('adaptive conformal inference', () => {
  it('brings coverage back near nominal after the variance doubles, where the fixed model stays low', () => {
    const outcomes = regimeChange(500, 2000, 42);
    let state = createAciState(LEVELS);
    let fixedInside = 0;
    let aciInside80 = 0;
    let aciInside90 = 0;
    let scored = 0;

    outcomes.forEach((y, t) => {
      // The model still believes σ = 1.
      const fixed = LEVELS.map((l) => normalQuantile(l));
      const calibrated = aciLevels(state).map((l) => normalQuantile(l));
      if (t >= 1000) {
        scored += 1;
        if (fixed[1] <= y && y <= fixed[5]) fixedInside += 1;
        if (calibrated[1] <= y && y <= calibrated[5]) aciInside80 += 1;
        if (calibrated[0] <= y && y <= calibrated[6]) aciInside90 += 1;
      }
      state = updateAciState(state, y, calibrated);
    });

    // Fixed 80 % range under σ = √2: P(|Z| < 1.2816 / √2) ≈ 0.635.
    expect(fixedInside / scored).toBeLessThan(0.68);
    expect(Math.abs(aciInside80 / scored - 0.8)).toBeLessThan(0.03);
    expect(Math.abs(aciInside90 / scored - 0.9)).toBeLessThan(0.03);
    expect(state.updates).toBe(2500);
  });

  it('moves each level by γ (τ - hit): down after an outcome at or below the quantile, up otherwise', () => {
    const state = createAciState([0.1, 0.9], { gamma: 0.01 });

    const next = updateAciState(state, 0, [-1, 0]); // above the 0.1 quantile, at the 0.9 quantile

    expect(next.adjusted[0]).toBeCloseTo(0.1 + 0.01 * 0.1, 15);
    expect(next.adjusted[1]).toBeCloseTo(0.9 + 0.01 * (0.9 - 1), 15);
    expect(next.levels).toEqual([0.1, 0.9]);
    expect(state.adjusted).toEqual([0.1, 0.9]); // the input state is not changed
  });

  it('replays bit for bit: the same outcomes from a stored (JSON) state give the same state', () => {
    const outcomes = regimeChange(100, 300, 7);
    const run = (from: AciState, ys: number[]): AciState =>
      ys.reduce(
        (s, y) =>
          updateAciState(
            s,
            y,
            aciLevels(s).map((l) => normalQuantile(l)),
          ),
        from,
      );

    const straight = run(createAciState(LEVELS), outcomes);
    const halfway = run(createAciState(LEVELS), outcomes.slice(0, 150));
    const stored = JSON.stringify(halfway);
    const resumed = run(parseAciState(JSON.parse(stored)), outcomes.slice(150));

    expect(JSON.stringify(resumed)).toBe(JSON.stringify(straight));
    resumed.adjusted.forEach((v, k) => expect(Object.is(v, straight.adjusted[k])).toBe(true));
  });

  it('reads clamped, sorted levels so quantiles stay finite and never cross', () => {
    const state: AciState = {
      version: 1,
      gamma: 0.05,
      levels: [0.05, 0.1, 0.9],
      adjusted: [-0.2, 0.3, 1.4],
      updates: 12,
    };

    expect(aciLevels({ ...state, adjusted: [0.2, 0.15, 1.4] })).toEqual([0.15, 0.2, ACI_LEVEL_BOUNDS[1]]);
    expect(aciLevels(state)).toEqual([ACI_LEVEL_BOUNDS[0], 0.3, ACI_LEVEL_BOUNDS[1]]);
  });

  it('refuses bad levels, step sizes, outcomes and malformed stored states, saying what is wrong', () => {
    expect(() => createAciState([0.9, 0.1])).toThrow(/levels must increase: 0.9 then 0.1/);
    expect(() => createAciState(LEVELS, { gamma: 0 })).toThrow(/gamma 0/);
    const state = createAciState([0.1, 0.9]);
    expect(() => updateAciState(state, Number.NaN, [0, 1])).toThrow(/outcome NaN/);
    expect(() => updateAciState(state, 0, [0])).toThrow(/not 2 finite numbers/);
    expect(() => parseAciState({ ...state, version: 2 })).toThrow(/unknown version/);
    expect(() => parseAciState({ ...state, adjusted: [0.1] })).toThrow(/equal length/);
    expect(() => parseAciState(null)).toThrow(/not an object/);
  });
});
