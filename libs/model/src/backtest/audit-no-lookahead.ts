import type { IsoDay } from '@cf/ohlcv';
import type { CandlesBySymbol, ForecastingModel, ModelFitReport } from '../forecasters/forecasting-model';
import { LookaheadError } from './backtest-errors';
import { freezeData, historyAt, originInputs, type BacktestData, type OriginRef } from './backtest-data';
import type { WindowMode } from './backtest-request';
import { eligibleOrigins } from './eligible-origins';
import { perturbAfter } from './perturb-future';

/** A model already fitted and run on the real data at the audited cut-off (what the backtest itself did). */
export interface AuditReference {
  readonly model: ForecastingModel;
  readonly fit: ModelFitReport;
  /** Its forecasts of `origins`, in order. */
  readonly predictions: readonly (readonly number[])[];
}

/** What {@link auditNoLookahead} checks. */
export interface AuditOptions {
  /** Makes a fresh, unfitted instance of the model under audit. */
  readonly createModel: () => ForecastingModel;
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
 * - fit: a fresh instance is fitted on data whose every candle after the cut-off is replaced by different values
 *   (`perturbAfter`); its fit report (data range, split, scalers, early stopping) and its forecasts of every
 *   origin, from the real inputs, must equal the real fit's;
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
  let owned: ForecastingModel | undefined;
  let reference = options.reference;
  try {
    if (reference === undefined) {
      owned = options.createModel();
      const origins = options.origins ?? defaultOrigins(data, owned, cutoff, until);
      const fit = await owned.fit(historyAt(data, cutoff, windowMode, trainDays), { cutoff });
      reference = { model: owned, fit, predictions: await owned.predict(originInputs(data, origins)) };
    }
    const { model } = reference;
    const origins = options.origins ?? defaultOrigins(data, model, cutoff, until);

    const other = options.createModel();
    try {
      const future = perturbAfter(data, cutoff, seed);
      const fit = await other.fit(historyAt(future, cutoff, windowMode, trainDays), { cutoff });
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

function defaultOrigins(
  data: BacktestData,
  model: ForecastingModel,
  cutoff: IsoDay,
  until: IsoDay,
): OriginRef[] {
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
  expected: readonly (readonly number[])[],
  actual: readonly (readonly number[])[],
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
    const a = actual[i];
    const e = expected[i];
    const k = e.findIndex((value, day) => !Object.is(value, a[day]));
    if (a.length !== e.length || k >= 0) {
      throw new LookaheadError(
        model,
        cutoff,
        stage,
        `the forecast of ${origin.symbol} from ${origin.date} changed when data after ${after} changed ` +
          `(day ${k + 1}: ${e[k]} became ${a[k]})`,
      );
    }
  });
}
