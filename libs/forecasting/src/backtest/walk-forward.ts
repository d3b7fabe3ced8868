import { addDays, type IsoDay } from '@cf/ohlcv';
import { BacktestAbortedError, InvalidBacktestRequestError, NoBacktestOriginsError } from '../errors';
import type {
  ChosenSettings,
  EpochProgress,
  FitContext,
  Forecaster,
  FitReport,
  OriginForecast,
} from '../forecaster';
import { auditNoLookahead, type AuditReport } from './audit-no-lookahead';
import { historyAt, originInputs, type BacktestData } from './backtest-data';
import type { BacktestForecast } from './backtest-forecast';
import type { BacktestPosition, BacktestProgress } from './backtest-progress';
import type { AuditMode, WindowMode } from './backtest-request';
import { planCutoffs, type CutoffPlan } from './cutoffs';
import { eligibleOrigins, type EligibleOrigins } from './eligible-origins';
import { RefitCosts } from './refit-costs';
import { WalkForwardCalibration } from './calibrate-forecasts';
import { checkPredictions, toForecasts } from './to-forecasts';

/**
 * Makes a fresh, unfitted forecaster by name in the world it will see: `world` is the data the harness holds
 * (the audit calls it again with the future replaced), so a model that reads candles from anywhere but what
 * `fit` and `predict` hand it sees the replaced future and is caught.
 */
export type ForecasterFactory = (name: string, world: BacktestData) => Forecaster | Promise<Forecaster>;

/** One cut-off's plan and the origins it forecasts. */
export type BacktestPeriod = CutoffPlan & EligibleOrigins;

/** One refit: its cut-off, the origins it forecast and what each model's fit used. */
export interface BacktestCutoffRecord {
  readonly cutoff: IsoDay;
  /** Origins forecast by this fit are in `(cutoff, until]`. */
  readonly until: IsoDay;
  readonly origins: number;
  /** By model name; empty when the period had no origin to forecast (nothing was fitted). */
  readonly fits: Readonly<Record<string, FitReport>>;
}

/** What {@link walkForward} runs. */
export interface WalkForwardPlan {
  readonly data: BacktestData;
  /** Model names, persistence first (the reference of every ratio). */
  readonly models: readonly string[];
  readonly create: ForecasterFactory;
  readonly horizon: number;
  /** The first cut-off. */
  readonly from: IsoDay;
  /** The last origin. */
  readonly to: IsoDay;
  readonly refitEvery: number;
  readonly windowMode: WindowMode;
  readonly trainDays?: number;
  readonly audit: AuditMode;
  /** Seeds the audit's replacement data. */
  readonly seed: number;
  /**
   * Continue each cut-off's fit from the previous cut-off's fitted model (kinds with the `warmStart`
   * capability), as a deployment retraining from its last weights would; otherwise every cut-off starts afresh.
   */
  readonly warmStart: boolean;
  /** Settings to fit with instead of validating (a recipe whose settings were chosen already), by model. */
  readonly chosen?: (model: string) => ChosenSettings | undefined;
  readonly onProgress?: (event: BacktestProgress) => void;
  readonly signal?: AbortSignal;
  /** Milliseconds of a monotonic clock, for progress only. */
  readonly now?: () => number;
  /** Called once before the first fit with the number of refits and forecasts per model. */
  readonly onPlanned?: (periods: readonly BacktestPeriod[], inputDays: number) => void;
  /**
   * Models whose ranges are published calibrated: their forecasts are the ones production would have published
   * (`WalkForwardCalibration`: each origin read at the levels of the calibration state through the day before
   * it, the state carried across cut-offs). The naive ranges, the reference, are never calibrated.
   */
  readonly calibrate?: readonly string[];
  /**
   * Days before `from` over which the calibrated models are replayed first (fitted at cut-offs every
   * `refitEvery` days, forecasting and calibrating, nothing scored or returned), so that the calibration state
   * at the first scored origin is a running deployment's. Default 0: a fresh state.
   */
  readonly calibrationWarmUp?: number;
}

/** What a walk-forward run produced, before it is scored. */
export interface WalkForwardRun {
  readonly periods: readonly BacktestPeriod[];
  readonly inputDays: number;
  readonly cutoffs: readonly BacktestCutoffRecord[];
  readonly audits: readonly AuditReport[];
  /** By model name, in the order of `models`, each in cut-off then origin order. */
  readonly forecasts: ReadonlyMap<string, readonly BacktestForecast[]>;
}

