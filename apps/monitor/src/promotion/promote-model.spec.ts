// Promotion through the gate on real model versions (trainModel) over synthetic markets whose right answer is
// known: ridge reads the pattern and beats persistence by far; the pessimist (a registered test kind that
// forecasts a 2% fall every day) is clearly worse than persistence; drift is about as good as persistence.
import * as path from 'node:path';
import { patternCandles } from '@cf/forecasting/testing';
import {
  loadVersionForecaster,
  ModelNotFoundError,
  readModelMetadata,
  type TrainResult,
  findPromotedMetadata,
} from '@cf/model';
import { LATEST_MODEL_VERSION, listAll, modelPrefix, type ObjectStore } from '@cf/storage';
import { makeTempStore, startScriptProcess } from '@cf/storage/testing';
import { captureLogger } from '@cf/service/testing';
import { writeDatasets } from '../testing/fixtures';
import {
  copyPrefix,
  storeFailingOnWrite,
  testKinds,
  tickingClock,
  trainTinyVersion,
} from '../testing/model-fixtures';
import type { PromotionProcessConfig } from '../testing/promotion-process';
import { promoteModel } from './promote-model';
import type { PromotionDeps } from './promotion-deps';
import { listPromotionRecords, type PromotionRecord } from './promotion-record';
import { rollbackModel } from './rollback-model';

// 2022-01-01 .. 2023-02-04
const DAYS = 400;
const PARAMETERS = { symbols: ['AAA', 'BBB'], evaluationDays: 56, evaluationRefitEvery: 28 };
const PROMOTER = path.join(__dirname, '..', 'testing', 'promotion-process.ts');

