import { findPromotedMetadata, type ModelMetadata } from '@cf/model';
import { addDays, daysBetween, utcDay, type IsoDay } from '@cf/ohlcv';
import { alertsKey, getJson, listAll, monitoringMetricsKey, type ObjectStore } from '@cf/storage';
import type { Alert } from '../alerts/alert';
import type { AlertsDocument } from '../alerts/run-alerts';
import type { DailyMetrics } from '../evaluation/daily-metrics';
import type { MetricSummary } from '../evaluation/summarize';
import type { RollingMetrics } from '../evaluation/rolling-metrics';
import { DAILY_METRICS_PREFIX, dayOfKey } from '../monitor-keys';
import { listPromotionRecords, promotedHistory, type PromotionRecord } from '../promotion/promotion-record';
import type { RetrainDecision } from '../retraining/decide-retraining';
import { listTrainingRuns, type TrainingRun } from '../retraining/training-run';

/** Everything an operator checks first, in one document (`GET /status`, `monitor status`). */
export interface MonitorStatus {
  readonly generatedAt: string;
  /** Problems to act on, in plain words (empty when all is well). */
  readonly warnings: readonly string[];
  readonly lastTraining: (TrainingRun & { readonly ageDays: number }) | null;
  readonly lastDecision: Pick<
    RetrainDecision,
    'day' | 'retrain' | 'triggers' | 'reasons' | 'nextScheduledDay'
  > | null;
  /** The day the schedule asks for the next training: the last successful training (or model) plus the period. */
  readonly nextScheduledTraining: IsoDay | null;
  readonly promoted: {
    readonly version: string;
    readonly createdAt: string;
    readonly trainedThrough: IsoDay;
    /** The recipe: `persistence`, `lstm/scale-free`, ... */
    readonly model: string;
    readonly horizon: number;
    readonly symbols: readonly string[];
    /** The version's held-out walk-forward evaluation (from metadata.json), next to persistence. */
    readonly test: {
      readonly from: IsoDay;
      readonly to: IsoDay;
      readonly points: number;
      readonly ratioToPersistence: number | null;
      readonly directionalAccuracy: number;
    };
    /** What its promotion record says, when it has one. */
    readonly promotion: {
      readonly kind: 'promotion' | 'champion' | 'rollback';
      readonly decidedAt: string;
      /** Why it went live, in words (its record's reasons). */
      readonly why: string;
      readonly beatsPersistence: boolean | null;
      readonly ratioToPersistence: number | null;
    } | null;
  } | null;
  readonly lastEvaluation: {
    readonly day: IsoDay;
    readonly points: number;
    readonly rolling: Readonly<Record<string, MetricSummary | null>>;
  } | null;
  readonly alerts: { readonly day: IsoDay; readonly items: readonly Alert[] } | null;
}

/** Status settings: the retraining schedule, to tell a stopped retraining from a quiet week. */
export interface StatusSettings {
  readonly everyDays: number;
}

/**
 * The last training (when, why, result), the last retraining decision, the promoted version with its metrics
 * and whether it beats persistence, the last evaluated day with its rolling metrics, and that day's alerts,
 * plus warnings for what has stopped or failed.
 */
export async function buildStatus(
  deps: { readonly store: ObjectStore; readonly clock: () => Date },
  settings: StatusSettings,
): Promise<MonitorStatus> {
  const now = deps.clock();
  const today = utcDay(now);
  const store = deps.store;
  const runs = await listTrainingRuns(store);
  const lastRun = runs[runs.length - 1]?.run;
  const decisionKeys = await listAll(store, 'monitoring/retraining/dt=');
  const lastDecisionKey = decisionKeys[decisionKeys.length - 1]?.key;
  const decision =
    lastDecisionKey === undefined ? undefined : await getJson<RetrainDecision>(store, lastDecisionKey);
  const metadata = await findPromotedMetadata(store);
  const history = promotedHistory(await listPromotionRecords(store));
  const promotion = [...history].reverse().find((r) => r.record.version === metadata?.version)?.record;
  const dailyKeys = await listAll(store, DAILY_METRICS_PREFIX);
  const lastDay = dayOfKey(dailyKeys[dailyKeys.length - 1]?.key ?? '');
  const daily =
    lastDay === undefined
      ? undefined
      : await getJson<DailyMetrics>(store, monitoringMetricsKey('daily', lastDay));
  const rolling =
    lastDay === undefined
      ? undefined
      : await getJson<RollingMetrics>(store, monitoringMetricsKey('rolling', lastDay));
  const alerts = lastDay === undefined ? undefined : await getJson<AlertsDocument>(store, alertsKey(lastDay));

  const good = [...runs].reverse().find((r) => r.run.result === 'succeeded' || r.run.result === 'submitted')
    ?.run.startedAt;
  const trainedAt = [good, metadata?.createdAt]
    .filter((t): t is string => t !== undefined)
    .sort()
    .pop();
  const status: MonitorStatus = {
    generatedAt: now.toISOString(),
    nextScheduledTraining:
      trainedAt === undefined ? null : addDays(trainedAt.slice(0, 10), settings.everyDays),
    warnings: [],
    lastTraining:
      lastRun === undefined
        ? null
        : { ...lastRun, ageDays: daysBetween(lastRun.startedAt.slice(0, 10), today) },
    lastDecision:
      decision === undefined
        ? null
        : {
            day: decision.day,
            retrain: decision.retrain,
            triggers: decision.triggers,
            reasons: decision.reasons,
            nextScheduledDay: decision.nextScheduledDay,
          },
    promoted: metadata === undefined ? null : promotedSummary(metadata, promotion),
    lastEvaluation:
      lastDay === undefined
        ? null
        : {
            day: lastDay,
            points: daily?.points ?? 0,
            rolling: Object.fromEntries(
              Object.entries(rolling?.windows ?? {}).map(([days, w]) => [days, stripHorizons(w.overall)]),
            ),
          },
    alerts: lastDay === undefined ? null : { day: lastDay, items: alerts?.alerts ?? [] },
  };
  return {
    ...status,
    warnings: statusWarnings(
      status,
      runs.map((r) => r.run),
      today,
      settings,
    ),
  };
}

