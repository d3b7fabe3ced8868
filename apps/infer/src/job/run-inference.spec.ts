import { parseScalers } from '@cf/features';
import { daysBetween, FORECAST_CSV_COLUMNS, type Candle, type Forecast } from '@cf/ohlcv';
import { copyModelVersion, modelKinds } from '@cf/model';
import {
  getJson,
  latestPredictionKey,
  listAll,
  modelPrefix,
  predictionKey,
  type ObjectStore,
} from '@cf/storage';
import { makeTempStore } from '@cf/storage/testing';
import { captureLogger } from '@cf/service/testing';
import { ModelTooOldError, NoForecastsError } from '../errors';
import {
  copyModel,
  makeTempDir,
  sampleCandles,
  storeDigest,
  writeDataset,
  writeModelFixture,
  type ModelFixture,
} from '../test-support/model-fixture';
import { referenceForecast } from '../test-support/reference-forecast';
import { createVersionCache } from './version-cache';
import type { MissingSymbol } from './inference-report';
import { runInference, type InProcessDeps } from './run-inference';

// Tests run on the tfjs wasm backend (tfjs-node cannot be installed offline).
jest.setTimeout(60_000);

const CLOCK = new Date('2024-02-12T06:00:00.000Z');
const cleanups: (() => Promise<void>)[] = [];
let modelStore: ObjectStore;
let model: ModelFixture;

beforeAll(async () => {
  const temp = await makeTempStore();
  const dir = await makeTempDir();
  cleanups.push(temp.cleanup, dir.cleanup);
  modelStore = temp.store;
  // Trained through 2024-02-01, ten days before the data's last day, so the model-age rule has days to judge.
  model = await writeModelFixture(modelStore, dir.dir, { cutoff: '2024-02-01' });
});

afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

/** A fresh store with the tiny model promoted and real datasets for BTC, ETH and BNB. */
async function storeWithData(datasets: Record<string, readonly Candle[]> = {}): Promise<ObjectStore> {
  const { store, cleanup } = await makeTempStore();
  cleanups.push(cleanup);
  await copyModel(modelStore, modelPrefix('latest'), store, modelPrefix('latest'));
  const all = {
    BTC: sampleCandles('BTC'),
    ETH: sampleCandles('ETH'),
    BNB: sampleCandles('BNB'),
    ...datasets,
  };
  for (const [symbol, candles] of Object.entries(all)) await writeDataset(store, symbol, candles);
  return store;
}

const kinds = modelKinds();

async function deps(store: ObjectStore, clock: Date = CLOCK, cache = createVersionCache()) {
  const { logger, lines } = captureLogger();
  const value: InProcessDeps = { store, clock: () => clock, logger, kinds, versionCache: cache };
  return { deps: value, lines };
}

async function keys(store: ObjectStore, prefix: string): Promise<string[]> {
  return (await listAll(store, prefix)).map((o) => o.key);
}