/**
 * The walk-forward harness every number of the platform comes from (the backtest, train's held-out evaluation
 * and promotion): cut-offs every `refitEvery` days from `from`; at each cut-off `c` every model is fitted on the
 * candles dated on or before `c` only (all, or the last `trainDays` in rolling mode), then forecasts every
 * origin in `(c, next cut-off]` (up to `to`) from the candles up to that origin only. Models are handed new
 * frozen arrays, never the harness's own, never a candle after the cut-off (fit) or the origin (predict).
 * Origins are those whose `horizon` next days are known and with enough history for every model, the same for
 * all. The audited cut-offs are re-run with the future replaced (`auditNoLookahead`).
 *
 * @example
 * const run = await walkForward({ data, models: ['persistence', 'ridge'], create, horizon: 7,
 *   from: '2023-02-11', to: '2024-02-10', refitEvery: 91, windowMode: 'expanding', audit: 'first', seed: 42,
 *   warmStart: false });
 */
export async function walkForward(plan: WalkForwardPlan): Promise<WalkForwardRun> {
  const { data, models, horizon } = plan;
  const now = plan.now ?? (() => performance.now());
  const started = now();
  const inputDays = await probeInputDays(plan);
  const periods: BacktestPeriod[] = planCutoffs(plan.from, plan.to, plan.refitEvery).map((p) => ({
    ...p,
    ...eligibleOrigins(data, p.cutoff, p.until, horizon, inputDays),
  }));
  const active = periods.filter((p) => p.origins.length > 0);
  if (active.length === 0) {
    const unknown = periods.reduce((n, p) => n + p.targetsUnknown, 0);
    const short = periods.reduce((n, p) => n + p.shortHistory, 0);
    throw new NoBacktestOriginsError(
      plan.from,
      plan.to,
      `${unknown} candle(s) lack ${horizon} known following days and ${short} lack ${inputDays} consecutive days of history`,
    );
  }
  plan.onPlanned?.(periods, inputDays);

  const forecasts = new Map<string, BacktestForecast[]>(models.map((m) => [m, []]));
  const cutoffs: BacktestCutoffRecord[] = [];
  const audits: AuditReport[] = [];
  const costs = new RefitCosts();
  const previous = new Map<string, Forecaster>();
  const calibrations = new Map(
    (plan.calibrate ?? [])
      .filter((m) => models.includes(m))
      .map((m) => [m, new WalkForwardCalibration(m, horizon, data)]),
  );
  await warmUpCalibrations(plan, calibrations, inputDays);
  try {
    for (const period of periods) {
      const fits: Record<string, FitReport> = {};
      cutoffs.push({ cutoff: period.cutoff, until: period.until, origins: period.origins.length, fits });
      if (period.origins.length === 0) continue;
      const refit = active.indexOf(period) + 1;
      const history = historyAt(data, period.cutoff, plan.windowMode, plan.trainDays);
      const inputs = originInputs(data, period.origins);
      const audited = plan.audit === 'all' || (plan.audit === 'first' && refit === 1);
      for (const [m, name] of models.entries()) {
        if (plan.signal?.aborted === true) throw new BacktestAbortedError(period.cutoff, plan.signal.reason);
        const position: BacktestPosition = {
          model: name,
          cutoff: period.cutoff,
          refit,
          refits: active.length,
        };
        const stepStart = now();
        const model = await plan.create(name, data);
        let kept = false;
        try {
          const warm = plan.warmStart && model.capabilities.warmStart ? previous.get(name) : undefined;
          const chosen = plan.chosen?.(name);
          const context: FitContext = {
            cutoff: period.cutoff,
            onEpoch: (epoch: EpochProgress) => plan.onProgress?.({ type: 'epoch', epoch, ...position }),
            ...(plan.signal === undefined ? {} : { signal: plan.signal }),
            ...(warm === undefined ? {} : { warmStart: warm }),
            ...(chosen === undefined ? {} : { chosen }),
          };
          const fit = await model.fit(history, context);
          const fitEnd = now();
          const calibration =
            model.capabilities.quantileLevels.length > 0 ? calibrations.get(name) : undefined;
          // A calibrated model publishes each origin at its calibrated levels (`issue`); its raw batch
          // forecasts are needed only as the audit's reference.
          const predictions = calibration !== undefined && !audited ? undefined : await model.predict(inputs);
          if (predictions !== undefined) {
            checkPredictions(name, period.cutoff, predictions, period.origins.length, horizon);
          }
          const published =
            calibration === undefined
              ? (predictions as OriginForecast[])
              : await calibration.issue(model, period.origins, inputs);
          if (published !== predictions) {
            checkPredictions(name, period.cutoff, published, period.origins.length, horizon);
          }
          const predictEnd = now();
          fits[name] = fit;
          forecasts
            .get(name)
            ?.push(...toForecasts(name, period.cutoff, data, period.origins, published, horizon));
          let auditSeconds = 0;
          if (audited && predictions !== undefined) {
            audits.push(
              await auditNoLookahead({
                createModel: (world) => plan.create(name, world),
                data,
                cutoff: period.cutoff,
                until: period.until,
                origins: period.origins,
                windowMode: plan.windowMode,
                ...(plan.trainDays === undefined ? {} : { trainDays: plan.trainDays }),
                seed: plan.seed,
                fitContext: {
                  ...(warm === undefined ? {} : { warmStart: warm }),
                  ...(chosen === undefined ? {} : { chosen }),
                },
                reference: { model, fit, predictions },
              }),
            );
            auditSeconds = (now() - predictEnd) / 1000;
          }
          // The first cut-off's audit is a one-off: leave it out of the per-cut-off cost of later ones.
          costs.add(name, (now() - stepStart) / 1000 - (plan.audit === 'first' ? auditSeconds : 0));
          plan.onProgress?.({
            type: 'refit',
            ...position,
            fit,
            forecasts: period.origins.length,
            fitSeconds: (fitEnd - stepStart) / 1000,
            predictSeconds: (predictEnd - fitEnd) / 1000,
            auditSeconds,
            elapsedSeconds: (now() - started) / 1000,
            etaSeconds: costs.estimateLeft(models, active.length - refit, m),
          });
          if (plan.warmStart && model.capabilities.warmStart) {
            previous.get(name)?.dispose();
            previous.set(name, model);
            kept = true;
          }
        } finally {
          if (!kept) model.dispose();
        }
      }
    }
  } finally {
    for (const model of previous.values()) model.dispose();
  }
  return { periods, inputDays, cutoffs, audits, forecasts };
}

