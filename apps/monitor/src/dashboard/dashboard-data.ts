import { addDays, parseForecast, type Forecast, type IsoDay } from '@cf/ohlcv';
import {
  getJson,
  InvalidJsonError,
  latestPredictionKey,
  listAll,
  monitoringMetricsKey,
  type ObjectStore,
} from '@cf/storage';
import type { Alert } from '../alerts/alert';
import type { MonitorConfig } from '../config';
import { createForecastSource } from '../data/forecast-source';
import { createMarketData } from '../data/market-data';
import type { GroupWithHorizons } from '../evaluation/group-metrics';
import type { RollingMetrics } from '../evaluation/rolling-metrics';
import { dayOfKey } from '../monitor-keys';
import { listPromotionRecords } from '../promotion/promotion-record';
import { buildStatus, type MonitorStatus, type StatusSettings } from '../status/monitor-status';
import { buildFanChart, type DrawnForecast, type FanChart } from './fan-data';
import { rollingRangePoint, type RollingRangePoint } from './range-rolling';
import { plainVerdict, type Verdict } from './verdict';

/** One day's value of a rolling metric (null where it is undefined). */
export interface RollingPoint {
  readonly date: IsoDay;
  readonly points: number;
  readonly ratioModel: number | null;
  readonly ratioDrift: number | null;
  readonly accuracyModel: number | null;
  readonly accuracyDrift: number | null;
  readonly maeModel: number | null;
  readonly maePersistence: number | null;
  readonly maeDrift: number | null;
}

/** A forecast path drawn from its origin close. */
export interface ForecastPath {
  readonly origin: IsoDay;
  readonly modelVersion: string;
  readonly latest: boolean;
  readonly path: readonly { readonly date: IsoDay; readonly value: number }[];
}

/** One asset's panel. */
export interface AssetPanel {
  readonly symbol: string;
  readonly closes: readonly { readonly date: IsoDay; readonly value: number }[];
  readonly forecasts: readonly ForecastPath[];
  /** Rolling 30-day metrics per evaluated day. */
  readonly rolling: readonly RollingPoint[];
  /** The latest rolling windows (7 and 30 days). */
  readonly current: Readonly<Record<string, GroupWithHorizons | null>>;
  /** The recipe of the latest forecast; null without one. */
  readonly model: string | null;
  /** The latest forecast's fan chart; null when it publishes no ranges. */
  readonly fan: FanChart | null;
  /** Rolling 30-day range scores per evaluated day that has them. */
  readonly ranges: readonly RollingRangePoint[];
}

/** `monitoring/dashboard/dashboard.json`: everything the page draws. */
export interface DashboardData {
  readonly schemaVersion: 1;
  readonly generatedAt: string;
  /** Days shown. */
  readonly window: { readonly from: IsoDay; readonly to: IsoDay };
  /** Rolling values resting on fewer scored steps are not drawn (MONITOR_MIN_POINTS). */
  readonly minPoints: number;
  readonly verdict: Verdict;
  readonly status: MonitorStatus;
  readonly overall: {
    readonly rolling: readonly RollingPoint[];
    readonly current: Readonly<Record<string, GroupWithHorizons | null>>;
    /** Rolling 30-day range scores of all assets pooled, per evaluated day that has them. */
    readonly ranges: readonly RollingRangePoint[];
  };
  readonly assets: readonly AssetPanel[];
  readonly alerts: readonly Alert[];
  readonly promotions: readonly {
    readonly decidedAt: string;
    readonly version: string;
    readonly kind: string;
    readonly status: string;
    readonly beatsPersistence: boolean | null;
    readonly ratioToPersistence: number | null;
    readonly reasons: readonly string[];
  }[];
}

/** Dashboard settings: days shown, the fewest steps a drawn rolling value rests on, the retraining schedule. */
export interface DashboardSettings extends StatusSettings {
  readonly days: number;
  readonly minPoints: number;
}

/** The dashboard settings of a configuration. */
export function dashboardSettingsOf(config: MonitorConfig): DashboardSettings {
  return {
    days: config.dashboardDays,
    minPoints: config.alerts.minPoints,
    everyDays: config.retrain.everyDays,
  };
}

/**
 * Gathers the dashboard's data from the store: the status, the rolling metrics and range scores of every
 * evaluated day in the window, per asset the closes, the forecast paths (the latest forecast and one every
 * `horizon` days before it, so paths do not overlap) and the fan chart of their ranges, the alerts of the last
 * evaluated day and the promotion history.
 */
