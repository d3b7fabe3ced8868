import * as path from 'node:path';
import {
  InvalidJsonError,
  PreconditionFailedError,
  StoreUnavailableError,
  UpdateConflictError,
} from './errors';
import type { UpdaterConfig } from './fixtures/json-updater';
import { getJson, putJson } from './json';
import type { ObjectStore } from './object-store';
import { makeTempStore, startLocalS3, startScriptProcess, type LocalS3, type ScriptProcess } from './testing';
import { updateJson, updateObject } from './update-object';

const UPDATER = path.join(__dirname, 'fixtures', 'json-updater.ts');
const KEY = 'processed/daily/_manifest.json';

interface Entries {
  entries: string[];
}

type Updater = ScriptProcess;

function startUpdater(config: UpdaterConfig): Updater {
  return startScriptProcess(UPDATER, config);
}

async function finish(updater: Updater): Promise<number[]> {
  const summary = JSON.parse(await updater.nextLine()) as { attempts: number[] };
  expect(await updater.exited()).toBe(0);
  return summary.attempts;
}

/** Two stores on one backing store, as two processes see it, and the updater config that reaches it. */
type Backend = () => Promise<{
  store: ObjectStore;
  storeConfig: UpdaterConfig['store'];
  teardown(): Promise<void>;
}>;

let s3: LocalS3;
let run = 0;
beforeAll(async () => {
  s3 = await startLocalS3();
});
afterAll(async () => {
  await s3.close();
});

const backends: [string, Backend][] = [
  [
    'LocalObjectStore',
    async () => {
      const { store, dir, cleanup } = await makeTempStore();
      return { store, storeConfig: { kind: 'local', dir }, teardown: cleanup };
    },
  ],
  [
    'S3ObjectStore on the local S3 server',
    async () => {
      const prefix = `rmw/run-${++run}`;
      return {
        store: s3.createStore(prefix),
        storeConfig: { kind: 's3', clientConfig: s3.clientConfig, bucket: s3.bucket, prefix },
        teardown: async () => undefined,
      };
    },
  ],
];

describe.each(backends)('two processes updating one JSON object: %s', (_name, backend) => {
  let store: ObjectStore;
  let storeConfig: UpdaterConfig['store'];
  let teardown: () => Promise<void>;

  beforeEach(async () => {
    ({ store, storeConfig, teardown } = await backend());
  });
  afterEach(async () => {
    await teardown();
  });

  /** Two processes, one update each, both reading the same version before either writes; their attempts. */
  async function raceOnce(blind: boolean): Promise<number[][]> {
    await putJson(store, KEY, { entries: ['initial'] });
    const start = (writer: string) =>
      startUpdater({ store: storeConfig, key: KEY, writer, updates: 1, barrier: true, blind });
    const [a, b] = [start('A'), start('B')];
    expect([await a.nextLine(), await b.nextLine()]).toEqual(['read', 'read']);
    a.child.stdin.write('go\n');
    b.child.stdin.write('go\n');
    return [await finish(a), await finish(b)];
  }

  it('re-applies the update of the process that lost the race, so neither update is lost', async () => {
    const attempts = await raceOnce(false);

    // one won at once, the other lost once, re-read and applied its update on top
    expect(attempts.flat().sort()).toEqual([1, 2]);
    const winner = attempts[0][0] === 1 ? 'A' : 'B';
    const loser = winner === 'A' ? 'B' : 'A';
    expect(await getJson<Entries>(store, KEY)).toEqual({ entries: ['initial', `${winner}-1`, `${loser}-1`] });
  }, 60_000);

  it('loses one update without conditional writes (the control: plain get then put, same race)', async () => {
    await raceOnce(true);

    const { entries } = (await getJson<Entries>(store, KEY))!;
    expect([
      ['initial', 'A-1'],
      ['initial', 'B-1'],
    ]).toContainEqual(entries);
  }, 60_000);

  it('leaves every update of both runs, each run in its own order, as one run after the other would', async () => {
    const updates = 30;

    const start = (writer: string) =>
      startUpdater({ store: storeConfig, key: KEY, writer, updates, barrier: false, blind: false });
    const [a, b] = [start('A'), start('B')];
    const attempts = [await finish(a), await finish(b)];

    const { entries } = (await getJson<Entries>(store, KEY))!;
    const expected = (writer: string) => Array.from({ length: updates }, (_, i) => `${writer}-${i + 1}`);
    expect(entries).toHaveLength(2 * updates);
    expect(entries.filter((e) => e.startsWith('A-'))).toEqual(expected('A'));
    expect(entries.filter((e) => e.startsWith('B-'))).toEqual(expected('B'));
    // Every lost race was retried: attempts beyond one per update are the conflicts that were resolved.
    expect(attempts.flat()).toHaveLength(2 * updates);
    expect(attempts.flat().every((n) => n >= 1)).toBe(true);
  }, 120_000);
});

