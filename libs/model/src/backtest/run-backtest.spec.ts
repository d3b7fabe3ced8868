// Runs on the tfjs wasm backend (tfjs-node is not installed here): a tiny LSTM (6 -> 4 units, window 8,
// horizon 3, two epochs) beside persistence and drift, a few monthly cut-offs over real BTC and ETH candles.
import { addDays, type Candle } from '@cf/ohlcv';
import { loadSampleCandles } from '@cf/ohlcv/testing';
import { type LocalObjectStore } from '@cf/storage';
import { makeTempStore } from '@cf/storage/testing';
import type * as tfTypes from '@tensorflow/tfjs';
import { initTfBackend } from '@cf/fast-rnn';
import type { BacktestProgress } from './backtest-progress';
import type { BacktestReport } from './backtest-report';
import type { BacktestRequest } from './backtest-request';
import { runBacktest, type BacktestDeps, type BacktestResult } from './run-backtest';
import { parseForecastRows, type ForecastRow } from './test-support/csv-rows';
import { writeDatasets } from './test-support/synthetic-candles';

jest.setTimeout(30_000);

const CANDLES: Record<string, Candle[]> = {
  BTC: loadSampleCandles('BTC', { from: '2022-06-01', to: '2023-12-31' }),
  ETH: loadSampleCandles('ETH', { from: '2022-09-01', to: '2023-09-20' }),
};
const REQUEST: BacktestRequest = {
  from: '2023-06-30',
  to: '2023-09-20',
  refitEvery: 30,
  models: ['drift', 'lstm/scale-free'],
  training: {
    window: 8,
    horizon: 3,
    units: [6, 4],
    epochs: 2,
    batchSize: 32,
    learningRate: 1e-2,
    patience: 2,
    seed: 7,
  },
};

