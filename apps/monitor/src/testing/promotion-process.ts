// A separate process that promotes one model version on a local store directory, for the test that two
// promotions never interleave. Run with `node --import tsx` and one JSON argument (`PromotionProcessConfig`).
// It prints `ready` once loaded and waits for a `go` line on stdin, so a test can start two at the same moment;
// every write into `models/latest/` is slowed down so that the promotions would overlap without the lease.
// Prints one JSON line at the end: the promotion record.
import { createInterface } from 'node:readline';
import { modelKinds } from '@cf/model';
import { createLogger } from '@cf/service';
import { LATEST_MODEL_VERSION, LocalObjectStore, modelPrefix, type ObjectStore } from '@cf/storage';
import { promoteModel } from '../promotion/promote-model';

export interface PromotionProcessConfig {
  readonly dir: string;
  readonly version: string;
  /** Milliseconds each write into `models/latest/` is held back. */
  readonly latestWriteDelayMs: number;
}

function slowLatestWrites(inner: ObjectStore, delayMs: number): ObjectStore {
  const pause = (key: string) =>
    key.startsWith(modelPrefix(LATEST_MODEL_VERSION))
      ? new Promise((resolve) => setTimeout(resolve, delayMs))
      : Promise.resolve();
  return {
    url: inner.url,
    get: (key) => inner.get(key),
    getObject: (key) => inner.getObject(key),
    head: (key) => inner.head(key),
    list: (prefix, options) => inner.list(prefix, options),
    delete: (key) => inner.delete(key),
    async put(key, body, options) {
      await pause(key);
      return inner.put(key, body, options);
    },
    async copy(from, to, options) {
      await pause(to);
      return inner.copy(from, to, options);
    },
  };
}

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2]) as PromotionProcessConfig;
  const store = slowLatestWrites(new LocalObjectStore(config.dir), config.latestWriteDelayMs);
  const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
  process.stdout.write('ready\n');
  await lines.next();
  const outcome = await promoteModel(
    {
      store,
      clock: () => new Date(),
      logger: createLogger({ name: 'monitor', level: 'silent' }),
      kinds: modelKinds(),
      promotion: { maxRatioToPersistence: 1, significance: 0.05 },
    },
    config.version,
  );
  process.stdout.write(`${JSON.stringify(outcome.record)}\n`);
  process.exit(0);
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error instanceof Error ? error.stack : error)}\n`);
  process.exit(1);
});
