// Runs on the tfjs wasm backend (tfjs-node is not installed here): a tiny dense model beside persistence and
// drift, three monthly cut-offs over real BTC and ETH candles in a temp store.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { BacktestReport } from '@cf/forecasting';
import { modelKinds } from '@cf/model';
import { captureLogger } from '@cf/service/testing';
import { LocalObjectStore } from '@cf/storage';
import { loadConfig } from '../config';
import { writeProcessedDatasets } from '../test-support/processed-data';
import { parseBacktestArgs } from './backtest-args';
import { runBacktestCli } from './backtest-cli';
import { duration } from './backtest-progress-lines';

jest.setTimeout(60_000);

describe('runBacktestCli', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'cf-train-backtest-'));
    await writeProcessedDatasets(dir);
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('prints progress with the time left and the report, and writes backtests/{id}/ to the store', async () => {
    const command = parseBacktestArgs(
      ['--from', '2023-09-01', '--to', '2023-11-30', '--refit-every', '30', '--models', 'drift,dense'] //
        .concat(['--window', '8', '--horizon', '3', '--units', '4,4', '--epochs', '2', '--batch-size', '32'])
        .concat(['--learning-rate', '0.01', '--patience', '2', '--store', `file://${dir}`]),
      modelKinds(),
    );
    if (command.command !== 'backtest') throw new Error('expected a backtest');
    let printed = '';
    let ms = 0;

    const code = await runBacktestCli(command, {
      config: loadConfig({}),
      logger: captureLogger().logger,
      out: (text) => (printed += text),
      kinds: modelKinds(),
      backend: async () => 'wasm',
      now: () => (ms += 250),
    });

    expect(code).toBe(0);
    const lines = printed.split('\n');
    expect(lines[0]).toBe(
      `backtest of persistence, drift, dense/scale-free on file://${dir}, tfjs backend wasm`,
    );
    expect(lines[1]).toMatch(
      /^backtest bt-20230901-20231130-[0-9a-f]{12}: 3 refit\(s\) from 2023-09-01 to 2023-11-30, models persistence, drift, dense\/scale-free, \d+ forecasts each over BTC, ETH$/,
    );
    expect(
      lines.filter((l) => /^refit \d\/3 dense\/scale-free cut-off \S+ {2}epoch [12]\/2 {2}loss /.test(l)),
    ).toHaveLength(6);
    const refits = lines.filter((l) => /^refit \d\/3 \S+ cut-off \S+: fit /.test(l));
    expect(refits).toHaveLength(9);
    expect(refits[0]).toContain('estimating time left');
    expect(refits[3]).toMatch(
      /refit 2\/3 persistence cut-off 2023-10-01: fit .*; elapsed .*, about .* left$/,
    );
    expect(refits[1]).toMatch(/audit \d/);
    expect(printed).toMatch(/\| dense\/scale-free \| \d\.\d{4} \|/);
    expect(printed).toMatch(
      /^(Best model: \S+, pooled ratio to persistence 0\.\d{4}|No model beats persistence: the best, \S+, has a pooled ratio of \d\.\d{4})/m,
    );

    const id = /backtest (bt-\S+) written to/.exec(printed)?.[1] ?? '';
    expect(printed).toContain(`backtest ${id} written to file://${dir}/backtests/${id}/`);
    const store = new LocalObjectStore(dir);
    const report = JSON.parse(
      (await store.get(`backtests/${id}/report.json`))?.toString() ?? '{}',
    ) as BacktestReport;
    expect(report.models.map((m) => m.model)).toEqual(['persistence', 'drift', 'dense/scale-free']);
    expect((await store.get(`backtests/${id}/report.md`))?.toString()).toBe(
      printed.slice(
        printed.indexOf('# Walk-forward'),
        printed.indexOf('\n\n', printed.lastIndexOf('| dense')) + 1,
      ),
    );
    expect(await store.head(`backtests/${id}/forecasts.csv`)).toBeDefined();
  });

  it('formats durations for people', () => {
    expect([duration(4.4), duration(185), duration(3720)]).toEqual(['4 s', '3 min 5 s', '1 h 2 min']);
  });
});