describe('runBacktest on real candles', () => {
  let tf: typeof tfTypes;
  let backend: string;
  let store: LocalObjectStore;
  let cleanup: () => Promise<void>;
  const deps = (extra: Partial<BacktestDeps> = {}): BacktestDeps => ({
    tf,
    backend,
    data: { store, prefix: 'processed/daily/' },
    output: store,
    ...extra,
  });

  // One backtest shared by the tests that only read its outcome; the store is not written by them.
  let first: BacktestResult;
  const events: BacktestProgress[] = [];

  beforeAll(async () => {
    ({ tf, name: backend } = await initTfBackend());
    ({ store, cleanup } = await makeTempStore());
    await writeDatasets(store, CANDLES);
    first = await runBacktest(deps({ onProgress: (e) => events.push(e) }), REQUEST);
  });
  afterAll(() => cleanup());

  it('writes report.json, report.md and forecasts.csv, and a re-run gives the same id and the same bytes', async () => {
    const bytes = await readAll(store, first.id);

    const second = await runBacktest(deps(), REQUEST);

    expect(first.id).toMatch(/^bt-20230630-20230920-[0-9a-f]{12}$/);
    expect(second.id).toBe(first.id);
    expect(await readAll(store, second.id)).toEqual(bytes);
    expect(first.keys).toEqual({
      report: `backtests/${first.id}/report.json`,
      markdown: `backtests/${first.id}/report.md`,
      forecasts: `backtests/${first.id}/forecasts.csv`,
    });
    const report = JSON.parse(bytes.report) as BacktestReport;
    expect(report).toEqual(JSON.parse(JSON.stringify(first.report)));
    expect(report.request).toMatchObject({
      from: '2023-06-30',
      to: '2023-09-20',
      models: ['persistence', 'drift', 'lstm/scale-free'],
    });
    expect(report.data.bySymbol['ETH']).toMatchObject({
      firstDate: '2022-09-01',
      lastDate: '2023-09-20',
      rows: CANDLES['ETH'].length,
    });
    expect(report.audit.checks.map((c) => [c.model, c.cutoff])).toEqual([
      ['persistence', '2023-06-30'],
      ['drift', '2023-06-30'],
      ['lstm/scale-free', '2023-06-30'],
    ]);
    expect(bytes.markdown).toContain('| persistence | 1.0000 |');
    expect(bytes.markdown).toBe(first.markdown);

    // Progress: one refit event per model and cut-off, epochs of the neural fits, an estimate once all ran once.
    const refits = events.filter((e) => e.type === 'refit');
    expect(events[0]).toMatchObject({
      type: 'start',
      id: first.id,
      refits: 3,
      forecasts: report.origins.forecasts,
    });
    expect(refits.map((e) => `${e.refit}/${e.refits} ${e.model}`)).toEqual(
      [1, 2, 3].flatMap((i) => ['persistence', 'drift', 'lstm/scale-free'].map((m) => `${i}/3 ${m}`)),
    );
    expect(refits.slice(0, 2).every((e) => e.etaSeconds === undefined)).toBe(true);
    expect(refits.slice(2).every((e) => typeof e.etaSeconds === 'number' && e.etaSeconds >= 0)).toBe(true);
    expect(refits[refits.length - 1].etaSeconds).toBe(0);
    expect(events.filter((e) => e.type === 'epoch').length).toBe(3 * 2);
  });

  it('forecasts every origin from the fit at the last cut-off before it, on data up to that cut-off only', async () => {
    const { report, forecastsCsv } = first;

    const rows = parseForecastRows(forecastsCsv);
    const cutoffs = report.cutoffs.map((c) => c.cutoff);
    expect(cutoffs).toEqual(['2023-06-30', '2023-07-30', '2023-08-29']);
    for (const row of rows) {
      const i = cutoffs.indexOf(row.cutoff);
      expect(row.cutoff < row.origin && row.origin <= (cutoffs[i + 1] ?? '2023-09-20')).toBe(true);
      expect(row.targetDate).toBe(addDays(row.origin, row.horizonDay));
    }
    for (const { cutoff, fits } of report.cutoffs) {
      for (const fit of Object.values(fits)) expect(fit.dataThrough <= cutoff).toBe(true);
      const neural = fits['lstm/scale-free'].neural;
      expect(neural?.validation.to).toBe(addDays(cutoff, -3));
      expect(neural?.scalersFittedThrough).toBe(neural?.train.to);
      expect(addDays(neural?.train.to ?? '', 3) < (neural?.validation.from ?? '')).toBe(true);
    }
    // Like for like: every model forecasts the same (symbol, origin) pairs; none without 3 known targets.
    const pairs = (model: string) =>
      rows.filter((r) => r.model === model && r.horizonDay === 1).map((r) => `${r.symbol} ${r.origin}`);
    expect(pairs('drift')).toEqual(pairs('persistence'));
    expect(pairs('lstm/scale-free')).toEqual(pairs('persistence'));
    // ETH ends on 2023-09-20, so its last origin with 3 known targets is 2023-09-17; BTC's is `to`.
    const last = (symbol: string) =>
      pairs('persistence')
        .filter((p) => p.startsWith(symbol))
        .pop();
    expect([last('BTC'), last('ETH')]).toEqual(['BTC 2023-09-20', 'ETH 2023-09-17']);
    expect(report.origins).toMatchObject({
      from: '2023-07-01',
      to: '2023-09-20',
      forecasts: pairs('persistence').length,
    });
  });

  it('scores persistence at exactly 1, its errors being |close[o+h] - close[o]|, and the report recomputes from the CSV', async () => {
    const { report, forecastsCsv } = first;

    const rows = parseForecastRows(forecastsCsv);
    const close = new Map(
      Object.values(CANDLES)
        .flat()
        .map((c) => [`${c.symbol} ${c.date}`, c.close]),
    );

    const persistence = report.models.find((m) => m.model === 'persistence');
    for (const symbol of ['BTC', 'ETH']) {
      expect(persistence?.bySymbol[symbol].overall.ratio).toBe(1);
      for (let k = 1; k <= 3; k++) {
        const mine = rows.filter(
          (r) => r.model === 'persistence' && r.symbol === symbol && r.horizonDay === k,
        );
        const errors = mine.map((r) =>
          Math.abs(
            (close.get(`${symbol} ${addDays(r.origin, k)}`) ?? NaN) -
              (close.get(`${symbol} ${r.origin}`) ?? NaN),
          ),
        );
        expect(mine.every((r) => r.predictedReturn === 0 && r.predictedClose === r.persistenceClose)).toBe(
          true,
        );
        expect(persistence?.bySymbol[symbol].byHorizonDay[k - 1].mae).toBeCloseTo(mean(errors), 9);
        expect(persistence?.bySymbol[symbol].byHorizonDay[k - 1].ratio).toBe(1);
      }
    }
    // Every number of the neural model recomputed from forecasts.csv alone (1e-9 relative).
    const lstm = report.models.find((m) => m.model === 'lstm/scale-free');
    for (const symbol of ['BTC', 'ETH']) {
      for (let k = 1; k <= 3; k++) {
        const mine = rows.filter(
          (r) => r.model === 'lstm/scale-free' && r.symbol === symbol && r.horizonDay === k,
        );
        const scores = lstm?.bySymbol[symbol].byHorizonDay[k - 1];
        const modelMae = mean(mine.map((r) => Math.abs(r.predictedClose - r.actualClose)));
        const persistenceMae = mean(mine.map((r) => Math.abs(r.persistenceClose - r.actualClose)));
        expect(relative(scores?.mae ?? NaN, modelMae)).toBeLessThan(1e-9);
        expect(relative(scores?.ratio ?? NaN, modelMae / persistenceMae)).toBeLessThan(1e-9);
        expect(scores?.directionalAccuracy).toBe(mean(mine.map(hit)));
        expect(mine.every((r) => r.actualClose === close.get(`${symbol} ${r.targetDate}`))).toBe(true);
      }
    }
    const average = lstm?.average.overall.ratio ?? NaN;
    expect(average).toBeCloseTo(
      ((lstm?.bySymbol['BTC'].overall.ratio ?? 0) + (lstm?.bySymbol['ETH'].overall.ratio ?? 0)) / 2,
      12,
    );
    expect(report.ranking.map((r) => r.model).sort()).toEqual(['drift', 'lstm/scale-free', 'persistence']);
  });

  it('fits on the last trainDays days only in rolling mode', async () => {
    const { report } = await runBacktest(deps(), {
      ...REQUEST,
      to: '2023-08-10',
      windowMode: 'rolling',
      trainDays: 200,
      audit: 'all',
    });

    for (const { cutoff, fits } of report.cutoffs) {
      expect(fits['drift'].dataFrom).toBe(addDays(cutoff, -199));
      expect((fits['lstm/scale-free'].neural?.train.from ?? '') > addDays(cutoff, -200)).toBe(true);
    }
    expect(report.audit.checks).toHaveLength(2 * 3);
  });
});

async function readAll(
  store: LocalObjectStore,
  id: string,
): Promise<Record<'report' | 'markdown' | 'forecasts', string>> {
  const text = async (file: string) => (await store.get(`backtests/${id}/${file}`))?.toString('utf8') ?? '';
  return {
    report: await text('report.json'),
    markdown: await text('report.md'),
    forecasts: await text('forecasts.csv'),
  };
}

function hit(r: ForecastRow): number {
  return Math.sign(r.predictedClose - r.persistenceClose) === Math.sign(r.actualClose - r.persistenceClose)
    ? 1
    : 0;
}

function mean(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}

function relative(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
}
