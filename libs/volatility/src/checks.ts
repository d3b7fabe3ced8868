import { VolatilityError } from './errors';

/** Throws unless every close is a finite number > 0 and there are at least `minimum` of them. */
export function checkCloses(closes: readonly number[], minimum: number, model: string): void {
  if (closes.length < minimum) {
    throw new VolatilityError(
      'VOLATILITY_TOO_SHORT',
      `${model} needs at least ${minimum} closes, got ${closes.length}`,
    );
  }
  checkPrices('close', closes);
}

/** Throws unless every value of the named price series is a finite number > 0 (names the first bad index). */
export function checkPrices(name: string, values: readonly number[]): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!(v > 0) || !Number.isFinite(v)) {
      throw new VolatilityError(
        'VOLATILITY_INVALID_INPUT',
        `${name}[${i}] is ${String(v)}, not a finite price > 0`,
      );
    }
  }
}

/** Throws unless `value` is an integer >= `minimum`. */
export function checkInteger(name: string, value: number, minimum: number): void {
  if (!Number.isInteger(value) || value < minimum) {
    throw new VolatilityError(
      'VOLATILITY_INVALID_OPTION',
      `${name} ${String(value)} is not an integer >= ${minimum}`,
    );
  }
}

/** Throws unless `value` is a finite number strictly between `low` and `high`. */
export function checkOpenInterval(name: string, value: number, low: number, high: number): void {
  if (!(value > low && value < high)) {
    throw new VolatilityError(
      'VOLATILITY_INVALID_OPTION',
      `${name} ${String(value)} is not in (${low}, ${high})`,
    );
  }
}

/** Throws unless `levels` is a non-empty list of probabilities in (0, 1). */
export function checkLevels(levels: readonly number[]): void {
  if (levels.length === 0) throw new VolatilityError('VOLATILITY_INVALID_OPTION', 'levels is empty');
  levels.forEach((level, k) => checkOpenInterval(`levels[${k}]`, level, 0, 1));
}
