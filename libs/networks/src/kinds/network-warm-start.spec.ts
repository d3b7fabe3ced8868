// A network forecaster continuing from the previous cut-off's fit, as a warm-started backtest runs it: the
// lineage of the warm weights decides whether they may be epoch 0. Tiny LSTM on two synthetic assets.
import { initTfBackend } from '@cf/fast-rnn';
import {
  DEFAULT_TRAINING_PARAMETERS,
  type CandlesBySymbol,
  type Forecaster,
  type TrainingParameters,
} from '@cf/forecasting';
import { patternCandles } from '@cf/forecasting/testing';
import type { IsoDay } from '@cf/ohlcv';
import { createNetworkModel, type TensorflowRuntime } from './network-model';

jest.setTimeout(60_000);

const PARAMS: TrainingParameters = {
  ...DEFAULT_TRAINING_PARAMETERS,
  window: 8,
  horizon: 3,
  units: [8],
  epochs: 6,
  batchSize: 32,
  learningRate: 1e-2,
  patience: 3,
  warmPatience: 1,
  seed: 3,
};
const SERIES = {
  AAA: patternCandles('AAA', '2022-01-01', 320, 11),
  BBB: patternCandles('BBB', '2022-01-01', 320, 23),
};

let runtime: TensorflowRuntime;
beforeAll(async () => {
  const { tf, name } = await initTfBackend();
  runtime = { tf, backend: name };
});

function historyAt(cutoff: IsoDay): CandlesBySymbol {
  return Object.fromEntries(Object.entries(SERIES).map(([s, c]) => [s, c.filter((k) => k.date <= cutoff)]));
}

function lstm(): Forecaster {
  return createNetworkModel(runtime, 'lstm', 'scale-free', PARAMS);
}

describe('a warm-started network forecaster', () => {
  const made: Forecaster[] = [];
  const make = (): Forecaster => {
    const f = lstm();
    made.push(f);
    return f;
  };
  afterAll(() => made.forEach((f) => f.dispose()));

  it("scores the previous cut-off's validated fit as epoch 0 and reports the epochs it added as chosen", async () => {
    const first = make();
    const next = make();
    const firstReport = await first.fit(historyAt('2022-10-01'), { cutoff: '2022-10-01' });

    const report = await next.fit(historyAt('2022-10-08'), { cutoff: '2022-10-08', warmStart: first });

    expect(firstReport.details).toMatchObject({ warmStart: false });
    expect(firstReport.details).not.toHaveProperty('startValidationLoss');
    expect(report.details).toMatchObject({ warmStart: true });
    const { startValidationLoss, bestValidationLoss, bestEpoch, epochsRun } = report.details as Record<
      string,
      number
    >;
    expect(Number.isFinite(startValidationLoss)).toBe(true);
    expect(bestValidationLoss).toBeLessThanOrEqual(startValidationLoss);
    expect(report.chosen).toEqual({ epochs: bestEpoch });
    // warmPatience 1 from epoch 0: one epoch past the best, or the budget.
    expect(epochsRun).toBe(Math.min(PARAMS.epochs, bestEpoch + 1));
    expect(await next.predict([])).toEqual([]);
  });

  it('does not score weights that descend from a refit on all the data, however many fits later', async () => {
    const refit = make();
    const next = make();
    const after = make();
    await refit.fit(historyAt('2022-10-01'), { cutoff: '2022-10-01', chosen: { epochs: 2 } });

    const nextReport = await next.fit(historyAt('2022-10-08'), { cutoff: '2022-10-08', warmStart: refit });
    const afterReport = await after.fit(historyAt('2022-10-15'), { cutoff: '2022-10-15', warmStart: next });

    for (const report of [nextReport, afterReport]) {
      expect(report.details).toMatchObject({ warmStart: true });
      expect(report.details).not.toHaveProperty('startValidationLoss');
      expect((report.details as { bestEpoch: number }).bestEpoch).toBeGreaterThan(0);
    }
  });
});
