import { checkLevels, checkOpenInterval } from './checks';
import { VolatilityError } from './errors';

/**
 * The state of adaptive conformal inference (Gibbs & Candès 2021) for one quantile forecast stream (e.g. one
 * asset and horizon day): per nominal level τ_k, the adjusted level at which the next quantile is read.
 * Plain JSON; replaying the same outcomes from the same state gives the same state bit for bit.
 */
export interface AciState {
  readonly version: 1;
  /** Step size γ of the update. */
  readonly gamma: number;
  /** The nominal levels τ_k, increasing. */
  readonly levels: readonly number[];
  /** The adjusted levels τ̃_k (not clamped: they may leave (0, 1) for a while, as the method requires). */
  readonly adjusted: readonly number[];
  /** Outcomes absorbed so far. */
  readonly updates: number;
}

/** Options of {@link createAciState}. */
export interface AciOptions {
  /** Step size γ in (0, 1). Default 0.005 (Gibbs & Candès' choice for daily data). */
  readonly gamma?: number;
}

/** Adjusted levels are read within [0.001, 0.999], so every quantile stays finite. */
export const ACI_LEVEL_BOUNDS: readonly [number, number] = [0.001, 0.999];

/**
 * A fresh calibration state: every adjusted level starts at its nominal level.
 *
 * @example
 * let state = createAciState([0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95]);
 */
export function createAciState(levels: readonly number[], options: AciOptions = {}): AciState {
  const gamma = options.gamma ?? 0.005;
  checkOpenInterval('gamma', gamma, 0, 1);
  checkIncreasingLevels(levels);
  return { version: 1, gamma, levels: [...levels], adjusted: [...levels], updates: 0 };
}

/**
 * The levels to read the next quantiles at: the adjusted levels clamped to {@link ACI_LEVEL_BOUNDS} and sorted
 * (a monotone rearrangement, so the quantiles read at them never cross). Read the model's quantiles at these
 * levels, publish them as the quantiles of the nominal levels, and later pass them to {@link updateAciState}.
 */
export function aciLevels(state: AciState): number[] {
  checkAciState(state);
  const [low, high] = ACI_LEVEL_BOUNDS;
  return state.adjusted.map((level) => Math.min(high, Math.max(low, level))).sort((a, b) => a - b);
}

/**
 * Absorbs one realized outcome: for each level k, `hit = actual <= issued[k]` (the quantile that was published
 * for nominal level τ_k) and `τ̃_k ← τ̃_k + γ (τ_k - hit)`. A quantile that the outcome stayed below too often
 * is read lower next time, and vice versa, so over any long stretch the share of outcomes at or below each
 * published quantile tends to τ_k whatever the model's errors (Gibbs & Candès, Proposition 4.1). For an
 * h-day-ahead stream the outcome arrives h days after the forecast; update with it then. Returns a new state.
 *
 * @example
 * const levels = aciLevels(state); // read quantiles at these, publish, then when the outcome is known:
 * state = updateAciState(state, realizedReturn, publishedQuantiles);
 */
export function updateAciState(state: AciState, actual: number, issued: readonly number[]): AciState {
  checkAciState(state);
  if (!Number.isFinite(actual)) {
    throw new VolatilityError('VOLATILITY_INVALID_INPUT', `outcome ${actual} is not a finite number`);
  }
  if (issued.length !== state.levels.length || issued.some((q) => !Number.isFinite(q))) {
    throw new VolatilityError(
      'VOLATILITY_INVALID_INPUT',
      `issued quantiles [${issued.join(', ')}] are not ${state.levels.length} finite numbers`,
    );
  }
  const adjusted = state.adjusted.map(
    (level, k) => level + state.gamma * (state.levels[k] - (actual <= issued[k] ? 1 : 0)),
  );
  return { ...state, adjusted, updates: state.updates + 1 };
}

/**
 * Checks a state read back from storage (e.g. `JSON.parse` of a stored one) and returns it typed; throws
 * `VOLATILITY_INVALID_PARAMETERS` naming what is wrong.
 */
export function parseAciState(value: unknown): AciState {
  checkAciState(value as AciState);
  return value as AciState;
}

function checkAciState(state: AciState): void {
  const fail = (what: string): never => {
    throw new VolatilityError('VOLATILITY_INVALID_PARAMETERS', `ACI state ${what}: ${JSON.stringify(state)}`);
  };
  if (typeof state !== 'object' || state === null) fail('is not an object');
  if (state.version !== 1) fail('has an unknown version');
  if (!(state.gamma > 0 && state.gamma < 1)) fail('has a step size outside (0, 1)');
  if (
    !Array.isArray(state.levels) ||
    !Array.isArray(state.adjusted) ||
    state.levels.length !== state.adjusted.length
  ) {
    fail('needs levels and adjusted of equal length');
  }
  if (state.adjusted.some((v) => typeof v !== 'number' || !Number.isFinite(v)))
    fail('has a non-finite adjusted level');
  if (!Number.isInteger(state.updates) || state.updates < 0) fail('has a bad update count');
  try {
    checkIncreasingLevels(state.levels);
  } catch (error) {
    fail(`has bad levels (${(error as Error).message})`);
  }
}

function checkIncreasingLevels(levels: readonly number[]): void {
  checkLevels(levels);
  for (let k = 1; k < levels.length; k++) {
    if (!(levels[k] > levels[k - 1])) {
      throw new VolatilityError(
        'VOLATILITY_INVALID_OPTION',
        `levels must increase: ${levels[k - 1]} then ${levels[k]}`,
      );
    }
  }
}
