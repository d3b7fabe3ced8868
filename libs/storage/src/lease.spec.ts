import { LeaseBusyError, LeaseLostError } from './errors';
import { withLease } from './lease';
import type { ObjectStore } from './object-store';
import { makeTempStore, startLocalS3, type LocalS3 } from './testing';

const KEY = 'processed/daily/_lease.json';

let s3: LocalS3;
let run = 0;
beforeAll(async () => {
  s3 = await startLocalS3();
});
afterAll(async () => {
  await s3.close();
});

const backends: [string, () => Promise<{ store: ObjectStore; teardown(): Promise<void> }>][] = [
  [
    'LocalObjectStore',
    async () => {
      const { store, cleanup } = await makeTempStore();
      return { store, teardown: cleanup };
    },
  ],
  [
    'S3ObjectStore on the local S3 server',
    async () => ({ store: s3.createStore(`lease/run-${++run}`), teardown: async () => undefined }),
  ],
];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(backends)('withLease: %s', (_name, backend) => {
  let store: ObjectStore;
  let teardown: () => Promise<void>;
  beforeEach(async () => {
    ({ store, teardown } = await backend());
  });
  afterEach(() => teardown());

  it('runs two holders one after the other, and releases the lease', async () => {
    // prepare
    const spans: [string, number, number][] = [];
    const job = (name: string) =>
      withLease(
        store,
        KEY,
        name,
        async () => {
          const start = Date.now();
          await sleep(150);
          spans.push([name, start, Date.now()]);
          return name;
        },
        { pollMs: 20 },
      );

    // act
    const results = await Promise.all([job('A'), job('B')]);

    // assert
    expect(results).toEqual(['A', 'B']);
    spans.sort((a, b) => a[1] - b[1]);
    expect(spans[1][1]).toBeGreaterThanOrEqual(spans[0][2]);
    expect(await store.get(KEY)).toBeUndefined();
  });

  it('gives up after the wait, having run nothing, while a live holder keeps it', async () => {
    // prepare
    let ran = false;
    let busy: unknown;

    // act
    await withLease(store, KEY, 'holder', async () => {
      busy = await withLease(store, KEY, 'waiter', async () => (ran = true), {
        waitMs: 100,
        pollMs: 20,
      }).catch((error: unknown) => error);
    });

    // assert
    expect(busy).toBeInstanceOf(LeaseBusyError);
    expect((busy as LeaseBusyError).message).toMatch(
      /^'waiter' waited 0 s for the lease '.*' \(\{"holder":"holder"/,
    );
    expect(ran).toBe(false);
  });

  it('takes over a lease its holder abandoned, and the old holder cannot commit or release it', async () => {
    // prepare: a holder that stops renewing (its process froze), seen from a clock 20 minutes ahead
    const taken: string[] = [];
    let confirmError: unknown;

    // act
    await withLease(
      store,
      KEY,
      'frozen',
      async (frozen) => {
        await withLease(
          store,
          KEY,
          'rescuer',
          async () => {
            confirmError = await frozen.confirm().catch((error: unknown) => error);
          },
          { wallClock: () => Date.now() + 20 * 60_000, onTakeover: (said) => taken.push(said) },
        );
        // the rescuer released its own lease; a third holder now holds it
        await store.put(KEY, 'third\n');
      },
      { staleMs: 60 * 60_000 },
    );

    // assert
    expect(taken).toHaveLength(1);
    expect(JSON.parse(taken[0])).toMatchObject({ holder: 'frozen' });
    expect(confirmError).toBeInstanceOf(LeaseLostError);
    expect((await store.get(KEY))?.toString()).toBe('third\n');
  });
});