/**
 * Replays the calibrated models over the `calibrationWarmUp` days before the first cut-off: at cut-offs every
 * `refitEvery` days each is fitted on the data up to its cut-off only and forecasts its origins through its
 * calibration, which absorbs what it published; the forecasts themselves are dropped.
 */
async function warmUpCalibrations(
  plan: WalkForwardPlan,
  calibrations: ReadonlyMap<string, WalkForwardCalibration>,
  inputDays: number,
): Promise<void> {
  const days = plan.calibrationWarmUp ?? 0;
  if (days <= 0 || calibrations.size === 0) return;
  for (const period of planCutoffs(addDays(plan.from, -days), plan.from, plan.refitEvery)) {
    const { origins } = eligibleOrigins(plan.data, period.cutoff, period.until, plan.horizon, inputDays);
    if (origins.length === 0) continue;
    const history = historyAt(plan.data, period.cutoff, plan.windowMode, plan.trainDays);
    const inputs = originInputs(plan.data, origins);
    for (const [name, calibration] of calibrations) {
      if (plan.signal?.aborted === true) throw new BacktestAbortedError(period.cutoff, plan.signal.reason);
      const model = await plan.create(name, plan.data);
      try {
        await model.fit(history, {
          cutoff: period.cutoff,
          ...(plan.signal === undefined ? {} : { signal: plan.signal }),
        });
        await calibration.issue(model, origins, inputs);
      } finally {
        model.dispose();
      }
    }
  }
}

/** The most consecutive candles any model needs before an origin; also checks every model's horizon. */
async function probeInputDays(plan: WalkForwardPlan): Promise<number> {
  let inputDays = 1;
  for (const name of plan.models) {
    const probe = await plan.create(name, plan.data);
    try {
      if (probe.horizon !== plan.horizon) {
        throw new InvalidBacktestRequestError(
          'models',
          `model ${name} forecasts ${probe.horizon} days, the backtest ${plan.horizon}`,
        );
      }
      inputDays = Math.max(inputDays, probe.inputDays);
    } finally {
      probe.dispose();
    }
  }
  return inputDays;
}
