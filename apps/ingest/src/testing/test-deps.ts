import type { Logger } from '@cf/service';
import type { ObjectStore } from '@cf/storage';
import type { IngestDeps } from '../job/run-ingest';
import type { IngestSettingsInput } from '../job/ingest-settings';
import { mulberry32 } from '@cf/core';
import { virtualTime, type VirtualTime } from './virtual-time';

/** 06:00 UTC the day after the bundled sample data ends (2024-02-11): the last complete day is 2024-02-11. */
export const TEST_NOW = '2024-02-12T06:00:00.000Z';

/**
 * Job dependencies for tests: real `fetch` against the fake server's URL for both providers, virtual
 * time (no real waiting), a fixed seed, and no pacing unless the test sets it.
 */
export function testDeps(options: {
  store: ObjectStore;
  logger: Logger;
  baseUrl?: string;
  settings?: IngestSettingsInput;
  time?: VirtualTime;
  onProgress?: IngestDeps['onProgress'];
}): IngestDeps & { time: VirtualTime } {
  const time = options.time ?? virtualTime(TEST_NOW);
  const base = options.baseUrl ?? 'http://127.0.0.1:9';
  const settings = options.settings ?? {};
  return {
    store: options.store,
    fetch,
    clock: time.clock,
    sleep: time.sleep,
    pacingNow: () => time.clock().getTime(),
    random: mulberry32(42),
    logger: options.logger,
    time,
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
    settings: {
      requestsPerSecond: 1000,
      burst: 1000,
      timeoutMs: 2000,
      ...settings,
      cryptocompare: { baseUrl: base, ...settings.cryptocompare },
      binance: { baseUrl: base, ...settings.binance },
    },
  };
}
