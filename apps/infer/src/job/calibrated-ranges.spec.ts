// Ranges published at the calibrated levels of the recipe's calibration state (kept by the monitor), the same
// in-process and through a real endpoint (a local `serve` reached by the real SageMaker runtime client).
import { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import {
  absorbTargetDay,
  calibratedLevels,
  createCalibrationState,
  type CalibrationState,
} from '@cf/forecasting';
import { loadVersionForecaster, modelKinds, writeCalibration } from '@cf/model';
import { addDays, QUANTILE_LEVELS, type Forecast } from '@cf/ohlcv';
import { captureLogger } from '@cf/service/testing';
import { LATEST_MODEL_VERSION, modelPrefix, type ObjectStore } from '@cf/storage';
import { makeTempStore } from '@cf/storage/testing';
import { startTestEndpoint } from '../test-support/endpoint-server';
import { makeTempDir, sampleCandles, writeDataset, writeModelFixture } from '../test-support/model-fixture';
import { sagemakerEndpoint } from './remote-endpoint';
import { runInference } from './run-inference';
import { createVersionCache } from './version-cache';

const MODEL = 'persistence+garch';
const CLOCK = () => new Date('2024-02-12T06:00:00.000Z');
const SYMBOLS = ['BTC', 'ETH'];

/** A state that has seen BTC's closes land above every published quantile for 60 days: its levels moved up. */
function surprisedState(horizon: number): CalibrationState {
  let state = createCalibrationState(MODEL, horizon);
  const issued = QUANTILE_LEVELS.map((p) => (p - 0.5) / 10);
  for (let day = 0; day < 60; day++) {
    const target = addDays('2023-12-01', day);
    const outcomes = Array.from({ length: horizon }, (_, h) => ({
      symbol: 'BTC',
      horizonDay: h + 1,
      target,
      outcome: 0.2,
      issued,
    }));
    state = absorbTargetDay(state, target, outcomes);
  }
  return state;
}

describe('calibrated ranges', () => {
  const cleanups: (() => Promise<void>)[] = [];
  let store: ObjectStore;
  let endpointUrl: string;
  let horizon: number;

  beforeAll(async () => {
    const temp = await makeTempStore();
    const dir = await makeTempDir();
    cleanups.push(temp.cleanup, dir.cleanup);
    store = temp.store;
    const { modelDir, metadata } = await writeModelFixture(store, dir.dir, {
      model: MODEL,
      from: '2022-06-01',
    });
    horizon = metadata.horizon;
    for (const symbol of SYMBOLS) await writeDataset(store, symbol, sampleCandles(symbol));
    const endpoint = await startTestEndpoint(modelDir, CLOCK);
    endpointUrl = endpoint.url;
    cleanups.push(() => endpoint.close());
  }, 60_000);
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  const inProcess = () =>
    runInference(
      {
        store,
        clock: CLOCK,
        logger: captureLogger().logger,
        kinds: modelKinds(),
        versionCache: createVersionCache(),
      },
      { symbols: SYMBOLS },
    );
  const q = (f: Forecast | undefined, day: number) => f?.steps[day].quantiles?.map((x) => x.close);

  it('reads the quantiles at the calibrated levels, in-process and through the endpoint alike', async () => {
    // prepare
    const before = await inProcess();
    const state = surprisedState(horizon);
    await writeCalibration(store, state);
    const client = new SageMakerRuntimeClient({
      endpoint: endpointUrl,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret' },
    });
    cleanups.push(async () => client.destroy());

    // act
    const after = await inProcess();
    const remote = await runInference(
      { store, clock: CLOCK, logger: captureLogger().logger, endpoint: sagemakerEndpoint(client, 'infer') },
      { symbols: SYMBOLS },
    );

    // assert: BTC's ranges moved up by exactly the model's quantiles at the calibrated levels; ETH's did not
    const btc = (r: { readonly forecasts: readonly Forecast[] }) =>
      r.forecasts.find((f) => f.symbol === 'BTC');
    const eth = (r: { readonly forecasts: readonly Forecast[] }) =>
      r.forecasts.find((f) => f.symbol === 'ETH');
    expect(q(btc(after), 0)![0]).toBeGreaterThan(q(btc(before), 0)![0]);
    expect(q(eth(after), 0)).toEqual(q(eth(before), 0));
    const loaded = await loadVersionForecaster(store, modelPrefix(LATEST_MODEL_VERSION), modelKinds());
    const candles = sampleCandles('BTC').slice(-loaded.metadata.historyDays);
    const [expected] = await loaded.forecaster.predict([
      { symbol: 'BTC', candles, levels: calibratedLevels(state, 'BTC') },
    ]);
    const lastClose = candles[candles.length - 1].close;
    expect(q(btc(after), 0)).toEqual(
      expected.logReturnQuantiles!.map((byDay) => lastClose * Math.exp(byDay[0])),
    );
    const numbers = (fs: readonly Forecast[]) => fs.map(({ generatedAt: _g, ...rest }) => rest);
    expect(numbers(remote.forecasts)).toEqual(numbers(after.forecasts));
    loaded.forecaster.dispose();
  });
});
