// Preprocess throughput on the bundled real data: the five Yahoo files as CSV envelopes plus the Binance
// BTCUSDT klines as a Binance envelope, on a temp LocalObjectStore. Run with `npm run bench -- preprocess`.
// Preprocess does not use tfjs (no backend involved).
import { cpus } from 'node:os';
import { SAMPLE_SYMBOLS, binanceSampleKlines } from '@cf/ohlcv/testing';
import { createLogger } from '@cf/service';
import { makeTempStore } from '@cf/storage/testing';
import { runPreprocess } from '../src/job/run-preprocess';
import { binanceFixture, csvFixture, putRaw, yahooText } from '../src/test-support/raw-fixtures';

const ROUNDS = 5;
const clock = () => new Date('2024-02-12T06:00:00.000Z');
const logger = createLogger({ name: 'preprocess-bench', level: 'silent' });

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return (performance.now() - start) / 1000;
}

async function main(): Promise<void> {
  const fixtures = SAMPLE_SYMBOLS.map((symbol) =>
    csvFixture(symbol, yahooText(symbol), {
      fetchedAt: '2024-02-12T00:10:00.000Z',
      from: '2014-09-17',
      to: '2024-02-11',
    }),
  );
  const klines = binanceSampleKlines();
  fixtures.push(
    binanceFixture('BTC', klines, {
      fetchedAt: '2024-02-12T00:20:00.000Z',
      from: '2018-01-01',
      to: '2024-02-11',
    }),
  );
  const candles =
    SAMPLE_SYMBOLS.reduce((n, s) => n + yahooText(s).trim().split('\n').length - 1, 0) + klines.length;

  const first: number[] = [];
  const full: number[] = [];
  const noop: number[] = [];
  let rows = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const { store, cleanup } = await makeTempStore();
    try {
      await putRaw(store, ...fixtures);
      first.push(await timed(() => runPreprocess({ store, clock, logger })));
      full.push(
        await timed(async () => {
          const report = await runPreprocess({ store, clock, logger }, { full: true });
          rows = report.symbols.reduce((n, s) => n + s.rows, 0);
        }),
      );
      noop.push(await timed(() => runPreprocess({ store, clock, logger })));
    } finally {
      await cleanup();
    }
  }

  const line = (name: string, seconds: readonly number[]): string => {
    const m = median(seconds);
    return `${name.padEnd(34)} ${(m * 1000).toFixed(0).padStart(6)} ms  ${Math.round(candles / m)
      .toLocaleString('en-US')
      .padStart(10)} candles/s`;
  };
  console.log(
    `preprocess on ${fixtures.length} raw objects, ${candles} candles in, ${rows} dataset rows out`,
  );
  console.log(
    `node ${process.version}, ${cpus().length} cores; tfjs backend: none (preprocess does not use tfjs)`,
  );
  console.log(`median of ${ROUNDS} rounds, each on a fresh temp LocalObjectStore:`);
  console.log(line('first run (empty processed/)', first));
  console.log(line('full rebuild (--full, unchanged)', full));
  console.log(
    `${'incremental no-op run'.padEnd(34)} ${(median(noop) * 1000).toFixed(1).padStart(6)} ms  (lists raw/, reads nothing)`,
  );
}

void main();
