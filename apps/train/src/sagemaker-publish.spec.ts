// The SageMaker `train` entry publishing to the store (STORE_URL set), end to end in a temp /opt/ml tree on the
// tfjs wasm backend: to a local store named by STORE_URL, to the local S3-compatible server, and refusing to
// overwrite a version or to train when the store cannot be reached.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { S3Client } from '@aws-sdk/client-s3';
import { modelKinds, readModelMetadata, readPublishedVersion } from '@cf/model';
import { captureLogger } from '@cf/service/testing';
import { listAll, LocalObjectStore, modelPrefix, S3ObjectStore, type ObjectStore } from '@cf/storage';
import { startLocalS3, type LocalS3 } from '@cf/storage/testing';
import { loadConfig } from './config';
import { runSageMakerTraining, sageMakerPaths } from './sagemaker';
import { publishTargetOf, type PublishTarget } from './sagemaker-publish';
import { TINY_HYPERPARAMETERS, writeProcessedDatasets } from './test-support/processed-data';

const JOB = 'cf-train-20240212-060000';
const NOW = new Date('2024-02-12T06:30:00Z');

describe('SageMaker training publishing to the store', () => {
  let smRoot: string;
  let storeDir: string;
  beforeEach(async () => {
    smRoot = await mkdtemp(path.join(tmpdir(), 'cf-opt-ml-'));
    storeDir = await mkdtemp(path.join(tmpdir(), 'cf-publish-store-'));
    const paths = sageMakerPaths(smRoot);
    await mkdir(path.dirname(paths.hyperparameters), { recursive: true });
    await writeFile(paths.hyperparameters, JSON.stringify({ ...TINY_HYPERPARAMETERS, seed: '7' }));
    await writeProcessedDatasets(paths.data, '');
  });
  afterEach(async () => {
    await rm(smRoot, { recursive: true, force: true });
    await rm(storeDir, { recursive: true, force: true });
  });

  async function run(publish: () => PublishTarget | undefined) {
    const { logger, lines } = captureLogger();
    const code = await runSageMakerTraining({
      smRoot,
      logger,
      clock: () => NOW,
      kinds: modelKinds(),
      publish,
    });
    return { code, lines };
  }
  const modelDir = () => sageMakerPaths(smRoot).model;
  const failure = () => readFile(sageMakerPaths(smRoot).failure, 'utf8');

  /** Every file of the model folder, by name, and the same files under `models/{version}/` of `store`. */
  async function expectSameFiles(store: ObjectStore, version: string): Promise<void> {
    const names = (await readdir(modelDir())).sort();
    expect(names).toEqual(['metadata.json', 'model.json', 'scaler.json', 'weights.bin']);
    const published = (await listAll(store, modelPrefix(version))).map((o) => o.key).sort();
    expect(published).toEqual(names.map((n) => `${modelPrefix(version)}${n}`));
    for (const name of names) {
      const remote = await store.get(`${modelPrefix(version)}${name}`);
      expect(remote?.equals(await readFile(path.join(modelDir(), name)))).toBe(true);
    }
  }

  it('with STORE_URL and TRAINING_RUN_ID set, also publishes models/{version}/ and the run record', async () => {
    const config = loadConfig({
      SM_ROOT: smRoot,
      STORE_URL: pathToFileURL(storeDir).href,
      TRAINING_RUN_ID: JOB,
    });
    const store = new LocalObjectStore(storeDir);

    const { code, lines } = await run(() => publishTargetOf(config));

    expect(code).toBe(0);
    const local = await readModelMetadata(new LocalObjectStore(modelDir()), '');
    expect(local.seed).toBe(7);
    await expectSameFiles(store, local.version);
    expect(await readModelMetadata(store, modelPrefix(local.version))).toEqual(local);
    expect(await readPublishedVersion(store, JOB)).toEqual({
      schemaVersion: 1,
      runId: JOB,
      version: local.version,
      publishedAt: NOW.toISOString(),
    });
    const published = lines().find((l) => l['msg'] === 'model version published to the store (not promoted)');
    expect(published).toMatchObject({
      version: local.version,
      location: `${store.url.replace(/\/+$/, '')}/models/${local.version}/`,
      record: `models/${JOB}/published-version.json`,
    });
    await expect(failure()).rejects.toThrow(/ENOENT/);
  });

  it('without STORE_URL writes only the model folder, as before', async () => {
    const config = loadConfig({ SM_ROOT: smRoot });

    const { code, lines } = await run(() => publishTargetOf(config));

    expect(publishTargetOf(config)).toBeUndefined();
    expect(code).toBe(0);
    expect((await readdir(modelDir())).sort()).toEqual([
      'metadata.json',
      'model.json',
      'scaler.json',
      'weights.bin',
    ]);
    expect(await readdir(storeDir)).toEqual([]);
    expect(lines().some((l) => l['msg'] === 'model version published to the store (not promoted)')).toBe(
      false,
    );
  });

  it('never overwrites a published version: the same run again fails with MODEL_VERSION_EXISTS', async () => {
    const store = new LocalObjectStore(storeDir);
    const target = () => ({ store });
    expect((await run(target)).code).toBe(0);
    const version = (await readModelMetadata(new LocalObjectStore(modelDir()), '')).version;
    const before = await store.get(`${modelPrefix(version)}metadata.json`);
    // A fresh container (empty model folder), same data, hyperparameters and clock: the same version id.
    await rm(modelDir(), { recursive: true, force: true });

    const { code } = await run(target);

    expect(code).toBe(4);
    expect(await failure()).toMatch(
      new RegExp(
        `'models/${version}/metadata\\.json' already exists in .*: model version '${version}' was not written`,
      ),
    );
    expect((await store.get(`${modelPrefix(version)}metadata.json`))?.equals(before!)).toBe(true);
  });

  it('fails before training, with the failure file, when the store cannot be reached', async () => {
    const client = new S3Client({
      endpoint: 'http://127.0.0.1:9',
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'not-a-secret' },
      maxAttempts: 1,
    });
    const store = new S3ObjectStore({ client, bucket: 'forecasts', prefix: 'prod' });

    const { code, lines } = await run(() => ({ store, runId: JOB }));

    expect(code).toBe(5);
    expect(await failure()).toMatch(/store list of 'models\/' failed: .*ECONNREFUSED 127\.0\.0\.1:9/);
    expect(await readdir(modelDir()).catch(() => [])).toEqual([]);
    expect(lines().some((l) => l['msg'] === 'SageMaker training started')).toBe(false);
  });

  it('writes the failure file for a STORE_URL it cannot open, before training', async () => {
    const config = loadConfig({ SM_ROOT: smRoot, STORE_URL: 'ftp://example.com/models' });

    const { code } = await run(() => publishTargetOf(config));

    expect(code).toBe(2);
    expect(await failure()).toMatch(/ftp:\/\/example\.com\/models.*scheme 'ftp:' is not supported/);
    expect(await readdir(modelDir()).catch(() => [])).toEqual([]);
  });

  describe('on the local S3-compatible server', () => {
    let s3: LocalS3;
    beforeAll(async () => {
      s3 = await startLocalS3();
    }, 30_000);
    afterAll(() => s3.close());

    it('publishes the version and the run record under the store prefix', async () => {
      const store = s3.createStore('prod');

      const { code } = await run(() => ({ store, runId: JOB }));

      expect(code).toBe(0);
      const version = (await readModelMetadata(new LocalObjectStore(modelDir()), '')).version;
      await expectSameFiles(store, version);
      expect((await readPublishedVersion(store, JOB))?.version).toBe(version);
      const keys = (await listAll(s3.createStore(), '')).map((o) => o.key).sort();
      expect(keys).toEqual(
        [
          `prod/models/${JOB}/published-version.json`,
          ...['metadata.json', 'model.json', 'scaler.json', 'weights.bin'].map(
            (n) => `prod/models/${version}/${n}`,
          ),
        ].sort(),
      );
    }, 30_000);
  });
});
