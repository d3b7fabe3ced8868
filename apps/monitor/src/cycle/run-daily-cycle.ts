import type { IsoDay } from '@cf/ohlcv';
import { describeError } from '@cf/service';
import { runAlerts } from '../alerts/run-alerts';
import type { MonitorDeps } from '../deps';
import { dashboardSettingsOf } from '../dashboard/dashboard-data';
import { writeDashboard } from '../dashboard/write-dashboard';
import { evaluateRange } from '../evaluation/evaluate-day';
import { DASHBOARD_HTML_KEY } from '../monitor-keys';
import { promoteModel } from '../promotion/promote-model';
import { updateCalibration, type CalibrationUpdate } from '../calibration/update-calibration';
import { followTrainingRuns } from '../retraining/follow-training-runs';
import { runRetraining } from '../retraining/run-retraining';
import { findCandidate } from './find-candidate';
import { planEvaluation } from './plan-evaluation';

/** What one daily cycle did, step by step. */
export interface CycleReport {
  readonly day: IsoDay | null;
  readonly evaluation:
    { readonly from: IsoDay; readonly to: IsoDay; readonly points: number } | { readonly skipped: string };
  readonly alerts: number | null;
  /** Submitted training jobs seen to end on this run (null when following failed). */
  readonly followedRuns:
    | readonly {
        readonly jobName: string;
        readonly result: string;
        readonly version?: string;
      }[]
    | null;
  /** The live recipe's calibration state moved over the evaluated days (null: nothing evaluated). */
  readonly calibration: CalibrationUpdate | null;
  readonly retraining: {
    readonly retrain: boolean;
    readonly reasons: readonly string[];
    readonly result?: string;
    readonly version?: string;
  } | null;
  readonly promotion: {
    readonly version: string;
    readonly model: string;
    readonly status: string;
    readonly reasons: readonly string[];
    /** When the candidate was refused with nothing live: the persistence champion's decision. */
    readonly champion?: { readonly version: string; readonly model: string; readonly status: string };
  } | null;
  readonly dashboard: string | null;
  /** Steps that failed; the others still ran. */
  readonly failures: readonly { readonly step: string; readonly code: string; readonly message: string }[];
}

/**
 * The scheduled run: evaluate every day up to the last complete day with actual closes, move the live recipe's
 * calibration state over those days (`updateCalibration`), run the alert checks for the last one, follow submitted training jobs (a finished SageMaker job's version becomes a candidate), decide on
 * retraining (and train), consider the newest unconsidered model version for promotion, and redraw the
 * dashboard. A failing step is logged once and reported; the later steps still run.
 */
export async function runDailyCycle(deps: MonitorDeps): Promise<CycleReport> {
  const { config, logger } = deps;
  const failures: { step: string; code: string; message: string }[] = [];
  const attempt = async <T>(step: string, work: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await work();
    } catch (error) {
      const described = describeError(error);
      logger.error({ step, ...described }, `daily cycle step failed: ${step}`);
      failures.push({ step, code: described.code, message: described.message });
      return undefined;
    }
  };

  const plan = await planEvaluation(deps);
  logger.info({ day: plan.day, range: plan.range, reason: plan.reason }, 'daily cycle started');
  let evaluation: CycleReport['evaluation'] = { skipped: plan.reason };
  let calibration: CalibrationUpdate | null = null;
  if (plan.range !== null) {
    const range = plan.range;
    const days = await attempt('evaluate', () => evaluateRange({ ...deps, scoring: config.scoring }, range));
    if (days !== undefined) {
      evaluation = { ...range, points: days.reduce((n, d) => n + d.daily.points, 0) };
      calibration =
        (await attempt('calibrate', () =>
          updateCalibration(
            deps,
            days.map((d) => d.daily),
          ),
        )) ?? null;
    }
  }
  const day = plan.day;
  const alerts =
    day === null
      ? undefined
      : await attempt('alerts', () => runAlerts({ ...deps, alerts: config.alerts }, day));
  const followed = await attempt('follow-training', () => followTrainingRuns(deps));
  const retraining =
    day === null
      ? undefined
      : await attempt('retrain', () => runRetraining({ ...deps, retrain: config.retrain }, { day }));
  const promotion = await attempt('promote', async () => {
    const candidate = await findCandidate(deps.store);
    if (candidate === undefined) return undefined;
    return promoteModel({ ...deps, promotion: config.promotion }, candidate.version);
  });
  const dashboard = await attempt('dashboard', () => writeDashboard(deps, dashboardSettingsOf(config)));
  const report: CycleReport = {
    day,
    evaluation,
    calibration,
    alerts: alerts?.alerts.length ?? null,
    followedRuns:
      followed === undefined
        ? null
        : followed.map(({ run }) => ({
            jobName: run.jobName ?? '',
            result: run.result,
            ...(run.version === undefined ? {} : { version: run.version }),
          })),
    retraining:
      retraining === undefined
        ? null
        : {
            retrain: retraining.decision.retrain,
            reasons: retraining.decision.reasons,
            ...(retraining.run ? { result: retraining.run.run.result } : {}),
            ...(retraining.run?.run.version ? { version: retraining.run.run.version } : {}),
          },
    promotion:
      promotion === undefined
        ? null
        : {
            version: promotion.record.version,
            model: promotion.record.model,
            status: promotion.record.status,
            reasons: promotion.record.reasons,
            ...(promotion.champion === undefined
              ? {}
              : {
                  champion: {
                    version: promotion.champion.record.version,
                    model: promotion.champion.record.model,
                    status: promotion.champion.record.status,
                  },
                }),
          },
    dashboard: dashboard === undefined ? null : DASHBOARD_HTML_KEY,
    failures,
  };
  logger.info({ ...report }, failures.length === 0 ? 'daily cycle done' : 'daily cycle done with failures');
  return report;
}
