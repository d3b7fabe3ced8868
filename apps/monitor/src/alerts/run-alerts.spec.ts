import { addDays, type Candle } from '@cf/ohlcv';
import { loadSampleCandles } from '@cf/ohlcv/testing';
import { alertsKey, modelKey, LATEST_MODEL_VERSION, putJson, type ObjectStore } from '@cf/storage';
import { makeTempStore } from '@cf/storage/testing';
import { captureLogger } from '@cf/service/testing';
import { evaluateDay } from '../evaluation/evaluate-day';
import { syntheticCandles, writeDatasets, writeForecasts } from '../testing/fixtures';
import { metadataFixture } from '../testing/metadata-fixture';
import { randomWalkCandles } from '../testing/random-walk';
import type { AlertSettings } from './alert-settings';
import { runAlerts, type AlertsDeps } from './run-alerts';

const SETTINGS: AlertSettings = {
  maxRatioToPersistence: 1.05,
  minDirectionalAccuracy: 0.5,
  coverageBand: 0.05,
  minPoints: 30,
  staleDays: 2,
  moveSigmas: 6,
  moveLookbackDays: 90,
  gapLookbackDays: 90,
  recentDays: 30,
  volatilityRatio: 2,
  psiLimit: 0.25,
  psiBins: 10,
};