export async function buildDashboardData(
  deps: { readonly store: ObjectStore; readonly clock: () => Date },
  settings: DashboardSettings,
): Promise<DashboardData> {
  const status = await buildStatus(deps, settings);
  const market = createMarketData(deps.store);
  const symbols = await market.symbols();
  let lastCandle: IsoDay | undefined;
  for (const symbol of symbols) {
    const candles = await market.candles(symbol);
    const end = candles?.[candles.length - 1]?.date;
    if (end !== undefined && (lastCandle === undefined || end > lastCandle)) lastCandle = end;
  }
  const to = status.lastEvaluation?.day ?? lastCandle ?? status.generatedAt.slice(0, 10);
  const from = addDays(to, -(settings.days - 1));
  const rollingDocs = await rollingIn(deps.store, from, to);

  const forecasts = createForecastSource(deps.store);
  const assets: AssetPanel[] = [];
  for (const symbol of symbols) {
    const candles = (await market.candles(symbol)) ?? [];
    const latest = await latestForecast(deps.store, symbol);
    const drawn: DrawnForecast[] = [];
    if (latest !== undefined) {
      const step = latest.horizon > 0 ? latest.horizon : latest.steps.length;
      for (let origin = latest.lastObservedDate; origin >= from; origin = addDays(origin, -step)) {
        const found = (await forecasts.madeOn(origin)).find((f) => f.forecast.symbol === symbol)?.forecast;
        const isLatest = origin === latest.lastObservedDate;
        const forecast = isLatest ? (found ?? latest) : found;
        if (forecast !== undefined) drawn.unshift({ forecast, latest: isLatest });
      }
    }
    assets.push({
      symbol,
      closes: candles.filter((c) => c.date >= from).map((c) => ({ date: c.date, value: c.close })),
      forecasts: drawn.map((d) => pathOf(d.forecast, d.latest)),
      rolling: rollingDocs.map((doc) =>
        rollingPoint(
          doc,
          doc.windows['30']?.bySymbol[symbol] ?? null,
          doc.windows['30']?.bySymbol[symbol]?.n ?? 0,
        ),
      ),
      current: currentWindows(rollingDocs[rollingDocs.length - 1], (w) => w.bySymbol[symbol] ?? null),
      model: latest?.model ?? null,
      fan: buildFanChart(new Map(candles.map((c) => [c.date, c.close])), drawn) ?? null,
      ranges: rangePoints(rollingDocs, (w) => w.bySymbol[symbol] ?? null),
    });
  }

  const records = await listPromotionRecords(deps.store);
  const last = rollingDocs[rollingDocs.length - 1];
  const data: Omit<DashboardData, 'verdict'> = {
    schemaVersion: 1,
    generatedAt: status.generatedAt,
    window: { from, to },
    minPoints: settings.minPoints,
    status,
    overall: {
      rolling: rollingDocs.map((doc) =>
        rollingPoint(doc, doc.windows['30']?.overall ?? null, doc.windows['30']?.points ?? 0),
      ),
      current: currentWindows(last, (w) => w.overall),
      ranges: rangePoints(rollingDocs, (w) => w.overall),
    },
    assets,
    alerts: status.alerts?.items ?? [],
    promotions: records
      .slice(-10)
      .reverse()
      .map(({ record }) => ({
        decidedAt: record.decidedAt,
        version: record.version,
        kind: record.kind,
        status: record.status,
        beatsPersistence: record.beatsPersistence,
        ratioToPersistence: record.ratioToPersistence,
        reasons: record.reasons,
      })),
  };
  return {
    ...data,
    verdict: plainVerdict(
      data,
      records.map((r) => r.record),
    ),
  };
}

async function rollingIn(store: ObjectStore, from: IsoDay, to: IsoDay): Promise<RollingMetrics[]> {
  const docs: RollingMetrics[] = [];
  for (const { key } of await listAll(store, 'monitoring/rolling/')) {
    const day = dayOfKey(key);
    if (day === undefined || day < from || day > to) continue;
    const doc = await getJson<RollingMetrics>(store, monitoringMetricsKey('rolling', day));
    if (doc !== undefined) docs.push(doc);
  }
  return docs;
}

function rollingPoint(doc: RollingMetrics, group: GroupWithHorizons | null, points: number): RollingPoint {
  return {
    date: doc.endDate,
    points,
    ratioModel: group?.ratioToPersistence.model ?? null,
    ratioDrift: group?.ratioToPersistence.drift ?? null,
    accuracyModel: group?.directionalAccuracy.model ?? null,
    accuracyDrift: group?.directionalAccuracy.drift ?? null,
    maeModel: group?.mae.model ?? null,
    maePersistence: group?.mae.persistence ?? null,
    maeDrift: group?.mae.drift ?? null,
  };
}

function rangePoints(
  docs: readonly RollingMetrics[],
  pick: (window: RollingMetrics['windows'][string]) => GroupWithHorizons | null,
): RollingRangePoint[] {
  return docs.flatMap((doc) => {
    const window = doc.windows['30'];
    const point = rollingRangePoint(doc.endDate, window === undefined ? undefined : pick(window)?.ranges);
    return point === undefined ? [] : [point];
  });
}

function currentWindows(
  doc: RollingMetrics | undefined,
  pick: (window: RollingMetrics['windows'][string]) => GroupWithHorizons | null,
): Record<string, GroupWithHorizons | null> {
  if (doc === undefined) return {};
  return Object.fromEntries(Object.entries(doc.windows).map(([days, window]) => [days, pick(window)]));
}

async function latestForecast(store: ObjectStore, symbol: string): Promise<Forecast | undefined> {
  try {
    const doc = await getJson<unknown>(store, latestPredictionKey(`${symbol}.json`));
    const forecast = doc === undefined ? undefined : parseForecast(doc);
    return typeof forecast === 'string' ? undefined : forecast;
  } catch (error) {
    if (error instanceof InvalidJsonError) return undefined;
    throw error;
  }
}

function pathOf(forecast: Forecast, latest: boolean): ForecastPath {
  return {
    origin: forecast.lastObservedDate,
    modelVersion: forecast.modelVersion,
    latest,
    path: [
      { date: forecast.lastObservedDate, value: forecast.lastClose },
      ...forecast.steps.map((s) => ({ date: s.targetDate, value: s.predictedClose })),
    ],
  };
}
