import { findPromotedMetadata } from '@cf/model';
import { type IsoDay, utcDay } from '@cf/ohlcv';
import type { Logger } from '@cf/service';
import { alertsKey, getJson, monitoringMetricsKey, putJsonIfChanged, type ObjectStore } from '@cf/storage';
import { createMarketData } from '../data/market-data';
import type { RollingMetrics } from '../evaluation/rolling-metrics';
import { sortAlerts, type Alert } from './alert';
import type { AlertSettings } from './alert-settings';
import type { AlertChannel } from './delivery/alert-channel';
import { deliverAlerts } from './delivery/deliver-alerts';
import { emitMetricRecords, rollingRatioRecords } from './delivery/rolling-ratio-metric';
import { extremeMoveAlerts, freshnessAlerts, gapAlerts, type DatasetToCheck } from './data-alerts';
import { DEGRADATION_WINDOW_DAYS, degradationAlerts } from './degradation-alerts';
import {
  featureDriftAlerts,
  volatilityRegimeAlerts,
  type FeatureDriftCheck,
  type VolatilityCheck,
} from './regime-alerts';

/** What the alert checks need. */
export interface AlertsDeps {
  readonly store: ObjectStore;
  readonly clock: () => Date;
  readonly logger: Logger;
  readonly alerts: AlertSettings;
  /** Where the day's alerts are delivered once written (none: the store only). */
  readonly alertChannels?: readonly AlertChannel[];
  /** CloudWatch namespace of the rolling-ratio metric log line (none: no metric line). */
  readonly metricNamespace?: string;
}

/** `monitoring/alerts/dt={day}/alerts.json`: the alerts raised for `day` and what each check looked at. */
export interface AlertsDocument {
  readonly schemaVersion: 1;
  readonly day: IsoDay;
  /** The clock's day, against which staleness is judged. */
  readonly asOf: IsoDay;
  /** The promoted model the degradation and regime checks refer to, if any. */
  readonly modelVersion: string | null;
  readonly alerts: readonly Alert[];
  readonly checks: {
    readonly symbols: readonly string[];
    readonly degradation: { readonly windowDays: number; readonly ran: boolean };
    readonly volatility: Readonly<Record<string, VolatilityCheck | null>> | null;
    readonly featureDrift: FeatureDriftCheck | null;
    /** Checks skipped, and why. */
    readonly notes: readonly string[];
  };
  readonly settings: AlertSettings;
}

/**
 * Runs every alert check for `day` (usually the last evaluated day): degradation from the rolling metrics
 * of `day`; stale and missing data against the clock's day, gaps and extreme moves from the processed data;
 * volatility regime and feature drift against the promoted model's training period. Writes the alerts file
 * (unchanged bytes when nothing changed) and logs one warning line per alert. Then, when configured, logs
 * the rolling 30-day ratio as an embedded-metric line and delivers the alerts (`deliverAlerts`: a failed
 * delivery throws after the file is written, and is retried by the next run).
 */
export async function runAlerts(deps: AlertsDeps, day: IsoDay): Promise<AlertsDocument> {
  const settings = deps.alerts;
  const market = createMarketData(deps.store);
  const promoted = await findPromotedMetadata(deps.store);
  const symbols = [...new Set([...(await market.symbols()), ...(promoted?.symbols ?? [])])].sort();
  const datasets: DatasetToCheck[] = [];
  for (const symbol of symbols) datasets.push({ symbol, candles: await market.candles(symbol) });
  const notes: string[] = [];
  const alerts: Alert[] = [];

  const rolling = await getJson<RollingMetrics>(deps.store, monitoringMetricsKey('rolling', day));
  if (rolling === undefined)
    notes.push(`degradation: no rolling metrics for ${day} (evaluate the day first)`);
  else alerts.push(...degradationAlerts(rolling, settings));

  const asOf = utcDay(deps.clock());
  alerts.push(
    ...freshnessAlerts(datasets, asOf, settings),
    ...gapAlerts(datasets, await market.manifest(), day, settings),
    ...extremeMoveAlerts(datasets, day, settings),
  );

  let volatility: AlertsDocument['checks']['volatility'] = null;
  let featureDrift: FeatureDriftCheck | null = null;
  if (promoted === undefined) {
    notes.push('regime: no promoted model, so no training period to compare with');
  } else {
    const modelData = datasets.filter(
      (d) => promoted.symbols.length === 0 || promoted.symbols.includes(d.symbol),
    );
    const vol = volatilityRegimeAlerts(modelData, promoted, day, settings);
    const drift = featureDriftAlerts(modelData, promoted, day, settings);
    alerts.push(...vol.alerts, ...drift.alerts);
    volatility = vol.checks;
    featureDrift = drift.check;
    if (drift.check === null)
      notes.push('feature drift: too few feature rows in the training period or recently');
  }

  const document: AlertsDocument = {
    schemaVersion: 1,
    day,
    asOf,
    modelVersion: promoted?.version ?? null,
    alerts: sortAlerts(alerts),
    checks: {
      symbols,
      degradation: { windowDays: DEGRADATION_WINDOW_DAYS, ran: rolling !== undefined },
      volatility,
      featureDrift,
      notes,
    },
    settings,
  };
  await putJsonIfChanged(deps.store, alertsKey(day), document);
  for (const a of document.alerts) {
    deps.logger.warn(
      { alert: a.type, family: a.family, symbol: a.symbol, values: a.values, threshold: a.threshold, day },
      a.message,
    );
  }
  deps.logger.info({ day, alerts: document.alerts.length, notes }, 'alert checks done');
  if (deps.metricNamespace !== undefined && rolling !== undefined) {
    const records = rollingRatioRecords(rolling, {
      namespace: deps.metricNamespace,
      minPoints: settings.minPoints,
      timestamp: deps.clock().getTime(),
    });
    emitMetricRecords(deps.logger, records);
  }
  if (deps.alertChannels !== undefined && deps.alertChannels.length > 0)
    await deliverAlerts({ ...deps, channels: deps.alertChannels }, document);
  return document;
}