describe('updateObject and updateJson in one process', () => {
  let store: ObjectStore;
  let cleanup: () => Promise<void>;

  beforeEach(async () => {
    ({ store, cleanup } = await makeTempStore());
  });
  afterEach(async () => {
    await cleanup();
  });

  it('creates a missing object, then updates it, answering what it did', async () => {
    const created = await updateJson<{ n: number }>(store, KEY, (current) => ({ n: (current?.n ?? 0) + 1 }));
    const updated = await updateJson<{ n: number }>(store, KEY, (current) => ({ n: (current?.n ?? 0) + 1 }));

    expect(created).toMatchObject({ result: 'written', value: { n: 1 }, attempts: 1 });
    expect(updated).toMatchObject({ result: 'written', value: { n: 2 }, attempts: 1 });
    expect(updated.etag).toBe((await store.head(KEY))?.etag);
    expect((await store.get(KEY))?.toString()).toBe('{\n  "n": 2\n}\n');
  });

  it('writes nothing when the update returns the stored value or undefined', async () => {
    await putJson(store, KEY, { n: 1 });
    const before = await store.head(KEY);

    const same = await updateJson<{ n: number }>(store, KEY, (current) => current);
    const none = await updateJson<{ n: number }>(store, KEY, () => undefined);
    const missing = await updateObject(store, 'not/there.json', () => undefined);

    expect(same).toMatchObject({ result: 'unchanged', value: { n: 1 }, etag: before?.etag, attempts: 1 });
    expect(none).toMatchObject({ result: 'unchanged', value: undefined, etag: before?.etag });
    expect(missing).toEqual({ result: 'unchanged', value: undefined, etag: undefined, attempts: 1 });
    expect(await store.head(KEY)).toEqual(before);
    expect(await store.head('not/there.json')).toBeUndefined();
  });

  it('keeps a counter exact under 25 concurrent updates', async () => {
    await Promise.all(
      Array.from({ length: 25 }, () =>
        updateJson<{ n: number }>(store, KEY, (current) => ({ n: (current?.n ?? 0) + 1 }), {
          maxAttempts: 50,
        }),
      ),
    );

    expect(await getJson(store, KEY)).toEqual({ n: 25 });
  });

  it('re-reads and re-applies after losing a race, waiting as backoffMs says', async () => {
    await putJson(store, KEY, { entries: [] });
    const waits: number[] = [];
    const seen: string[][] = [];

    const outcome = await updateJson<Entries>(
      store,
      KEY,
      async (current, attempt) => {
        seen.push([...current!.entries]);
        // A rival writer commits between this read and the write, on the first two attempts.
        if (attempt <= 2) await putJson(store, KEY, { entries: [...current!.entries, `rival-${attempt}`] });
        return { entries: [...current!.entries, 'mine'] };
      },
      { backoffMs: (attempt) => (waits.push(attempt), 0) },
    );

    expect(outcome).toMatchObject({ result: 'written', attempts: 3 });
    expect(seen).toEqual([[], ['rival-1'], ['rival-1', 'rival-2']]);
    expect(waits).toEqual([2, 3]);
    expect(await getJson(store, KEY)).toEqual({ entries: ['rival-1', 'rival-2', 'mine'] });
  });

  it('gives up after maxAttempts with UpdateConflictError, having written nothing of its own', async () => {
    await putJson(store, KEY, { n: 0 });
    let rivals = 0;

    const attempt = updateJson<{ n: number }>(
      store,
      KEY,
      async (current) => {
        await putJson(store, KEY, { n: ++rivals });
        return { n: current!.n + 100 };
      },
      { maxAttempts: 3, backoffMs: () => 0 },
    );

    await expect(attempt).rejects.toBeInstanceOf(UpdateConflictError);
    await expect(attempt).rejects.toMatchObject({
      code: 'STORAGE_UPDATE_CONFLICT',
      kind: 'conflict',
      key: KEY,
      attempts: 3,
      message: expect.stringMatching(
        /^update of 'processed\/daily\/_manifest.json' gave up after 3 attempts/,
      ),
      cause: expect.any(PreconditionFailedError),
    });
    expect(await getJson(store, KEY)).toEqual({ n: rivals });
  });

  it('fails at once, without retrying, on an object that is not JSON and on store failures', async () => {
    await store.put(KEY, '{not json');
    let calls = 0;

    await expect(updateJson(store, KEY, () => (calls++, {}))).rejects.toBeInstanceOf(InvalidJsonError);
    await expect(
      updateObject(store, KEY, () => {
        calls++;
        throw new StoreUnavailableError('put', KEY, new Error('EIO'));
      }),
    ).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(calls).toBe(1);
  });
});
