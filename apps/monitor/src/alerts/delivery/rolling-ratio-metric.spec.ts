import { loadSampleCandles } from '@cf/ohlcv/testing';
import { captureLogger } from '@cf/service/testing';
import { getJson, monitoringMetricsKey, type ObjectStore } from '@cf/storage';
import { makeTempStore } from '@cf/storage/testing';
import { evaluateDay } from '../../evaluation/evaluate-day';
import type { RollingMetrics } from '../../evaluation/rolling-metrics';
import { writeDatasets, writeForecasts } from '../../testing/fixtures';
import { runAlerts } from '../run-alerts';
import { alertsDocument } from './alerts-document-fixture';
import { RATIO_METRIC_NAME, rollingRatioRecords } from './rolling-ratio-metric';

describe('the rolling 30-day ratio as an embedded-metric log line', () => {
  let store: ObjectStore;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ store, cleanup } = await makeTempStore()));
  afterEach(() => cleanup());

  const btc = loadSampleCandles('BTC', { from: '2023-09-01', to: '2024-01-31' });
  const eth = loadSampleCandles('ETH', { from: '2023-09-01', to: '2024-01-31' });
  const day = '2024-01-20';
  const now = new Date('2024-01-21T02:00:00.000Z');

  async function scoredDay(): Promise<RollingMetrics> {
    // BTC's forecasts point a tenth against the real move (MAE exactly 1.1 times persistence's); ETH's go half-way.
    await writeDatasets(store, [btc, eth]);
    await writeForecasts(
      store,
      btc,
      { from: '2023-12-01', to: day },
      7,
      (_h, last, future) => last - 0.1 * (future! - last),
    );
    await writeForecasts(
      store,
      eth,
      { from: '2023-12-01', to: day },
      7,
      (_h, last, future) => last + 0.5 * (future! - last),
    );
    await evaluateDay({ store, logger: captureLogger().logger, scoring: { maxHorizonDays: 7 } }, day);
    return (await getJson<RollingMetrics>(store, monitoringMetricsKey('rolling', day)))!;
  }

  it('logs one line per asset and one pooled (Symbol=ALL), which CloudWatch reads as metric values', async () => {
    const rolling = await scoredDay();
    const capture = captureLogger();

    await runAlerts(
      {
        store,
        clock: () => now,
        logger: capture.logger,
        alerts: alertsDocument([]).settings,
        metricNamespace: 'CryptoForecast/prod',
      },
      day,
    );

    const lines = capture.lines().filter((l) => '_aws' in l);
    expect(lines.map((l) => l['Symbol'])).toEqual(['ALL', 'BTC', 'ETH']);
    for (const line of lines) {
      expect(line['_aws']).toEqual({
        Timestamp: now.getTime(),
        CloudWatchMetrics: [
          {
            Namespace: 'CryptoForecast/prod',
            Dimensions: [['Symbol']],
            Metrics: [{ Name: RATIO_METRIC_NAME, Unit: 'None' }],
          },
        ],
      });
      expect(line['level']).toBe('info');
    }
    const window = rolling.windows['30'];
    const value = (symbol: string) => lines.find((l) => l['Symbol'] === symbol)![RATIO_METRIC_NAME];
    expect(value('BTC')).toBeCloseTo(1.1, 10);
    expect(value('ETH')).toBeCloseTo(0.5, 10);
    expect(value('ALL')).toBe(window.overall!.ratioToPersistence.model);
    expect(lines[0]).toMatchObject({ points: window.overall!.n, window: `${window.from}..${window.to}` });
  });

  it('is logged even when LOG_LEVEL hides info lines', async () => {
    await scoredDay();
    const capture = captureLogger();
    capture.logger.level = 'error';

    await runAlerts(
      {
        store,
        clock: () => now,
        logger: capture.logger,
        alerts: alertsDocument([]).settings,
        metricNamespace: 'N',
      },
      day,
    );

    expect(capture.lines().filter((l) => '_aws' in l)).toHaveLength(3);
    expect(capture.lines().filter((l) => !('_aws' in l) && l['level'] === 'info')).toEqual([]);
  });

  it('leaves out windows resting on too few scored steps, and logs nothing without a namespace', async () => {
    const rolling = await scoredDay();
    const capture = captureLogger();

    await runAlerts(
      { store, clock: () => now, logger: capture.logger, alerts: alertsDocument([]).settings },
      day,
    );
    const thin = rollingRatioRecords(rolling, { namespace: 'N', minPoints: 10_000, timestamp: 0 });

    expect(capture.lines().filter((l) => '_aws' in l)).toEqual([]);
    expect(thin).toEqual([]);
  });
});