describe('promoteModel and rollbackModel', () => {
  let source: ObjectStore;
  let pessimist: TrainResult;
  let ridge: TrainResult;
  let olderRidge: TrainResult;
  let drift: TrainResult;
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    const temp = await makeTempStore();
    cleanups.push(temp.cleanup);
    source = temp.store;
    await writeDatasets(source, [
      patternCandles('AAA', '2022-01-01', DAYS, 11),
      patternCandles('BBB', '2022-01-01', DAYS, 23),
    ]);
    const { logger } = captureLogger();
    const train = (model: string, at: string, cutoff?: string) =>
      trainTinyVersion(source, logger, at, {
        model,
        parameters: PARAMETERS,
        ...(cutoff === undefined ? {} : { cutoff }),
      });
    pessimist = await train('pessimist', '2023-02-05T01:00:00Z');
    ridge = await train('ridge', '2023-02-05T02:00:00Z');
    olderRidge = await train('ridge', '2023-01-22T02:00:00Z', '2023-01-21');
    drift = await train('drift', '2023-02-05T03:00:00Z');
  }, 60_000);
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  async function freshStore(): Promise<{ store: ObjectStore; dir: string }> {
    const temp = await makeTempStore();
    cleanups.push(temp.cleanup);
    await copyPrefix(source, temp.store, 'processed/');
    await copyPrefix(source, temp.store, 'models/');
    return { store: temp.store, dir: temp.dir };
  }

  // One clock per test, shared by every call, so that each decision gets its own record key.
  let clock: () => Date;
  beforeEach(() => {
    clock = tickingClock('2023-02-05T06:00:00Z');
  });
  function depsFor(store: ObjectStore, maxRatioToPersistence = 1.0): PromotionDeps {
    return {
      store,
      clock,
      logger: captureLogger().logger,
      kinds: testKinds(),
      promotion: { maxRatioToPersistence, significance: 0.05 },
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

  it('refuses a first candidate worse than persistence and puts a persistence champion live instead', async () => {
    // prepare
    const { store } = await freshStore();

    // act
    const { record, champion } = await promoteModel(depsFor(store), pessimist.version);

    // assert: the pessimist is refused on its held-out origins
    expect(record).toMatchObject({
      kind: 'promotion',
      version: pessimist.version,
      model: 'pessimist',
      status: 'refused',
      promote: false,
      previousVersion: null,
      checks: { withinLimit: false, notSignificantlyWorse: false, betterThanLive: null },
      beatsPersistence: false,
    });
    expect(record.ratioToPersistence).toBeGreaterThan(1.1);
    expect(record.reasons[0]).toBe('nothing is promoted yet: the candidate must still pass the gate');
    expect(record.reasons[1]).toMatch(
      /^pessimist ratio to persistence \d+\.\d{4} > limit 1\.0000 on 112 held-out forecasts$/,
    );
    expect(record.reasons[2]).toMatch(/significantly worse \(p < 0\.05\)$/);
    // assert: persistence, a real version of its own, judged and recorded, is live
    expect(champion?.record).toMatchObject({
      kind: 'champion',
      model: 'persistence',
      status: 'promoted',
      championFor: pessimist.version,
      ratioToPersistence: 1,
    });
    const live = await findPromotedMetadata(store);
    expect(live).toMatchObject({ model: 'persistence', version: champion?.record.version });
    expect(live?.data.trainedThrough).toBe(pessimist.metadata.data.trainedThrough);
    expect(await latestFilesEqual(store, champion!.record.version)).toBe(true);
    const served = await loadVersionForecaster(store, modelPrefix(LATEST_MODEL_VERSION), testKinds());
    expect(served.forecaster.name).toBe('persistence');
    served.forecaster.dispose();
  });

  it('replaces the champion with a better candidate, scored on the same origins as when it was trained', async () => {
    // prepare: the champion is live (the pessimist was refused)
    const { store } = await freshStore();
    const { champion } = await promoteModel(depsFor(store), pessimist.version);

    // act: ridge was trained before the champion existed, so it is re-evaluated next to it
    const { record } = await promoteModel(depsFor(store), ridge.version);

    // assert
    expect(record).toMatchObject({
      version: ridge.version,
      model: 'ridge',
      status: 'promoted',
      previousVersion: champion?.record.version,
      checks: { withinLimit: true, notSignificantlyWorse: true, betterThanLive: true, refresh: false },
      beatsPersistence: true,
    });
    expect(record.evaluation?.source).toBe('re-evaluated');
    const stored = ridge.metadata.evaluation;
    expect(record.evaluation).toMatchObject({ from: stored.from, to: stored.to, cutoffs: stored.cutoffs });
    const [candidate, persistence, live] = record.evaluation!.models;
    // the same origins give the same scores, bit for bit, as the training-time walk-forward
    expect(candidate.overall).toEqual(stored.models[0].scores.overall);
    expect(persistence.overall).toEqual(stored.models[1].scores.overall);
    expect(live).toMatchObject({ role: 'live', model: 'persistence', version: champion?.record.version });
    expect(live.overall.ratio).toBe(1);
    expect(record.ratioToPersistence).toBeLessThan(0.5);
    expect(await latestFilesEqual(store, ridge.version)).toBe(true);
  });

  it('refuses a candidate that is not better than the live model, leaving models/latest/ untouched', async () => {
    // prepare
    const { store } = await freshStore();
    await promoteModel(depsFor(store), ridge.version);
    const before = await store.get(`${modelPrefix(LATEST_MODEL_VERSION)}metadata.json`);

    // act: drift is within a lenient limit of persistence, but far worse than ridge
    const { record } = await promoteModel(depsFor(store, 1.2), drift.version);

    // assert
    expect(record).toMatchObject({
      version: drift.version,
      status: 'refused',
      previousVersion: ridge.version,
      checks: { withinLimit: true, betterThanLive: false, refresh: false },
    });
    expect(record.reasons).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^against the live model ${ridge.version} \\(ridge, ratio 0\\.\\d{4}\\) on the same origins: not better$`,
        ),
      ),
    );
    expect((await store.get(`${modelPrefix(LATEST_MODEL_VERSION)}metadata.json`))!.equals(before!)).toBe(
      true,
    );
  });

  it('takes a refresh of the live recipe on newer data, never an older fit of it', async () => {
    // prepare
    const { store } = await freshStore();
    await promoteModel(depsFor(store), olderRidge.version);

    // act
    const refresh = await promoteModel(depsFor(store), ridge.version);
    const stale = await promoteModel(depsFor(store), olderRidge.version);

    // assert
    expect(refresh.record).toMatchObject({ status: 'promoted', checks: { refresh: true } });
    expect(refresh.record.reasons).toContain(
      `the live model ${olderRidge.version} is the same recipe (ridge, same parameters) fitted through 2023-01-21: this is a refresh on data through 2023-02-04`,
    );
    expect(stale.record).toMatchObject({ status: 'refused', checks: { refresh: false } });
    expect((await findPromotedMetadata(store))?.version).toBe(ridge.version);
  });

  it('leaves models/latest/ without metadata.json when promotion crashes part-way, and a re-run completes it', async () => {
    // prepare: the older ridge is live; the promotion of ridge fails on its second write into models/latest/
    const { store } = await freshStore();
    await promoteModel(depsFor(store), olderRidge.version);
    const failing = storeFailingOnWrite(store, modelPrefix(LATEST_MODEL_VERSION), 2);

    // act
    await expect(promoteModel({ ...depsFor(failing), store: failing }, ridge.version)).rejects.toThrow(
      /injected failure/,
    );

    // assert: no mixed model is visible; readers see "no model promoted"
    expect(await findPromotedMetadata(store)).toBeUndefined();
    await expect(readModelMetadata(store, modelPrefix(LATEST_MODEL_VERSION))).rejects.toBeInstanceOf(
      ModelNotFoundError,
    );
    const interrupted = await listPromotionRecords(store);
    expect(interrupted[interrupted.length - 1].record).toMatchObject({
      version: ridge.version,
      status: 'promoting',
    });
    expect(await store.get('monitoring/locks/promotion.json')).toBeUndefined();

    // act: re-run
    const { record } = await promoteModel(depsFor(store), ridge.version);

    // assert: completed, not re-decided against an empty latest/
    const records = await listPromotionRecords(store);
    expect(records.map((r) => [r.record.version, r.record.status])).toEqual([
      [olderRidge.version, 'promoted'],
      [ridge.version, 'promoted'],
      [ridge.version, 'refused'],
    ]);
    expect(records[1].record.resumedAt).toEqual(expect.any(String));
    expect(record.reasons).toEqual([`${ridge.version} is already the promoted version`]);
    expect(await latestFilesEqual(store, ridge.version)).toBe(true);
  });

  it('rolls back to the previously promoted version without the gate', async () => {
    // prepare
    const { store } = await freshStore();
    await promoteModel(depsFor(store), olderRidge.version);
    await promoteModel(depsFor(store), ridge.version);

    // act
    const { record } = await rollbackModel(depsFor(store));

    // assert
    expect(record).toMatchObject({
      kind: 'rollback',
      version: olderRidge.version,
      model: 'ridge',
      previousVersion: ridge.version,
      status: 'promoted',
      rule: null,
      beatsPersistence: true,
    });
    expect(await latestFilesEqual(store, olderRidge.version)).toBe(true);
  });

  it('refuses a rollback when only one version was ever promoted, and unknown versions', async () => {
    // prepare
    const { store } = await freshStore();
    await promoteModel(depsFor(store), ridge.version);

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
  });

  it('serializes two processes promoting at the same moment: the second decides on what the first left live', async () => {
    // prepare: two processes on one store directory, each slowed down while it writes models/latest/
    const { store, dir } = await freshStore();
    const config: PromotionProcessConfig = { dir, version: ridge.version, latestWriteDelayMs: 150 };
    const start = () => startScriptProcess(PROMOTER, config);
    const [a, b] = [start(), start()];
    expect([await a.nextLine(), await b.nextLine()]).toEqual(['ready', 'ready']);

    // act
    a.child.stdin.write('go\n');
    b.child.stdin.write('go\n');
    const records = (await Promise.all([a.nextLine(), b.nextLine()])).map(
      (line) => JSON.parse(line) as PromotionRecord,
    );

    // assert: one promoted; the other waited for the lease and found that version already live
    const promoted = records.find((r) => r.status === 'promoted');
    const refused = records.find((r) => r.status === 'refused');
    expect(promoted).toMatchObject({ version: ridge.version, previousVersion: null });
    expect(refused).toMatchObject({
      version: ridge.version,
      previousVersion: ridge.version,
      reasons: [`${ridge.version} is already the promoted version`],
    });
    expect(refused!.decidedAt >= promoted!.completedAt!).toBe(true);
    expect((await listPromotionRecords(store)).map((r) => r.record.status).sort()).toEqual([
      'promoted',
      'refused',
    ]);
    expect(await latestFilesEqual(store, ridge.version)).toBe(true);
    expect(await store.get('monitoring/locks/promotion.json')).toBeUndefined();
  }, 60_000);
});
