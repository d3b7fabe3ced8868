import type { Logger } from '@cf/service';
import type { RollingMetrics } from '../../evaluation/rolling-metrics';
import { DEGRADATION_WINDOW_DAYS } from '../degradation-alerts';

/** The metric's name in CloudWatch (the stack's alarm watches it with `Symbol=ALL`). */
export const RATIO_METRIC_NAME = 'RollingMaeRatioToPersistence30d';

/** One line in CloudWatch's embedded metric format: a JSON log line CloudWatch turns into a metric value. */
export interface EmfRecord {
  readonly _aws: {
    readonly Timestamp: number;
    readonly CloudWatchMetrics: readonly {
      readonly Namespace: string;
      readonly Dimensions: readonly (readonly string[])[];
      readonly Metrics: readonly { readonly Name: string; readonly Unit: string }[];
    }[];
  };
  /** `ALL` (pooled, errors relative to the last close) or an asset. */
  readonly Symbol: string;
  readonly [RATIO_METRIC_NAME]: number;
  /** Scored forecast steps the ratio rests on, and the window, as plain properties (searchable in logs). */
  readonly points: number;
  readonly window: string;
}

/**
 * The live model's rolling 30-day MAE ratio to persistence, pooled (`Symbol=ALL`) and per asset, as embedded
 * metric format records in `namespace` with the one dimension `Symbol`. Only where the window rests on at
 * least `minPoints` scored steps (the same rule as the degradation alert), so a thin window never alarms.
 *
 * @example
 * rollingRatioRecords(rolling, { namespace: 'CryptoForecast/prod', minPoints: 30, timestamp: Date.now() });
 */
export function rollingRatioRecords(
  rolling: RollingMetrics,
  options: { readonly namespace: string; readonly minPoints: number; readonly timestamp: number },
): EmfRecord[] {
  const window = rolling.windows[String(DEGRADATION_WINDOW_DAYS)];
  if (window === undefined) return [];
  const groups = [['ALL', window.overall] as const, ...Object.entries(window.bySymbol)];
  const records: EmfRecord[] = [];
  for (const [symbol, group] of groups) {
    const ratio = group?.ratioToPersistence.model ?? null;
    if (group === null || ratio === null || group.n < options.minPoints) continue;
    records.push({
      _aws: {
        Timestamp: options.timestamp,
        CloudWatchMetrics: [
          {
            Namespace: options.namespace,
            Dimensions: [['Symbol']],
            Metrics: [{ Name: RATIO_METRIC_NAME, Unit: 'None' }],
          },
        ],
      },
      Symbol: symbol,
      [RATIO_METRIC_NAME]: ratio,
      points: group.n,
      window: `${window.from}..${window.to}`,
    });
  }
  return records;
}

/**
 * Writes each record as one log line. In Lambda the log goes to CloudWatch Logs, which extracts the metric;
 * the line is logged at info even when LOG_LEVEL is higher, so the alarm never starves.
 */
export function emitMetricRecords(logger: Logger, records: readonly EmfRecord[]): void {
  const metrics = logger.child({}, { level: 'info' });
  for (const record of records) metrics.info(record, `metric ${RATIO_METRIC_NAME} ${record.Symbol}`);
}
