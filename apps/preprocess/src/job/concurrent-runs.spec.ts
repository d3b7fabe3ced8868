// Two preprocess runs at once, in two processes, on the local store and on the local S3-compatible server:
// the first is held midway (after listing raw/), raw/ gains a page, and a second run starts; the store must end
// as the two runs one after the other would leave it.
import * as path from 'node:path';
import { captureLogger } from '@cf/service/testing';
import { listAll, type ObjectStore } from '@cf/storage';
import {
  makeTempStore,
  startLocalS3,
  startScriptProcess,
  type LocalS3,
  type ScriptProcess,
} from '@cf/storage/testing';
import { csvFixture, putRaw, yahooText } from '../test-support/raw-fixtures';
import type { PreprocessProcessConfig } from '../test-support/preprocess-process';
import type { PreprocessReport } from './preprocess-report';
import { RAW_INDEX_KEY } from './raw-index';
import { PREPROCESS_LEASE_KEY, runPreprocess } from './run-preprocess';

const RUNNER = path.join(__dirname, '..', 'test-support', 'preprocess-process.ts');
const NOW = '2024-02-12T06:00:00.000Z';

/** The bundled Yahoo lines of `symbol` for `from..to`, as ingest stores a CSV page. */
function csvPage(symbol: string, from: string, to: string, fetchedAt: string) {
  const [header, ...lines] = yahooText(symbol).trimEnd().split('\n');
  const kept = lines.filter((line) => line.slice(0, 10) >= from && line.slice(0, 10) <= to);
  return csvFixture(symbol, `${[header, ...kept].join('\n')}\n`, { fetchedAt, from, to });
}
const january = csvPage('BTC', '2024-01-01', '2024-01-31', '2024-02-01T00:10:00.000Z');
const february = csvPage('BTC', '2024-01-25', '2024-02-11', '2024-02-12T00:10:00.000Z');
const eth = csvPage('ETH', '2024-01-01', '2024-02-11', '2024-02-12T00:10:00.000Z');

function startRun(config: PreprocessProcessConfig): ScriptProcess {
  return startScriptProcess(RUNNER, config);
}

/**
 * Every object but raw/, by key; the raw index without the listing times it copied from the store (two stores
 * never agree on those).
 */
async function snapshot(store: ObjectStore): Promise<Record<string, string>> {
  const objects = await listAll(store, '');
  const kept = objects.filter((o) => !o.key.startsWith('raw/'));
  const text = async (key: string) => {
    const body = (await store.get(key))?.toString() ?? '';
    return key === RAW_INDEX_KEY ? body.replace(/"lastModified": "[^"]+"/g, '"lastModified": "-"') : body;
  };
  return Object.fromEntries(await Promise.all(kept.map(async (o) => [o.key, await text(o.key)] as const)));
}

let s3: LocalS3;
let run = 0;
beforeAll(async () => {
  s3 = await startLocalS3();
}, 30_000);
afterAll(async () => {
  await s3.close();
});

type Backend = () => Promise<{
  store: ObjectStore;
  config: PreprocessProcessConfig['store'];
  teardown(): Promise<void>;
}>;

const backends: [string, Backend][] = [
  [
    'LocalObjectStore',
    async () => {
      const { store, dir, cleanup } = await makeTempStore();
      return { store, config: { kind: 'local', dir }, teardown: cleanup };
    },
  ],
  [
    'S3ObjectStore on the local S3 server',
    async () => {
      const prefix = `concurrent/run-${++run}`;
      return {
        store: s3.createStore(prefix),
        config: { kind: 's3', clientConfig: s3.clientConfig, bucket: s3.bucket, prefix },
        teardown: async () => undefined,
      };
    },
  ],
];

describe.each(backends)('two preprocess runs at once: %s', (_name, backend) => {
  it('leave the store as one run after the other would', async () => {
    // prepare: the reference, run one after the other in this process
    const reference = await makeTempStore();
    await putRaw(reference.store, january, eth);
    await runPreprocess({
      store: reference.store,
      clock: () => new Date(NOW),
      logger: captureLogger().logger,
    });
    await putRaw(reference.store, february);
    await runPreprocess({
      store: reference.store,
      clock: () => new Date(NOW),
      logger: captureLogger().logger,
    });
    const expected = await snapshot(reference.store);
    await reference.cleanup();
    // prepare: the race; run A lists raw/ (January and ETH) and is held there
    const { store, config, teardown } = await backend();
    await putRaw(store, january, eth);
    const a = startRun({ store: config, pauseAfterListing: true, now: NOW });
    expect(await a.nextLine()).toBe('listed');

    // act: February arrives and run B starts while A is midway; then A goes on
    await putRaw(store, february);
    const b = startRun({ store: config, pauseAfterListing: false, now: NOW });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    a.child.stdin.write('go\n');
    const [reportA, reportB] = (await Promise.all([a.nextLine(), b.nextLine()])).map(
      (line) => JSON.parse(line) as PreprocessReport,
    );

    // assert: B waited for A, then read only what A had not: February
    expect(reportA.raw).toMatchObject({ listed: 2, read: 2 });
    expect(reportB.raw).toMatchObject({ listed: 3, read: 1, unchanged: 0 });
    expect(await snapshot(store)).toEqual(expected);
    expect(await store.get(PREPROCESS_LEASE_KEY)).toBeUndefined();
    await teardown();
  }, 60_000);
});
