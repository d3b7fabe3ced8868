import type { IsoDay } from '@cf/ohlcv';
import { LookaheadError } from '../errors';
import type { CandlesBySymbol, FitContext, FitReport, Forecaster, OriginForecast } from '../forecaster';
import { freezeData, historyAt, originInputs, type BacktestData, type OriginRef } from './backtest-data';
import type { WindowMode } from './backtest-request';
import { eligibleOrigins } from './eligible-origins';
import { perturbAfter } from './perturb-future';

/** A model already fitted and run on the real data at the audited cut-off (what the backtest itself did). */
export interface AuditReference {
  readonly model: Forecaster;
  readonly fit: FitReport;
  /** Its forecasts of `origins`, in order. */
  readonly predictions: readonly OriginForecast[];
}

/** What {@link auditNoLookahead} checks. */
export interface AuditOptions {
  /**
   * Makes a fresh, unfitted instance of the model under audit living in `world`: the audit passes the world
   * with the future replaced, so data read from anywhere but `fit`'s history changes too.
   */
  readonly createModel: (world: CandlesBySymbol) => Forecaster | Promise<Forecaster>;
  /** The full series (real data), including everything after the cut-off. */
  readonly data: CandlesBySymbol;
  readonly cutoff: IsoDay;
  /** The last origin forecast from this cut-off (the next cut-off, or the backtest's `to`). */
  readonly until: IsoDay;
  /** The origins to forecast; by default every eligible one in `(cutoff, until]` for the model's horizon and inputs. */
  readonly origins?: readonly OriginRef[];
  readonly windowMode?: WindowMode;
  readonly trainDays?: number;
  /** Seeds the replacement data. */
  readonly seed?: number;
  /** How many origin days the predict check perturbs after (spread over the period). Default 3. */
  readonly originChecks?: number;
  /** What the audited fit got besides the history (a warm start, chosen settings): the replay gets the same. */
  readonly fitContext?: Omit<FitContext, 'cutoff'>;
  /** Reuse a fit on the real data instead of fitting one here. */
  readonly reference?: AuditReference;
}

/** What an audit checked (it throws `LookaheadError` at the first leak). */
export interface AuditReport {
  readonly model: string;
  readonly cutoff: IsoDay;
  /** Forecasts compared in the fit check (every origin of the period). */
  readonly forecastsChecked: number;
  /** Origin days after which the data was replaced for the predict check. */
  readonly originDaysChecked: readonly IsoDay[];
}

/**
 * Checks that a model's forecasts for one cut-off cannot see the future, by changing it and requiring
 * bit-identical forecasts:
 * - fit: the world is replaced by one whose every candle after the cut-off differs (`perturbAfter`); a fresh
 *   instance is created in that world and fitted on its history up to the cut-off; its fit report and its
 *   forecasts of every origin, from the real inputs, must equal the real fit's. The history handed to `fit`
 *   holds no later candle either way, so this stage catches models that read the future around the harness
 *   (a captured dataset, a store, a cache), which the replaced world exposes;
 * - predict: for a few origin days `o` spread over the period, the fitted model forecasts the whole period again
 *   from data whose every candle after `o` is replaced; every forecast from an origin on or before `o` must be
 *   unchanged. This catches a model that uses one origin's candles to forecast an earlier origin of the batch.
 * Throws `LookaheadError` naming the model, the cut-off, the stage and the first differing forecast.
 *
 * @example
 * await auditNoLookahead({ createModel: () => createNeuralModel(tf, request), data, cutoff: '2023-02-11', until: '2023-05-13' });
 */
export async function auditNoLookahead(options: AuditOptions): Promise<AuditReport> {
  const { cutoff, until, windowMode = 'expanding', trainDays, seed = 1 } = options;
  const data: BacktestData = Object.isFrozen(options.data) ? options.data : freezeData(options.data);
  const context: FitContext = { ...options.fitContext, cutoff };
  let owned: Forecaster | undefined;
  let reference = options.reference;
  try {
    if (reference === undefined) {
      owned = await options.createModel(data);
      const origins = options.origins ?? defaultOrigins(data, owned, cutoff, until);
      const fit = await owned.fit(historyAt(data, cutoff, windowMode, trainDays), context);
      reference = { model: owned, fit, predictions: await owned.predict(originInputs(data, origins)) };
    }
    const { model } = reference;
    const origins = options.origins ?? defaultOrigins(data, model, cutoff, until);

    const future = perturbAfter(data, cutoff, seed);
    const other = await options.createModel(future);
    try {
      const fit = await other.fit(historyAt(future, cutoff, windowMode, trainDays), context);
      if (JSON.stringify(fit) !== JSON.stringify(reference.fit)) {
        throw new LookaheadError(
          model.name,
          cutoff,
          'fit',
          `its fit changed when only data after the cut-off changed: ${JSON.stringify(reference.fit)} became ${JSON.stringify(fit)}`,
        );
      }
      const again = await other.predict(originInputs(data, origins));
      compare(model.name, cutoff, 'fit', origins, reference.predictions, again, undefined);
    } finally {
      other.dispose();
    }

    const days = checkDays(origins, options.originChecks ?? 3);
    for (const [j, day] of days.entries()) {
      const future = perturbAfter(data, day, seed + 1 + j);
      const again = await model.predict(originInputs(future, origins));
      compare(model.name, cutoff, 'predict', origins, reference.predictions, again, day);
    }
    return { model: model.name, cutoff, forecastsChecked: origins.length, originDaysChecked: days };
  } finally {
    owned?.dispose();
  }
}

function defaultOrigins(data: BacktestData, model: Forecaster, cutoff: IsoDay, until: IsoDay): OriginRef[] {
  return [...eligibleOrigins(data, cutoff, until, model.horizon, model.inputDays).origins];
}

/** Up to `count` distinct origin days spread from the first to the last but one (later origins exist after them). */
function checkDays(origins: readonly OriginRef[], count: number): IsoDay[] {
  const dates = [...new Set(origins.map((o) => o.date))].sort();
  if (dates.length <= 1 || count <= 1) return dates.slice(0, Math.min(1, count));
  const last = dates.length - 2;
  const picked = Array.from({ length: count }, (_, j) => dates[Math.round((j * last) / (count - 1))]);
  return [...new Set(picked)];
}

function compare(
  model: string,
  cutoff: IsoDay,
  stage: 'fit' | 'predict',
  origins: readonly OriginRef[],
  expected: readonly OriginForecast[],
  actual: readonly OriginForecast[],
  through: IsoDay | undefined,
): void {
  const after = through === undefined ? 'the cut-off' : through;
  if (actual.length !== expected.length) {
    throw new LookaheadError(
      model,
      cutoff,
      stage,
      `${actual.length} forecasts instead of ${expected.length} when data after ${after} changed`,
    );
  }
  origins.forEach((origin, i) => {
    if (through !== undefined && origin.date > through) return;
    const a = flatten(actual[i]);
    const e = flatten(expected[i]);
    const k = e.findIndex((value, j) => !Object.is(value, a[j]));
    if (a.length !== e.length || k >= 0) {
      throw new LookaheadError(
        model,
        cutoff,
        stage,
        `the forecast of ${origin.symbol} from ${origin.date} changed when data after ${after} changed ` +
          `(value ${k + 1} of its returns and quantiles: ${e[k]} became ${a[k]})`,
      );
    }
  });
}

/** Every number of a forecast, returns then quantiles, for a bit-for-bit comparison. */
function flatten(forecast: OriginForecast): number[] {
  return [...forecast.returns, ...(forecast.logReturnQuantiles ?? []).flat()];
}
