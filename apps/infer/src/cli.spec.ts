import { readFile, readdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { dayToEpochMs, formatCandlesCsv, type Forecast } from '@cf/ohlcv';
import { sampleDataDir } from '@cf/ohlcv/testing';
import { getJson, latestPredictionKey, type ObjectStore } from '@cf/storage';
import { makeTempStore } from '@cf/storage/testing';
import { captureLogger } from '@cf/service/testing';
import { runCli, type CliContext } from './cli';
import { loadConfig } from './config';
import { createVersionCache } from './job/version-cache';
import { makeTempDir, sampleCandles, writeDataset, writeModelFixture } from './test-support/model-fixture';

// Tests run on the tfjs wasm backend (tfjs-node cannot be installed offline).
jest.setTimeout(30_000);

const cleanups: (() => Promise<void>)[] = [];
let store: ObjectStore;
let storeUrl: string;
let work: string;
let modelDir: string;
const btc = sampleCandles('BTC');

beforeAll(async () => {
  const temp = await makeTempStore();
  const dir = await makeTempDir();
  cleanups.push(temp.cleanup, dir.cleanup);
  ({ store } = temp);
  storeUrl = temp.store.url;
  work = dir.dir;
  ({ modelDir } = await writeModelFixture(store, work));
  await writeDataset(store, 'BTC', btc);
  await writeDataset(store, 'ETH', sampleCandles('ETH'));
});

afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

function context(env: Record<string, string> = {}): CliContext & { printed: () => string } {
  const printed: string[] = [];
  return {
    config: loadConfig({ TF_BACKEND: 'wasm', ...env }),
    logger: captureLogger().logger,
    clock: () => new Date('2024-02-12T06:00:00.000Z'),
    versionCache: createVersionCache(),
    print: (text) => printed.push(text),
    printed: () => printed.join(''),
  };
}

async function file(name: string, text: string): Promise<string> {
  const at = path.join(work, name);
  await writeFile(at, text);
  return at;
}

async function predict(
  input: string,
  extra: string[] = [],
): Promise<{ code: number; printed: string; forecasts: Forecast[]; out: string }> {
  const out = path.join(work, `out-${path.basename(input)}-${extra.join('')}`);
  const ctx = context();
  const code = await runCli(
    ['predict', '--model-dir', modelDir, '--input-csv', input, '--output-dir', out, ...extra],
    ctx,
  );
  const forecasts = JSON.parse(await readFile(path.join(out, 'latest_all.json'), 'utf8')) as Forecast[];
  return { code, printed: ctx.printed(), forecasts, out };
}

const withoutTime = (forecasts: readonly Forecast[]) => forecasts.map(({ generatedAt: _t, ...rest }) => rest);

describe('infer predict', () => {
  it('forecasts every symbol of a standard CSV, prints the table and writes the JSON and CSV files', async () => {
    const input = await file('both.csv', formatCandlesCsv([...btc, ...sampleCandles('ETH')]));

    const { code, printed, forecasts, out } = await predict(input);

    expect(code).toBe(0);
    expect(forecasts.map((f) => f.symbol)).toEqual(['BTC', 'ETH']);
    expect(forecasts[0].generatedAt).toBe('2024-02-12T06:00:00.000Z');
    expect((await readdir(out)).sort()).toEqual([
      'BTC.csv',
      'BTC.json',
      'ETH.csv',
      'ETH.json',
      'latest_all.csv',
      'latest_all.json',
      'missing_symbols.json',
    ]);
    const first = forecasts[0].steps[0];
    expect(printed).toContain(`BTC  last close ${btc[btc.length - 1].close.toFixed(2)} on 2024-02-11`);
    expect(printed).toContain(
      `1   2024-02-12  ${`${first.predictedReturn >= 0 ? '+' : ''}${(first.predictedReturn * 100).toFixed(3)}`.padStart(10)}`,
    );
  });

  it("reads the original system's CryptoCompare columns (time in epoch seconds, volumefrom/volumeto) the same way", async () => {
    const standard = await predict(await file('btc.csv', formatCandlesCsv(btc)));
    const lines = btc.map((c) =>
      [
        dayToEpochMs(c.date) / 1000,
        c.high,
        c.low,
        c.open,
        c.volume / c.close,
        c.volume,
        c.close,
        'direct',
        '',
      ].join(','),
    );
    const original = await file(
      'btc-cryptocompare.csv',
      ['time,high,low,open,volumefrom,volumeto,close,conversionType,conversionSymbol', ...lines].join('\n') +
        '\n',
    );

    const { forecasts } = await predict(original, ['--symbols', 'BTC']);

    expect(withoutTime(forecasts)).toEqual(withoutTime(standard.forecasts));
  });

  it('reads a Yahoo-style file when --symbols names its one symbol, and refuses it without', async () => {
    const yahoo = path.join(sampleDataDir(), 'yahoo', 'BTC-USD_1d.csv');
    const standard = await predict(await file('btc2.csv', formatCandlesCsv(btc)));

    const { forecasts } = await predict(yahoo, ['--symbols', 'BTC']);
    const refused = runCli(['predict', '--model-dir', modelDir, '--input-csv', yahoo], context());

    expect(withoutTime(forecasts)).toEqual(withoutTime(standard.forecasts));
    await expect(refused).rejects.toMatchObject({
      code: 'INFER_INVALID_CANDLES',
      message: expect.stringMatching(/no symbol column.*name its one symbol with --symbols SYM/),
    });
  });

  it('keeps only the symbols asked for and reports those it cannot forecast', async () => {
    const input = await file(
      'three.csv',
      formatCandlesCsv([...btc, ...sampleCandles('ETH'), ...sampleCandles('SOL').slice(-9)]),
    );

    const { forecasts, out, printed } = await predict(input, ['--symbols', 'ETH,SOL,XRP']);

    expect(forecasts.map((f) => f.symbol)).toEqual(['ETH']);
    expect(JSON.parse(await readFile(path.join(out, 'missing_symbols.json'), 'utf8'))).toEqual([
      expect.objectContaining({ symbol: 'SOL', code: 'MODEL_INSUFFICIENT_DATA', needed: 22, available: 9 }),
      { symbol: 'XRP', code: 'INFER_NO_DATASET', reason: 'three.csv has no rows for XRP' },
    ]);
    expect(printed).toContain('XRP  no forecast: three.csv has no rows for XRP');
  });

  it.each([
    [['predict', '--input-csv', 'x.csv'], /predict needs --model-dir DIR and --input-csv FILE/],
    [
      ['predict', '--model-dir', '/nonexistent/model', '--input-csv', '/nonexistent/in.csv'],
      /input CSV '\/nonexistent\/in.csv' does not exist/,
    ],
    [['predict', '--bogus'], /Unknown option '--bogus'/],
    [['train'], /unknown command 'train'/],
  ])('refuses %j with an input error', async (argv, message) => {
    await expect(runCli(argv, context())).rejects.toThrow(message);
  });

  it('names a missing model folder', async () => {
    const input = await file('btc3.csv', formatCandlesCsv(btc.slice(-40)));

    await expect(
      runCli(['predict', '--model-dir', path.join(work, 'nope'), '--input-csv', input], context()),
    ).rejects.toMatchObject({
      code: 'INFER_INPUT_NOT_FOUND',
      kind: 'not-found',
    });
  });
});

describe('infer run', () => {
  it('runs the scheduled job against --store and prints the forecasts', async () => {
    const ctx = context({ INFER_SYMBOLS: 'BTC,ETH,BNB' });

    const code = await runCli(['run', '--store', storeUrl, '--symbols', 'BTC,ETH'], ctx);

    expect(code).toBe(0);
    const all = await getJson<Forecast[]>(store, latestPredictionKey('latest_all.json'));
    expect(all!.map((f) => f.symbol)).toEqual(['BTC', 'ETH']);
    expect(ctx.printed()).toMatch(
      /model \d{8}T\d{6}Z-[0-9a-f]{8} lstm\/scale-free \(in-process\) -> file:\/\/.*: 11 objects written, 0 unchanged, 0 deleted/,
    );
  });

  it('prints the usage for help', async () => {
    const ctx = context();

    expect(await runCli(['help'], ctx)).toBe(0);
    expect(ctx.printed()).toContain('infer predict --model-dir DIR --input-csv FILE');
  });
});
