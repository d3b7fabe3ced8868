import { findPromotedMetadata } from '@cf/model';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { loadSampleCandles } from '@cf/ohlcv/testing';
import { captureLogger } from '@cf/service/testing';
import { getJson, listAll, type ObjectStore } from '@cf/storage';
import { makeTempStore } from '@cf/storage/testing';
import { runCli, USAGE } from './cli';
import { loadConfig } from './config';
import type { MonitorStatus } from './status/monitor-status';
import { persistenceModel, writeDatasets, writeForecasts } from './testing/fixtures';

// The daily cycle through the CLI, on the wasm backend: the retraining parameters come from the environment (a
// tiny network), as an operator would set them.
const ENV = {
  MONITOR_TRAIN_MODEL: 'lstm/scale-free',
  MONITOR_TRAIN_SYMBOLS: 'BTC,ETH',
  MONITOR_TRAIN_WINDOW: '8',
  MONITOR_TRAIN_HORIZON: '3',
  MONITOR_TRAIN_EPOCHS: '2',
  MONITOR_TRAIN_UNITS: '6,4',
  MONITOR_TRAIN_BATCH_SIZE: '32',
  MONITOR_TRAIN_LEARNING_RATE: '0.01',
  MONITOR_TRAIN_PATIENCE: '2',
  LOG_LEVEL: 'silent',
};

describe('monitor CLI', () => {
  let store: ObjectStore;
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ store, dir, cleanup } = await makeTempStore()));
  afterEach(() => cleanup());

  async function cli(...argv: string[]): Promise<{ code: number; lines: string[] }> {
    const lines: string[] = [];
    const code = await runCli(argv, {
      config: loadConfig({ ...ENV, STORE_URL: dir }),
      logger: captureLogger().logger,
      out: (line) => lines.push(...line.split('\n')),
    });
    return { code, lines };
  }

  it('prints its usage, and rejects unknown commands and bad options naming them', async () => {
    // act + assert
    expect(await cli('--help')).toEqual({ code: 0, lines: USAGE.split('\n') });
    await expect(cli('evaluat')).rejects.toMatchObject({
      code: 'MONITOR_INVALID_ARGUMENT',
      message: "unknown command 'evaluat'; see --help",
    });
    await expect(cli('evaluate', '--from', '2024-01-01')).rejects.toThrow('--from and --to go together');
    await expect(cli('evaluate', '--day', '2024-1-1')).rejects.toThrow(
      "--day '2024-1-1' is not a YYYY-MM-DD day",
    );
    await expect(cli('promote')).rejects.toThrow('promote needs --version V');
    await expect(cli('status', '--now', 'yesterday')).rejects.toThrow(
      "--now 'yesterday' is not an ISO time or a YYYY-MM-DD day",
    );
    await expect(cli('status', '--verbose')).rejects.toMatchObject({ code: 'MONITOR_INVALID_ARGUMENT' });
  });

  it('runs the daily cycle end to end, and a second run finds everything done', async () => {
    // prepare: five weeks of published persistence forecasts, no model yet
    await writeDatasets(
      store,
      ['BTC', 'ETH'].map((s) => loadSampleCandles(s, { from: '2023-01-01', to: '2024-02-11' })),
    );
    for (const symbol of ['BTC', 'ETH']) {
      await writeForecasts(
        store,
        loadSampleCandles(symbol, { from: '2023-01-01', to: '2024-02-11' }),
        { from: '2024-01-01', to: '2024-02-10' },
        7,
        persistenceModel,
      );
    }

    // act
    const first = await cli('run', '--now', '2024-02-12T06:00:00Z');
    const second = await cli('run', '--now', '2024-02-12T07:00:00Z');

    // assert: first run
    expect(first.code).toBe(0);
    expect(first.lines[0]).toBe('day: 2024-02-11');
    expect(first.lines[1]).toBe('evaluation: 2024-01-02..2024-02-11, 532 steps');
    // the published forecasts are persistence's own: they predict no move, so no direction alert fires
    expect(first.lines[3]).toMatch(
      /^retraining: yes \(no model is promoted\) -> succeeded \d{8}T\d{6}Z-[0-9a-f]{8}$/,
    );
    // the tiny network is a little worse than persistence on its held-out origins: refused, and with nothing
    // live, persistence goes live as the champion
    expect(first.lines[4]).toMatch(
      /^promotion: \S+ \(lstm\/scale-free\) refused \(nothing is promoted yet: the candidate must still pass the gate; lstm\/scale-free ratio to persistence 1\.\d{4} > limit 1\.0000 on 364 held-out forecasts; /,
    );
    expect(first.lines[5]).toMatch(/^champion: \d{8}T\d{6}Z-[0-9a-f]{8} \(persistence\) promoted$/);
    expect(first.lines[6]).toBe(`dashboard: ${path.join(dir, 'monitoring/dashboard/index.html')}`);
    expect((await findPromotedMetadata(store))?.model).toBe('persistence');
    expect((await listAll(store, 'monitoring/daily/')).length).toBe(41);
    // assert: second run
    expect(second.code).toBe(0);
    expect(second.lines[1]).toBe('evaluation: up to date: 2024-02-11 is evaluated');
    expect(second.lines[3]).toMatch(
      /^retraining: no \(not due: 0 day\(s\) since the last training, next on 2024-02-19; no degradation alert on 2024-02-11\)$/,
    );
    expect(second.lines[4]).toBe('promotion: no new candidate');
    expect(second.lines).toHaveLength(6);
    const status = JSON.parse(
      (await cli('status', '--json', '--now', '2024-02-12T08:00:00Z')).lines.join('\n'),
    ) as MonitorStatus;
    expect(status.lastTraining).toMatchObject({ trainer: 'local', result: 'succeeded' });
    expect(status.lastEvaluation).toMatchObject({ day: '2024-02-11', points: 14 });
    expect(status.lastEvaluation?.rolling['30']).toMatchObject({ n: 420, ratioToPersistence: { model: 1 } });
    expect(status.warnings).toContain(
      'over the last 30 days the forecasts were no better than persistence (MAE ratio 1.000, 420 points)',
    );
  }, 60_000);

  it('evaluates a range, and writes the dashboard to a file too', async () => {
    // prepare
    const candles = loadSampleCandles('BTC', { from: '2023-10-01', to: '2024-02-11' });
    await writeDatasets(store, [candles]);
    await writeForecasts(store, candles, { from: '2024-01-20', to: '2024-02-10' }, 7, persistenceModel);
    const out = path.join(dir, 'page.html');

    // act
    const evaluated = await cli('evaluate', '--from', '2024-02-01', '--to', '2024-02-02');
    const dashboard = await cli('dashboard', '--out', out, '--now', '2024-02-12');

    // assert
    expect(evaluated.lines).toEqual([
      '2024-02-01: 7 forecast steps scored; rolling 30 days: 63 steps, MAE ratio to persistence 1.000, direction 0.0% (written)',
      '2024-02-02: 7 forecast steps scored; rolling 30 days: 70 steps, MAE ratio to persistence 1.000, direction 0.0% (written)',
    ]);
    expect(dashboard.lines[0]).toBe(`dashboard: ${path.join(dir, 'monitoring/dashboard/index.html')}`);
    expect(dashboard.lines[1]).toBe(`dashboard: ${out}`);
    expect(await readFile(out, 'utf8')).toBe(
      (await store.get('monitoring/dashboard/index.html'))!.toString(),
    );
    expect(
      (await getJson<{ window: unknown }>(store, 'monitoring/dashboard/dashboard.json'))?.window,
    ).toEqual({ from: '2023-11-05', to: '2024-02-02' });
  });
});