function promotedSummary(
  metadata: ModelMetadata,
  promotion: PromotionRecord | undefined,
): NonNullable<MonitorStatus['promoted']> {
  return {
    version: metadata.version,
    createdAt: metadata.createdAt,
    trainedThrough: metadata.data.trainedThrough,
    model: metadata.model,
    horizon: metadata.horizon,
    symbols: metadata.symbols,
    test: heldOutSummary(metadata),
    promotion:
      promotion === undefined
        ? null
        : {
            kind: promotion.kind,
            decidedAt: promotion.decidedAt,
            why: promotion.reasons.join('; '),
            beatsPersistence: promotion.beatsPersistence,
            ratioToPersistence: promotion.ratioToPersistence,
          },
  };
}

function stripHorizons(
  group: (MetricSummary & { byHorizonDay?: unknown; dieboldMariano?: unknown }) | null,
): MetricSummary | null {
  if (group === null) return null;
  const { byHorizonDay: _h, ...rest } = group;
  return rest;
}

function statusWarnings(
  status: MonitorStatus,
  runs: readonly TrainingRun[],
  today: IsoDay,
  settings: StatusSettings,
): string[] {
  const warnings: string[] = [];
  const last = status.lastTraining;
  const good = [...runs].reverse().find((r) => r.result === 'succeeded' || r.result === 'submitted');
  const sinceTraining = good === undefined ? undefined : daysBetween(good.startedAt.slice(0, 10), today);
  if (last === null) warnings.push('no training run has been recorded by the monitor yet');
  else if (last.result === 'failed')
    warnings.push(`the last training (${last.startedAt}) failed: ${last.error?.message ?? 'no message'}`);
  else if (last.result === 'running' && last.ageDays >= 1)
    warnings.push(`the training started ${last.startedAt} never finished`);
  if (sinceTraining !== undefined && sinceTraining > settings.everyDays + 1) {
    warnings.push(
      `no successful training for ${sinceTraining} days although the schedule is every ${settings.everyDays}: retraining has stopped`,
    );
  }
  if (status.promoted === null) warnings.push('no model is promoted: infer has nothing to forecast with');
  if (status.lastEvaluation === null) warnings.push('nothing has been evaluated yet');
  else {
    const age = daysBetween(status.lastEvaluation.day, today);
    if (age > 2) warnings.push(`the last evaluated day is ${status.lastEvaluation.day}, ${age} days ago`);
    const month = status.lastEvaluation.rolling['30'];
    if (month?.ratioToPersistence.model != null && month.ratioToPersistence.model >= 1) {
      warnings.push(
        `over the last 30 days the forecasts were no better than persistence (MAE ratio ${month.ratioToPersistence.model.toFixed(3)}, ${month.n} points)`,
      );
    }
  }
  const liveRatio = status.promoted?.promotion?.ratioToPersistence;
  if (liveRatio != null && liveRatio > 1) {
    warnings.push(
      `the promoted model ${status.promoted?.version} was worse than persistence on its held-out origins (ratio ${liveRatio.toFixed(3)}) when it was promoted`,
    );
  }
  return warnings;
}

function heldOutSummary(metadata: ModelMetadata): NonNullable<MonitorStatus['promoted']>['test'] {
  const candidate = metadata.evaluation.models.find((m) => m.role === 'candidate');
  const overall = candidate?.scores.overall;
  return {
    from: metadata.evaluation.from,
    to: metadata.evaluation.to,
    points: overall?.points ?? 0,
    ratioToPersistence: overall?.ratio ?? null,
    directionalAccuracy: overall?.directionalAccuracy ?? Number.NaN,
  };
}
