import { initTfBackend, loadForecaster, forecastFromCandles, ModelNotFoundError } from '@cf/model';
import { addDays } from '@cf/ohlcv';
import { LATEST_MODEL_VERSION, listAll, modelPrefix, type ObjectStore } from '@cf/storage';
import { makeTempStore } from '@cf/storage/testing';
import { captureLogger } from '@cf/service/testing';
import {
  copyPrefix,
  storeFailingOnWrite,
  tickingClock,
  trainTinyVersion,
  writeDerivedVersion,
  writeSampleDatasets,
} from '../testing/model-fixtures';
import { createMarketData } from '../data/market-data';
import { findPromotedMetadata } from './model-catalog';
import { promoteModel } from './promote-model';
import type { PromotionDeps } from './promotion-deps';
import { listPromotionRecords } from './promotion-record';
import { rollbackModel } from './rollback-model';

// Tests run on the tfjs wasm backend. GOOD is a tiny real model (trainForecaster, 2 epochs); BAD is GOOD
// with its output bias moved by +3 target standard deviations (every daily return far too high).
const GOOD = 'good-v1';
const BAD = 'bad-v1';

describe('promoteModel and rollbackModel', () => {
  let source: ObjectStore;
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    const temp = await makeTempStore();
    cleanups.push(temp.cleanup);
    source = temp.store;
    await writeSampleDatasets(source);
    const trained = await trainTinyVersion(source, captureLogger().logger, '2024-02-12T00:00:00Z');
    await writeDerivedVersion(source, trained.version, GOOD, {});
    await writeDerivedVersion(source, trained.version, BAD, { shift: 3 });
  }, 60_000);
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  async function freshStore(): Promise<ObjectStore> {
    const temp = await makeTempStore();
    cleanups.push(temp.cleanup);
    for (const prefix of ['processed/', modelPrefix(GOOD), modelPrefix(BAD)])
      await copyPrefix(source, temp.store, prefix);
    return temp.store;
  }

  function depsFor(store: ObjectStore, maxRatioToPersistence = 1.0): PromotionDeps {
    return {
      store,
      clock: tickingClock('2024-02-12T06:00:00Z'),
      logger: captureLogger().logger,
      tf: async () => (await initTfBackend()).tf,
      promotion: { maxRatioToPersistence, driftLookbackDays: 30 },
    };
  }

  async function latestFilesEqual(store: ObjectStore, version: string): Promise<boolean> {
    const files = await listAll(store, modelPrefix(version));
    for (const { key } of files) {
      const file = key.slice(modelPrefix(version).length);
      const copy = await store.get(`${modelPrefix(LATEST_MODEL_VERSION)}${file}`);
      if (copy === undefined || !copy.equals((await store.get(key))!)) return false;
    }
    return files.length > 0;
  }

  it('promotes the first candidate and scores it exactly as forecasts from truncated candles would', async () => {
    // prepare
    const store = await freshStore();
    const deps = depsFor(store);
    // act
    const { record } = await promoteModel(deps, GOOD);

    // assert
    expect(record).toMatchObject({
      kind: 'promotion',
      version: GOOD,
      status: 'promoted',
      promote: true,
      previousVersion: null,
    });
    expect(record.reasons[0]).toBe('nothing is promoted yet');
    expect((await findPromotedMetadata(store))?.version).toBe(GOOD);
    expect(await latestFilesEqual(store, GOOD)).toBe(true);
    // independent check: forecast each origin with forecastFromCandles on the candles known then
    const { tf } = await initTfBackend();
    const forecaster = await loadForecaster(tf, store, modelPrefix(GOOD));
    const market = createMarketData(store);
    const test = forecaster.metadata.split.test;
    let modelSum = 0;
    let persistenceSum = 0;
    let points = 0;
    for (const symbol of ['BTC', 'ETH']) {
      const candles = (await market.candles(symbol))!;
      for (let origin = test.from; origin <= test.to; origin = addDays(origin, 1)) {
        const end = candles.findIndex((c) => c.date === origin);
        const forecast = forecastFromCandles(forecaster, candles.slice(0, end + 1), {
          generatedAt: '2024-02-12T00:00:00Z',
        });
        for (const step of forecast.steps) {
          const actual = candles[end + step.horizonDay].close;
          modelSum += Math.abs(step.predictedClose - actual) / forecast.lastClose;
          persistenceSum += Math.abs(forecast.lastClose - actual) / forecast.lastClose;
          points++;
        }
      }
    }
    forecaster.dispose();
    expect(record.scores?.points).toBe(points);
    expect(Math.abs(record.ratioToPersistence! - modelSum / persistenceSum)).toBeLessThan(1e-9);
    expect(record.beatsPersistence).toBe(modelSum < persistenceSum);
  }, 60_000);

  it('refuses a worse candidate and leaves models/latest/ untouched', async () => {
    // prepare
    const store = await freshStore();
    const deps = depsFor(store, 5);
    await promoteModel(deps, GOOD);
    const before = await store.get(`${modelPrefix(LATEST_MODEL_VERSION)}metadata.json`);

    // act
    const { record } = await promoteModel(deps, BAD);

    // assert
    expect(record).toMatchObject({ version: BAD, status: 'refused', promote: false, previousVersion: GOOD });
    const [candidate, current] = record.scores!.models;
    expect(candidate.overall.ratioToPersistence.model!).toBeGreaterThan(
      current.overall.ratioToPersistence.model!,
    );
    expect(candidate.overall.n).toBe(current.overall.n);
    expect(record.reasons[0]).toMatch(/not better/);
    expect(record.currentModelOverlap).toEqual({ trainedThrough: expect.any(String), overlapsWindow: false });
    expect((await store.get(`${modelPrefix(LATEST_MODEL_VERSION)}metadata.json`))!.equals(before!)).toBe(
      true,
    );
  }, 60_000);

  it('promotes a better candidate only within the ratio limit', async () => {
    // prepare: BAD is promoted first (nothing was), then GOOD competes with it
    const store = await freshStore();
    await promoteModel(depsFor(store), BAD);

    // act
    const strict = await promoteModel(depsFor(store, 0.5), GOOD);
    const lenient = await promoteModel(depsFor(store, 2), GOOD);

    // assert
    expect(strict.record.status).toBe('refused');
    expect(strict.record.reasons[0]).toMatch(/better/);
    expect(strict.record.reasons[1]).toMatch(/> limit 0\.5000/);
    expect(lenient.record).toMatchObject({ status: 'promoted', previousVersion: BAD });
    expect((await findPromotedMetadata(store))?.version).toBe(GOOD);
  }, 60_000);

  it('leaves models/latest/ without metadata.json when promotion crashes part-way, and a re-run completes it', async () => {
    // prepare: BAD promoted; the promotion of GOOD fails on its second write into models/latest/
    const store = await freshStore();
    await promoteModel(depsFor(store), BAD);
    const failing = storeFailingOnWrite(store, modelPrefix(LATEST_MODEL_VERSION), 2);

    // act
    await expect(promoteModel({ ...depsFor(failing, 2), store: failing }, GOOD)).rejects.toThrow(
      /injected failure/,
    );

    // assert: no mixed model is visible; readers see "no model promoted"
    expect(await findPromotedMetadata(store)).toBeUndefined();
    const { tf } = await initTfBackend();
    await expect(loadForecaster(tf, store, modelPrefix(LATEST_MODEL_VERSION))).rejects.toBeInstanceOf(
      ModelNotFoundError,
    );
    const interrupted = await listPromotionRecords(store);
    expect(interrupted[interrupted.length - 1].record).toMatchObject({ version: GOOD, status: 'promoting' });

    // act: re-run
    const { record } = await promoteModel(depsFor(store, 2), GOOD);

    // assert: completed, not re-decided against an empty latest/
    const records = await listPromotionRecords(store);
    expect(records.map((r) => [r.record.version, r.record.status])).toEqual([
      [BAD, 'promoted'],
      [GOOD, 'promoted'],
      [GOOD, 'refused'],
    ]);
    expect(records[1].record.resumedAt).toEqual(expect.any(String));
    expect(record.reasons).toEqual([`${GOOD} is already the promoted version`]);
    expect(await latestFilesEqual(store, GOOD)).toBe(true);
  }, 60_000);

  it('rolls back to the previously promoted version without the beat check', async () => {
    // prepare
    const store = await freshStore();
    await promoteModel(depsFor(store), BAD);
    await promoteModel(depsFor(store, 2), GOOD);

    // act
    const { record } = await rollbackModel(depsFor(store));

    // assert
    expect(record).toMatchObject({
      kind: 'rollback',
      version: BAD,
      previousVersion: GOOD,
      status: 'promoted',
      rule: null,
    });
    expect(record.beatsPersistence).toBe(false);
    expect(await latestFilesEqual(store, BAD)).toBe(true);
  }, 60_000);

  it('refuses a rollback when only one version was ever promoted, and unknown versions', async () => {
    // prepare
    const store = await freshStore();
    await promoteModel(depsFor(store), GOOD);

    // act + assert
    await expect(rollbackModel(depsFor(store))).rejects.toMatchObject({
      code: 'MONITOR_NOTHING_TO_ROLL_BACK',
      kind: 'conflict',
    });
    await expect(promoteModel(depsFor(store), 'no-such-version')).rejects.toMatchObject({
      code: 'MONITOR_MODEL_NOT_FOUND',
    });
    await expect(promoteModel(depsFor(store), '../etc')).rejects.toMatchObject({
      code: 'MONITOR_INVALID_ARGUMENT',
    });
  }, 60_000);
});
