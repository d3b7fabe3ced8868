import { captureLogger } from '@cf/service/testing';
import { makeTempStore } from '@cf/storage/testing';
import type { IngestDeps } from '../job/run-ingest';
import {
  startFakeProviderServer,
  type FakeProviderOptions,
  type FakeProviderServer,
} from './fake-provider-server';
import { testDeps } from './test-deps';
import type { VirtualTime } from './virtual-time';

/** A loopback provider server and a temp store, fresh for every test of the `describe` that set it up. */
export interface ProviderTestbed {
  readonly server: FakeProviderServer;
  readonly store: Awaited<ReturnType<typeof makeTempStore>>['store'];
  /** The temp store's folder. */
  readonly dir: string;
  /** Job dependencies on the server and the store (see `testDeps`), with the log lines captured. */
  deps(
    extra?: Partial<Parameters<typeof testDeps>[0]>,
  ): IngestDeps & { time: VirtualTime; lines: ReturnType<typeof captureLogger>['lines'] };
}

/**
 * Registers `beforeEach`/`afterEach` hooks that start the fake provider server with `options` and make a temp
 * store, then close and remove both; the returned testbed reads the current ones.
 */
export function useProviderTestbed(options: FakeProviderOptions): ProviderTestbed {
  let server: FakeProviderServer | undefined;
  let temp: Awaited<ReturnType<typeof makeTempStore>> | undefined;
  beforeEach(async () => {
    server = await startFakeProviderServer(options);
    temp = await makeTempStore();
  });
  afterEach(async () => {
    await server?.close();
    await temp?.cleanup();
  });
  const current = () => {
    if (server === undefined || temp === undefined) throw new Error('the testbed is used outside a test');
    return { server, temp };
  };
  return {
    get server() {
      return current().server;
    },
    get store() {
      return current().temp.store;
    },
    get dir() {
      return current().temp.dir;
    },
    deps(extra = {}) {
      const log = captureLogger('ingest');
      const { server: s, temp: t } = current();
      return {
        ...testDeps({ store: t.store, logger: log.logger, baseUrl: s.url, ...extra }),
        lines: log.lines,
      };
    },
  };
}
