import { QUANTILE_LEVELS, type Candle } from '@cf/ohlcv';
import { CorruptModelStateError, InsufficientHistoryError, ModelNotFittedError } from '../errors';
import type { FitReport, Forecaster, ForecastOrigin, ModelFiles, OriginForecast } from '../forecaster';
import { checkFitHistory } from '../kinds/fit-history';
import { readStateFile, stateFiles } from '../kinds/state-file';

/** The capabilities of every scale kind: quantiles at the platform's levels, no warm start, no tfjs. */
export const SCALE_CAPABILITIES = Object.freeze({
  quantileLevels: QUANTILE_LEVELS,
  warmStart: false,
  tensorflow: false,
});

/** What distinguishes one scale kind from another; the forecaster around it is shared. */
export interface ScaleSpec<State> {
  readonly name: string;
  /** Consecutive closes an origin needs. */
  readonly inputDays: number;
  /** Closes an origin's forecast reads (inputDays plus burn-in); earlier ones are ignored. */
  readonly historyDays: number;
  /** Fewest candles a symbol needs at a cut-off to be fitted. */
  readonly minTrainDays: number;
  /** The symbol's fitted state (plain JSON), from its candles up to the cut-off. */
  fit(candles: readonly Candle[]): State;
  /** Checks a state read back from a model version; returns the problem in words, or undefined. */
  stateProblem(state: unknown): string | undefined;
  /**
   * Quantiles of the h-day log return from the origin close, `[day][k]`, for day h at `levels[h - 1]`. Scale
   * kinds centre them on 0 (the point kind gives the centre), except naive-empirical, which keeps its sample's.
   */
  quantiles(state: State, candles: readonly Candle[], levels: readonly (readonly number[])[]): number[][];
}

/**
 * A forecaster of a scale kind: fitted per symbol on its history up to the cut-off (a symbol with fewer than
 * `minTrainDays` candles is left out and cannot be forecast), its forecasts flat returns (0) with quantiles of
 * the cumulative log return at the nominal levels, or at the calibrated ones an origin carries.
 */
export function createScaleForecaster<State>(
  spec: ScaleSpec<State>,
  params: { readonly horizon: number },
  files?: ModelFiles,
): Forecaster {
  const { horizon } = params;
  const { name } = spec;
  let states: Map<string, State> | undefined = files === undefined ? undefined : parseStates(files);
  return {
    name,
    horizon,
    minTrainDays: spec.minTrainDays,
    inputDays: spec.inputDays,
    historyDays: spec.historyDays,
    capabilities: SCALE_CAPABILITIES,
    async fit(history, context): Promise<FitReport> {
      const span = checkFitHistory(name, history, context.cutoff, spec.minTrainDays);
      const fitted = new Map<string, State>();
      for (const symbol of span.symbols) {
        if (history[symbol].length >= spec.minTrainDays) fitted.set(symbol, spec.fit(history[symbol]));
      }
      states = fitted;
      return {
        symbols: [...fitted.keys()],
        dataFrom: span.dataFrom,
        dataThrough: span.dataThrough,
        chosen: {},
        details: { fitted: Object.fromEntries(fitted) },
      };
    },
    async predict(origins: readonly ForecastOrigin[]): Promise<OriginForecast[]> {
      const fitted = states;
      if (fitted === undefined) throw new ModelNotFittedError(name, 'predict before fit');
      return origins.map((origin) => {
        const state = fitted.get(origin.symbol);
        const day = origin.candles[origin.candles.length - 1]?.date ?? '';
        if (state === undefined) {
          throw new InsufficientHistoryError(
            name,
            day,
            `no ${name} fit for ${origin.symbol}: it had under ${spec.minTrainDays} candles at the cut-off`,
          );
        }
        const candles = origin.candles.slice(-spec.historyDays);
        if (candles.length < spec.inputDays) {
          throw new InsufficientHistoryError(
            name,
            day,
            `${origin.symbol} has ${candles.length} candles, ${name} forecasts from ${spec.inputDays}`,
          );
        }
        const levels = origin.levels ?? Array.from({ length: horizon }, () => QUANTILE_LEVELS);
        const byDay = spec.quantiles(state, candles, levels);
        return {
          returns: new Array<number>(horizon).fill(0),
          logReturnQuantiles: QUANTILE_LEVELS.map((_, k) => byDay.map((row) => row[k])),
        };
      });
    },
    inputWarnings: () => [],
    async save() {
      if (states === undefined) throw new ModelNotFittedError(name, 'save before fit');
      return stateFiles({ kind: name, horizon, symbols: Object.fromEntries(states) });
    },
    dispose() {
      states = undefined;
    },
  };

  function parseStates(stored: ModelFiles): Map<string, State> {
    const doc = readStateFile(name, stored) as { symbols?: unknown };
    const entries =
      typeof doc.symbols === 'object' && doc.symbols !== null ? Object.entries(doc.symbols) : [];
    if (entries.length === 0) {
      throw new CorruptModelStateError(name, 'state.json', "has no 'symbols' map of fitted states");
    }
    for (const [symbol, state] of entries) {
      const problem = spec.stateProblem(state);
      if (problem !== undefined) {
        throw new CorruptModelStateError(name, 'state.json', `holds a bad state for ${symbol}: ${problem}`);
      }
    }
    return new Map(entries as [string, State][]);
  }
}
