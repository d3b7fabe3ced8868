import { addDays, daysBetween, utcDay, type IsoDay } from '@cf/ohlcv';
import type { ModelMetadata } from '@cf/model';
import type { Alert } from '../alerts/alert';
import type { StoredTrainingRun } from './training-run';

/** Retraining rules (MONITOR_RETRAIN_EVERY_DAYS, MONITOR_RETRAIN_ON_DEGRADATION, MONITOR_RETRAIN_COOLDOWN_DAYS). */
export interface RetrainSettings {
  readonly everyDays: number;
  readonly onDegradation: boolean;
  /** A degradation alert retrains only when the last training is at least this many days old (same data, same model). */
  readonly cooldownDays: number;
}

/** Why a retraining was triggered. */
export type RetrainTrigger = 'forced' | 'no-model' | 'schedule' | 'degradation';

/** `monitoring/retraining/dt={day}/decision.json`: whether to retrain, and why (also when not). */
export interface RetrainDecision {
  readonly schemaVersion: 1;
  readonly day: IsoDay;
  readonly decidedAt: string;
  readonly retrain: boolean;
  readonly triggers: readonly RetrainTrigger[];
  readonly reasons: readonly string[];
  /** The last training that produced (or was sent to produce) a model, and when. */
  readonly lastTraining: {
    readonly at: string;
    readonly source: 'run-record' | 'promoted-model';
    readonly detail: string;
  } | null;
  readonly daysSinceLastTraining: number | null;
  readonly everyDays: number;
  /** The day the schedule asks for the next training. */
  readonly nextScheduledDay: IsoDay | null;
  /** The degradation alerts of `day` that were considered. */
  readonly degradationAlerts: number;
}

/** What the decision looks at. */
export interface RetrainInputs {
  readonly day: IsoDay;
  readonly now: Date;
  readonly force: boolean;
  readonly runs: readonly StoredTrainingRun[];
  readonly promoted: ModelMetadata | undefined;
  readonly alerts: readonly Alert[];
  /** Submitted training jobs not yet seen to end (the daily cycle follows them). */
  readonly inFlight?: readonly StoredTrainingRun[];
  /** A trained version no promotion has considered yet (the cycle's promotion step will). */
  readonly waitingCandidate?: string;
}

/**
 * Retrain when forced, when no model is promoted (and no trained version waits for promotion), when
 * `everyDays` have passed since the last training (the last successful or submitted run record, else the
 * promoted model's creation), or, with `onDegradation`, when the day has a degradation alert and the last
 * training is at least `cooldownDays` old (retraining again on the same data gives the same model). Failed
 * runs do not reset the schedule. While a submitted job has not been seen to end, only a forced retraining
 * starts another.
 */
export function decideRetraining(inputs: RetrainInputs, settings: RetrainSettings): RetrainDecision {
  const today = utcDay(inputs.now);
  const done = inputs.runs.filter((r) => r.run.result === 'succeeded' || r.run.result === 'submitted');
  const lastRun = done[done.length - 1];
  const candidates: NonNullable<RetrainDecision['lastTraining']>[] = [];
  if (lastRun !== undefined) {
    const run = lastRun.run;
    candidates.push({
      at: run.startedAt,
      source: 'run-record',
      detail: `${run.trainer} run ${run.result}${run.version ? `: ${run.version}` : run.jobName ? `: ${run.jobName}` : ''}`,
    });
  }
  if (inputs.promoted !== undefined) {
    candidates.push({
      at: inputs.promoted.createdAt,
      source: 'promoted-model',
      detail: `promoted ${inputs.promoted.version}`,
    });
  }
  const lastTraining = candidates.sort((a, b) => (a.at < b.at ? 1 : -1))[0] ?? null;
  const lastDay = lastTraining === null ? null : lastTraining.at.slice(0, 10);
  const daysSince = lastDay === null ? null : daysBetween(lastDay, today);
  const nextScheduledDay = lastDay === null ? null : addDays(lastDay, settings.everyDays);
  const degradation = inputs.alerts.filter((a) => a.family === 'degradation');

  const triggers: RetrainTrigger[] = [];
  const reasons: string[] = [];
  if (inputs.force) {
    triggers.push('forced');
    reasons.push('retraining was forced (--force)');
  }
  if (inputs.promoted === undefined) {
    if (inputs.waitingCandidate === undefined) {
      triggers.push('no-model');
      reasons.push('no model is promoted');
    } else {
      reasons.push(`no model is promoted, but version ${inputs.waitingCandidate} waits for promotion`);
    }
  }
  if (daysSince !== null && daysSince >= settings.everyDays) {
    triggers.push('schedule');
    reasons.push(
      `${daysSince} days since the last training (${lastTraining?.detail}), schedule every ${settings.everyDays}`,
    );
  }
  if (settings.onDegradation && degradation.length > 0) {
    const listed = `degradation alert(s) on ${inputs.day}: ${degradation.map((a) => `${a.type} ${a.symbol}`).join(', ')}`;
    if (daysSince !== null && daysSince < settings.cooldownDays) {
      reasons.push(
        `${listed}; but the last training is ${daysSince} day(s) old (cooldown ${settings.cooldownDays}), so it saw the same data`,
      );
    } else {
      triggers.push('degradation');
      reasons.push(listed);
    }
  }
  const inFlight = inputs.inFlight ?? [];
  const blocked = triggers.length > 0 && !inputs.force && inFlight.length > 0;
  if (blocked) {
    const jobs = inFlight.map((r) => `${r.run.jobName ?? r.key} (submitted ${r.run.startedAt})`).join(', ');
    reasons.unshift(`not starting another training: ${jobs} has not been seen to end yet`);
  }
  if (triggers.length === 0) {
    const quiet =
      settings.onDegradation && degradation.length === 0 ? `; no degradation alert on ${inputs.day}` : '';
    reasons.unshift(
      daysSince === null
        ? `not due: no training on record${quiet}`
        : `not due: ${daysSince} day(s) since the last training, next on ${nextScheduledDay}${quiet}`,
    );
  }
  const lastFailed = inputs.runs[inputs.runs.length - 1];
  if (lastFailed !== undefined && lastFailed.run.result === 'failed') {
    reasons.push(
      `the last run (${lastFailed.run.startedAt}) failed: ${lastFailed.run.error?.message ?? 'unknown error'}`,
    );
  }
  return {
    schemaVersion: 1,
    day: inputs.day,
    decidedAt: inputs.now.toISOString(),
    retrain: triggers.length > 0 && !blocked,
    triggers,
    reasons,
    lastTraining,
    daysSinceLastTraining: daysSince,
    everyDays: settings.everyDays,
    nextScheduledDay,
    degradationAlerts: degradation.length,
  };
}