describe('runAlerts', () => {
  let store: ObjectStore;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ store, cleanup } = await makeTempStore()));
  afterEach(() => cleanup());

  function deps(today: string, settings: Partial<AlertSettings> = {}) {
    const capture = captureLogger();
    const value: AlertsDeps = {
      store,
      clock: () => new Date(`${today}T06:00:00.000Z`),
      logger: capture.logger,
      alerts: { ...SETTINGS, ...settings },
    };
    return { deps: value, lines: capture.lines };
  }

  describe('degradation', () => {
    const btc = loadSampleCandles('BTC', { from: '2023-09-01', to: '2024-01-31' });
    const eth = loadSampleCandles('ETH', { from: '2023-09-01', to: '2024-01-31' });
    const range = { from: '2023-12-01', to: '2024-01-20' };
    const day = '2024-01-20';

    async function evaluate(): Promise<void> {
      await evaluateDay({ store, logger: captureLogger().logger, scoring: { maxHorizonDays: 7 } }, day);
    }

    it('alerts when the model is worse than persistence and wrong about direction, with one log line each', async () => {
      // prepare: BTC forecasts point against the real move (ratio 1.1, direction always wrong); ETH half-way to the truth
      await writeDatasets(store, [btc, eth]);
      await writeForecasts(store, btc, range, 7, (_h, last, future) => last - 0.1 * (future! - last));
      await writeForecasts(store, eth, range, 7, (_h, last, future) => last + 0.5 * (future! - last));
      await evaluate();
      const { deps: d, lines } = deps('2024-01-21');

      // act
      const doc = await runAlerts(d, day);

      // assert
      const degradation = doc.alerts.filter((a) => a.family === 'degradation');
      expect(degradation.map((a) => [a.type, a.symbol])).toEqual([
        ['degradation-direction', 'BTC'],
        ['degradation-ratio', 'BTC'],
      ]);
      const ratio = degradation.find((a) => a.type === 'degradation-ratio')!;
      expect(ratio.values.ratioToPersistence).toBeCloseTo(1.1, 10);
      expect(ratio.values.points).toBe(210);
      expect(ratio.threshold).toEqual({ maxRatioToPersistence: 1.05, minPoints: 30 });
      const logged = lines().filter((l) => l.alert === 'degradation-ratio');
      expect(logged).toHaveLength(1);
      expect(logged[0]).toMatchObject({
        level: 'warn',
        symbol: 'BTC',
        threshold: { maxRatioToPersistence: 1.05 },
      });
      expect(JSON.parse((await store.get(alertsKey(day)))!.toString()).alerts).toEqual(doc.alerts);
    });

    it('stays quiet for a model better than persistence, and below the minimum number of points', async () => {
      // prepare
      await writeDatasets(store, [btc, eth]);
      await writeForecasts(store, btc, range, 7, (_h, last, future) => last + 0.5 * (future! - last));
      await writeForecasts(store, eth, range, 7, (_h, last, future) => last - 0.1 * (future! - last));
      await evaluate();

      // act
      const calm = await runAlerts(deps('2024-01-21').deps, day);
      const few = await runAlerts(deps('2024-01-21', { minPoints: 500 }).deps, day);

      // assert
      expect(calm.alerts.filter((a) => a.symbol === 'BTC')).toEqual([]);
      expect(calm.alerts.some((a) => a.symbol === 'ETH' && a.type === 'degradation-ratio')).toBe(true);
      expect(few.alerts.filter((a) => a.family === 'degradation')).toEqual([]);
      expect(few.checks.degradation.ran).toBe(true);
    });
  });

  describe('data problems', () => {
    const calm = randomWalkCandles('CALM', '2023-01-01', 200, { seed: 1, volatility: () => 0.02 });

    it('flags stale data against the clock, recent gaps from the manifest and a jump of many sigmas', async () => {
      // prepare: JUMP closes 60% up on its last day; GAPPY misses two recent days
      const jumpCloses = calm.map((c) => c.close);
      jumpCloses[jumpCloses.length - 1] = jumpCloses[jumpCloses.length - 2] * 1.6;
      const jump = syntheticCandles('JUMP', '2023-01-01', jumpCloses);
      const gappy = calm
        .map((c) => ({ ...c, symbol: 'GAPPY' }))
        .filter((c) => c.date !== '2023-07-01' && c.date !== '2023-07-02');
      await writeDatasets(store, [calm, jump, gappy]);
      const last = calm[calm.length - 1].date;

      // act
      const doc = await runAlerts(deps(addDays(last, 5)).deps, last);

      // assert
      expect(doc.alerts.map((a) => [a.type, a.symbol])).toEqual([
        ['data-gap', 'GAPPY'],
        ['extreme-move', 'JUMP'],
        ['stale-data', 'CALM'],
        ['stale-data', 'GAPPY'],
        ['stale-data', 'JUMP'],
      ]);
      const gap = doc.alerts[0];
      expect(gap.values).toEqual({ from: '2023-07-01', to: '2023-07-02', missingDays: 2 });
      const move = doc.alerts[1];
      expect(move.values.logReturn).toBeCloseTo(Math.log(1.6), 12);
      expect(move.values.sigmas as number).toBeGreaterThan(6);
      expect(doc.alerts[2].values).toEqual({ lastDate: last, ageDays: 5, today: addDays(last, 5) });
      expect(doc.checks.notes).toEqual([
        `degradation: no rolling metrics for ${last} (evaluate the day first)`,
        'regime: no promoted model, so no training period to compare with',
      ]);
    });

    it('stays quiet on fresh, complete, calm data', async () => {
      // prepare
      await writeDatasets(store, [calm]);
      const last = calm[calm.length - 1].date;
      // act
      const doc = await runAlerts(deps(addDays(last, 1)).deps, last);
      // assert
      expect(doc.alerts).toEqual([]);
    });

    it('reports a dataset the promoted model needs but the store lacks', async () => {
      // prepare
      await writeDatasets(store, [calm]);
      const train = { from: '2023-01-20', to: '2023-05-31' };
      await putJson(
        store,
        modelKey(LATEST_MODEL_VERSION, 'metadata.json'),
        metadataFixture({ version: 'v1', symbols: ['CALM', 'LOST'], train }),
      );
      const last = calm[calm.length - 1].date;
      // act
      const doc = await runAlerts(deps(addDays(last, 1)).deps, last);
      // assert
      const data = doc.alerts.filter((a) => a.family === 'data');
      expect(data.map((a) => [a.type, a.symbol])).toEqual([['missing-data', 'LOST']]);
    });
  });

  describe('regime shifts', () => {
    const symbols = ['A1', 'A2', 'A3', 'A4', 'A5'];
    const train = { from: '2022-02-01', to: '2023-06-30' };
    const days = 800; // 2022-01-01 .. 2024-03-10
    const last = addDays('2022-01-01', days - 1);
    const walk = (shock: boolean): Candle[][] =>
      symbols.map((symbol, s) =>
        randomWalkCandles(symbol, '2022-01-01', days, {
          seed: 11 + s,
          volatility: (i) => (shock && i >= days - 30 ? 0.1 : 0.02),
        }),
      );

    async function prepare(shock: boolean): Promise<void> {
      await writeDatasets(store, walk(shock));
      await putJson(
        store,
        modelKey(LATEST_MODEL_VERSION, 'metadata.json'),
        metadataFixture({ version: 'v1', symbols, train }),
      );
    }

    it('flags a volatility regime and the features it moves when the last 30 days are 5 times as volatile', async () => {
      // prepare
      await prepare(true);
      // act
      const doc = await runAlerts(deps(addDays(last, 1)).deps, last);
      // assert
      const regime = doc.alerts.filter((a) => a.family === 'regime');
      expect(regime.filter((a) => a.type === 'volatility-regime').map((a) => a.symbol)).toEqual(symbols);
      for (const a of regime.filter((r) => r.type === 'volatility-regime')) {
        expect(a.values.ratio as number).toBeGreaterThan(3);
        expect(a.values.ratio as number).toBeLessThan(7);
      }
      const drifted = regime.filter((a) => a.type === 'feature-drift').map((a) => a.values.feature);
      expect(drifted).toEqual(expect.arrayContaining(['log_return', 'range_to_close', 'log_return_std_7']));
      expect(drifted).not.toContain('log_volume_change');
      expect(doc.checks.featureDrift?.psi.log_return_std_7).toBeGreaterThan(1);
      expect(doc.checks.featureDrift?.recent).toEqual({ from: addDays(last, -29), to: last, rows: 150 });
      expect(doc.modelVersion).toBe('v1');
    });

    it('stays quiet when the recent days come from the same process as the training period', async () => {
      // prepare
      await prepare(false);
      // act
      const doc = await runAlerts(deps(addDays(last, 1)).deps, last);
      // assert
      expect(doc.alerts).toEqual([]);
      for (const check of Object.values(doc.checks.volatility!)) {
        expect(check!.ratio).toBeGreaterThan(0.7);
        expect(check!.ratio).toBeLessThan(1.4);
      }
    });
  });
});
