import { addDays, QUANTILE_LEVELS, type IsoDay } from '@cf/ohlcv';
import { aciLevels, createAciState, parseAciState, updateAciState, type AciState } from '@cf/volatility';
import { CorruptModelStateError } from '../errors';

/** Step size of the calibration (Gibbs and Candès' choice for daily data). */
export const CALIBRATION_GAMMA = 0.005;

/**
 * The online calibration of one recipe's ranges by adaptive conformal inference (Gibbs and Candès): for every
 * asset and horizon day, the levels at which the model's quantiles are read so that the published ranges cover
 * what they claim, moved by every outcome as it becomes known. Plain JSON, kept per recipe (refits of the same
 * recipe continue it); the same outcomes absorbed from the same state give the same state bit for bit.
 */
export interface CalibrationState {
  readonly schemaVersion: 1;
  /** The recipe whose forecasts it calibrates. */
  readonly model: string;
  readonly horizon: number;
  readonly gamma: number;
  /** The last target day whose outcomes it absorbed (null: none yet). */
  readonly through: IsoDay | null;
  /** By asset: one ACI state per horizon day, levels `QUANTILE_LEVELS`. */
  readonly symbols: Readonly<Record<string, readonly AciState[]>>;
}

/** One outcome to absorb: a published forecast's quantiles for one day and what happened. */
export interface CalibrationOutcome {
  readonly symbol: string;
  readonly horizonDay: number;
  /** The target day (origin + horizon day). */
  readonly target: IsoDay;
  /** Realized log return from the origin close to the target close. */
  readonly outcome: number;
  /** The log-return quantiles that were published for the nominal levels (read at the calibrated ones). */
  readonly issued: readonly number[];
}

/** A state that has absorbed nothing: every level at its nominal value. */
export function createCalibrationState(
  model: string,
  horizon: number,
  gamma = CALIBRATION_GAMMA,
): CalibrationState {
  return { schemaVersion: 1, model, horizon, gamma, through: null, symbols: {} };
}

/**
 * The levels to read an asset's quantiles at, `[day][k]`, for forecasts made from `origin`: the state must
 * have absorbed nothing after the day before the origin (what is known when the forecast is made). An asset
 * it has not seen yet gets the nominal levels.
 */
export function calibratedLevels(state: CalibrationState, symbol: string): number[][] {
  const streams = state.symbols[symbol];
  return Array.from({ length: state.horizon }, (_, day) =>
    streams === undefined ? [...QUANTILE_LEVELS] : aciLevels(streams[day]),
  );
}

/**
 * Absorbs the outcomes of one target day (every asset and horizon day whose target it is), in a fixed order
 * (asset, then horizon day), and moves `through` to that day. Target days must be absorbed in increasing
 * order, each once: a day at or before `through` is refused, so re-running a day changes nothing.
 */
export function absorbTargetDay(
  state: CalibrationState,
  target: IsoDay,
  outcomes: readonly CalibrationOutcome[],
): CalibrationState {
  if (state.through !== null && target <= state.through) {
    throw new CorruptModelStateError(
      state.model,
      'calibration',
      `has absorbed outcomes through ${state.through}; ${target} cannot be absorbed again or out of order`,
    );
  }
  const symbols: Record<string, readonly AciState[]> = { ...state.symbols };
  const ordered = [...outcomes].sort((a, b) =>
    a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : a.horizonDay - b.horizonDay,
  );
  for (const o of ordered) {
    if (o.target !== target || o.horizonDay < 1 || o.horizonDay > state.horizon) continue;
    const streams = [
      ...(symbols[o.symbol] ??
        Array.from({ length: state.horizon }, () => createAciState(QUANTILE_LEVELS, { gamma: state.gamma }))),
    ];
    streams[o.horizonDay - 1] = updateAciState(streams[o.horizonDay - 1], o.outcome, o.issued);
    symbols[o.symbol] = streams;
  }
  return { ...state, through: target, symbols };
}

/** The day a forecast from `origin` may use the state through: the day before it. */
export function calibrationDayFor(origin: IsoDay): IsoDay {
  return addDays(origin, -1);
}

/** Checks a state read back from the store; throws `CorruptModelStateError` naming what is wrong. */
export function parseCalibrationState(value: unknown, model: string): CalibrationState {
  const fail = (what: string): never => {
    throw new CorruptModelStateError(model, 'calibration', what);
  };
  const doc = value as Partial<CalibrationState> | null;
  if (typeof doc !== 'object' || doc === null || doc.schemaVersion !== 1) fail('is not a calibration state');
  const state = doc as CalibrationState;
  if (state.model !== model) fail(`calibrates ${String(state.model)}, not ${model}`);
  if (!Number.isInteger(state.horizon) || state.horizon < 1) fail('has no horizon');
  if (typeof state.symbols !== 'object' || state.symbols === null) fail('has no symbols');
  for (const [symbol, streams] of Object.entries(state.symbols)) {
    if (!Array.isArray(streams) || streams.length !== state.horizon)
      fail(`has ${symbol} without one state per day`);
    try {
      streams.forEach((s) => parseAciState(s));
    } catch (error) {
      fail(`has a bad state for ${symbol}: ${(error as Error).message}`);
    }
  }
  return state;
}