describe('runInference (in-process)', () => {
  it('publishes dated and latest forecasts matching an independent computation, and lists missing symbols', async () => {
    const store = await storeWithData({ SOL: sampleCandles('SOL').slice(-10) });
    const { deps: d } = await deps(store);

    const report = await runInference(d, { symbols: ['BTC', 'ETH', 'BNB', 'SOL', 'XRP'] });

    expect(report.mode).toBe('in-process');
    expect(report.forecasts.map((f) => f.symbol)).toEqual(['BTC', 'ETH', 'BNB']);
    for (const symbol of ['BTC', 'ETH', 'BNB']) {
      const forecast = await getJson<Forecast>(store, predictionKey('2024-02-11', symbol, 'json'));
      const reference = await referenceForecast(
        model.modelDir,
        sampleCandles(symbol),
        model.metadata.historyDays,
      );
      expect(forecast).toMatchObject({
        symbol,
        lastObservedDate: '2024-02-11',
        lastClose: reference.lastClose,
        generatedAt: CLOCK.toISOString(),
        modelVersion: model.metadata.version,
        model: 'lstm/scale-free',
        modelTrainedThrough: model.metadata.data.trainedThrough,
        horizon: 3,
      });
      forecast!.steps.forEach((step, k) => {
        // Same model and float32 inputs through stock tfjs: the fast forward kernels equal tfjs within 1e-5 of the
        // scaled output, so returns agree within 1e-6 and closes within 5e-6 relative.
        expect(step.targetDate).toBe(['2024-02-12', '2024-02-13', '2024-02-14'][k]);
        expect(Math.abs(step.predictedReturn - reference.returns[k])).toBeLessThanOrEqual(1e-6);
        expect(Math.abs(step.predictedClose / reference.closes[k] - 1)).toBeLessThanOrEqual(5e-6);
      });
      expect(await getJson(store, latestPredictionKey(`${symbol}.json`))).toEqual(forecast);
      const csv = (await store.get(predictionKey('2024-02-11', symbol, 'csv')))!.toString();
      expect(csv.split('\n')[0]).toBe(FORECAST_CSV_COLUMNS.join(','));
      expect(csv.trimEnd().split('\n')).toHaveLength(1 + 3);
    }
    expect(await keys(store, 'predictions/latest/')).toEqual(
      [
        'BNB.csv',
        'BNB.json',
        'BTC.csv',
        'BTC.json',
        'ETH.csv',
        'ETH.json',
        'latest_all.csv',
        'latest_all.json',
        'missing_symbols.json',
      ].map((name) => `predictions/latest/${name}`),
    );
    const all = await getJson<Forecast[]>(store, latestPredictionKey('latest_all.json'));
    expect(all!.map((f) => f.symbol)).toEqual(['BNB', 'BTC', 'ETH']);
    const allCsv = (await store.get(latestPredictionKey('latest_all.csv')))!.toString().trimEnd().split('\n');
    expect(allCsv[0]).toBe(FORECAST_CSV_COLUMNS.join(','));
    expect(allCsv.slice(1).map((line) => line.split(',')[0])).toEqual([
      'BNB',
      'BNB',
      'BNB',
      'BTC',
      'BTC',
      'BTC',
      'ETH',
      'ETH',
      'ETH',
    ]);
    const missing = await getJson<MissingSymbol[]>(store, latestPredictionKey('missing_symbols.json'));
    expect(missing).toEqual([
      expect.objectContaining({ symbol: 'SOL', code: 'MODEL_INSUFFICIENT_DATA', needed: 22, available: 10 }),
      {
        symbol: 'XRP',
        code: 'INFER_NO_DATASET',
        reason: 'no processed dataset at processed/daily/symbol=XRP/ohlcv.csv',
      },
    ]);
    expect(missing![0].reason).toMatch(/need at least 22 rows, got 10/);
  });

  it('is idempotent: a second run with the same model and data leaves every object byte-for-byte as it was', async () => {
    const store = await storeWithData();
    await runInference((await deps(store)).deps, { symbols: ['BTC', 'ETH'] });
    const before = await storeDigest(store);

    const later = new Date(CLOCK.getTime() + 3 * 3600_000);
    const again = await runInference((await deps(store, later)).deps, { symbols: ['BTC', 'ETH'] });

    expect(await storeDigest(store)).toEqual(before);
    expect(again.written).toEqual([]);
    expect(again.unchanged).toHaveLength(4 * 2 + 3);
    // generatedAt keeps saying when the forecast was first made.
    expect(again.forecasts.map((f) => f.generatedAt)).toEqual([CLOCK.toISOString(), CLOCK.toISOString()]);
  });

  it('adds the next dated prediction when a new day of data arrives, keeping the earlier one', async () => {
    const store = await storeWithData({ BTC: sampleCandles('BTC', { to: '2024-02-10' }) });
    await runInference((await deps(store, new Date('2024-02-11T06:00:00Z'))).deps, { symbols: ['BTC'] });
    const first = await store.get(predictionKey('2024-02-10', 'BTC', 'json'));
    await writeDataset(store, 'BTC', sampleCandles('BTC'));

    const report = await runInference((await deps(store)).deps, { symbols: ['BTC'] });

    expect(await store.get(predictionKey('2024-02-10', 'BTC', 'json'))).toEqual(first);
    expect(report.forecasts[0]).toMatchObject({
      lastObservedDate: '2024-02-11',
      generatedAt: CLOCK.toISOString(),
    });
    expect(await getJson<Forecast>(store, latestPredictionKey('BTC.json'))).toMatchObject({
      lastObservedDate: '2024-02-11',
    });
  });

  it('refuses to publish with a model older than MAX_MODEL_AGE_DAYS, naming both dates, and publishes within it', async () => {
    const store = await storeWithData();
    const { deps: d } = await deps(store);
    const trainedThrough = model.metadata.data.trainedThrough;
    const age = daysBetween(trainedThrough, '2024-02-12');
    expect(age).toBeGreaterThan(1);

    const refused = runInference(d, { symbols: ['BTC'], maxModelAgeDays: age - 1 });

    await expect(refused).rejects.toBeInstanceOf(ModelTooOldError);
    await expect(refused).rejects.toThrow(
      `trained through ${trainedThrough}, which is more than MAX_MODEL_AGE_DAYS=${age - 1} days before today (2024-02-12)`,
    );
    expect(await keys(store, 'predictions/')).toEqual([]);
    await expect(runInference(d, { symbols: ['BTC'], maxModelAgeDays: age })).resolves.toMatchObject({
      forecasts: [expect.anything()],
    });
  });

  it('flags and logs latest features outside the training distribution, and still publishes the forecast', async () => {
    const btc = sampleCandles('BTC');
    const last = btc[btc.length - 1];
    const spike = { ...last, close: last.close * 3, high: last.close * 3 };
    const store = await storeWithData({ BTC: [...btc.slice(0, -1), spike] });
    const { deps: d, lines } = await deps(store);

    const report = await runInference(d, { symbols: ['BTC', 'ETH'], oodZLimit: 4 });

    const [flagged, calm] = report.forecasts;
    const logReturn = Math.log(spike.close / btc[btc.length - 2].close);
    const scalers = parseScalers((await modelStore.get('models/latest/scaler.json'))!.toString());
    const f = scalers.features.names.indexOf('log_return');
    const expectedZ = (logReturn - scalers.features.mean[f]) / scalers.features.std[f];
    const flag = flagged.outOfDistribution.find((o) => o.feature === 'log_return');
    expect(flag).toBeDefined();
    expect(Math.abs(flag!.zScore - expectedZ)).toBeLessThanOrEqual(1e-9 * Math.abs(expectedZ));
    expect(flag!.limit).toBe(4);
    expect(flagged.outOfDistribution.every((o) => Math.abs(o.zScore) > 4)).toBe(true);
    expect(calm.outOfDistribution).toEqual([]);
    const csv = (await store.get(latestPredictionKey('BTC.csv')))!.toString().split('\n')[1];
    expect(csv.split(',').pop()).toContain('log_return');
    expect(
      lines().some((l) => l.level === 'warn' && l.symbol === 'BTC' && Array.isArray(l.outOfDistribution)),
    ).toBe(true);
  });

  it('removes a symbol from latest/ when it can no longer be forecast, and says why', async () => {
    const store = await storeWithData();
    await runInference((await deps(store)).deps, { symbols: ['BTC', 'ETH'] });
    await writeDataset(store, 'BTC', sampleCandles('BTC').slice(-5));

    const report = await runInference((await deps(store)).deps, { symbols: ['BTC', 'ETH'] });

    expect(report.deleted).toEqual(['predictions/latest/BTC.json', 'predictions/latest/BTC.csv']);
    expect(
      (await getJson<Forecast[]>(store, latestPredictionKey('latest_all.json')))!.map((f) => f.symbol),
    ).toEqual(['ETH']);
    expect(await getJson<MissingSymbol[]>(store, latestPredictionKey('missing_symbols.json'))).toEqual([
      expect.objectContaining({ symbol: 'BTC', needed: 22, available: 5 }),
    ]);
    expect(await store.head(predictionKey('2024-02-11', 'BTC', 'json'))).toBeDefined();
  });

  it('keeps the forecasts of symbols a partial run did not cover in latest_all', async () => {
    const store = await storeWithData();
    await runInference((await deps(store)).deps, { symbols: ['BTC', 'ETH'] });

    await runInference((await deps(store)).deps, { symbols: ['BNB'] });

    expect(
      (await getJson<Forecast[]>(store, latestPredictionKey('latest_all.json')))!.map((f) => f.symbol),
    ).toEqual(['BNB', 'BTC', 'ETH']);
  });

  it('publishes nothing and says why for every symbol when none can be forecast', async () => {
    const store = await storeWithData();

    const run = runInference((await deps(store)).deps, { symbols: ['XRP', 'SOL'] });

    await expect(run).rejects.toBeInstanceOf(NoForecastsError);
    await expect(run).rejects.toMatchObject({
      kind: 'not-found',
      message: expect.stringMatching(/XRP: no processed dataset.*SOL: no processed dataset/),
    });
    expect(await keys(store, 'predictions/')).toEqual([]);
  });

  it('keeps the model loaded between runs and reloads it when a promotion changes metadata.json', async () => {
    const store = await storeWithData();
    const cache = createVersionCache();
    const first = await runInference((await deps(store, CLOCK, cache)).deps, { symbols: ['BTC'] });
    const [loaded, again] = await Promise.all([
      cache.obtain(store, modelPrefix('latest'), model.metadata.version, kinds),
      cache.obtain(store, modelPrefix('latest'), model.metadata.version, kinds),
    ]);
    expect(again).toBe(loaded);
    const promotedDir = await makeTempDir();
    cleanups.push(promotedDir.cleanup);
    const promoted = await writeModelFixture(store, promotedDir.dir, {
      model: 'ridge',
      at: new Date('2024-02-12T01:00:00Z'),
      storeVersion: 'ridge-v2',
    });
    await copyModelVersion(store, modelPrefix('ridge-v2'), modelPrefix('latest'));

    const second = await runInference((await deps(store, CLOCK, cache)).deps, { symbols: ['BTC'] });

    expect(first.modelVersion).toBe(model.metadata.version);
    expect(second.modelVersion).toBe(promoted.metadata.version);
    expect(second.forecasts[0]).toMatchObject({ modelVersion: promoted.metadata.version, model: 'ridge' });
    expect(second.forecasts[0].steps[0].predictedReturn).not.toBe(
      first.forecasts[0].steps[0].predictedReturn,
    );
    // The replaced version was disposed: it cannot forecast any more.
    await expect(
      loaded.forecaster.predict([{ symbol: 'BTC', candles: sampleCandles('BTC') }]),
    ).rejects.toThrow(/predict before fit or after dispose/);
    cache.clear();
  });

  it('fails with MODEL_NOT_FOUND, naming the key, when no model is promoted yet', async () => {
    const store = await storeWithData();
    await store.delete('models/latest/metadata.json');

    const run = runInference((await deps(store)).deps, { symbols: ['BTC'] });

    await expect(run).rejects.toMatchObject({
      code: 'MODEL_NOT_FOUND',
      kind: 'not-found',
      message: expect.stringContaining('models/latest/metadata.json'),
    });
    expect(await keys(store, 'predictions/')).toEqual([]);
  });

  it('forecasts with a named model version', async () => {
    const store = await storeWithData();
    await copyModel(modelStore, modelPrefix('latest'), store, modelPrefix('named-v1'));
    await store.delete('models/latest/metadata.json');

    const report = await runInference((await deps(store)).deps, {
      symbols: ['ETH'],
      modelVersion: 'named-v1',
    });

    expect(report.forecasts[0].modelVersion).toBe(model.metadata.version);
  });
});
