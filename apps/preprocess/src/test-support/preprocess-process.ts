// A separate process that runs one preprocess job on a local store directory or an S3 bucket, for the test
// that two runs at once leave the store as one after the other would. Run with `node --import tsx` and one
// JSON argument (`PreprocessProcessConfig`). With `pauseAfterListing`, it prints `listed` once its first
// listing of raw/ returned and waits for a `go` line on stdin, so a test can change raw/ and start another run
// while this one is midway. Prints one JSON line at the end: the run's report.
import { createInterface } from 'node:readline';
import { createLogger } from '@cf/service';
import type { ObjectStore } from '@cf/storage';
import { openProcessStore, type ProcessStoreConfig } from '@cf/storage/testing';
import { runPreprocess } from '../job/run-preprocess';

export interface PreprocessProcessConfig {
  readonly store: ProcessStoreConfig;
  readonly pauseAfterListing: boolean;
  /** The run's clock (ISO). */
  readonly now: string;
}

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2]) as PreprocessProcessConfig;
  const inner = openProcessStore(config.store);
  const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
  let paused = !config.pauseAfterListing;
  const store: ObjectStore = {
    url: inner.url,
    get: (key) => inner.get(key),
    getObject: (key) => inner.getObject(key),
    head: (key) => inner.head(key),
    put: (key, body, options) => inner.put(key, body, options),
    copy: (from, to, options) => inner.copy(from, to, options),
    delete: (key) => inner.delete(key),
    async list(prefix, options) {
      const page = await inner.list(prefix, options);
      if (!paused && prefix.startsWith('raw/') && page.nextCursor === undefined) {
        paused = true;
        process.stdout.write('listed\n');
        await lines.next();
      }
      return page;
    },
  };
  const report = await runPreprocess({
    store,
    clock: () => new Date(config.now),
    logger: createLogger({ name: 'preprocess', level: 'silent' }),
  });
  process.stdout.write(`${JSON.stringify(report)}\n`);
  process.exit(0);
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error instanceof Error ? error.stack : error)}\n`);
  process.exit(1);
});
