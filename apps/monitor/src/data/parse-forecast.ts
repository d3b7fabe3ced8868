import { isIsoDay } from '@cf/ohlcv';

/**
 * Checks that a stored prediction has the fields scoring relies on; returns the problem in words, or
 * `undefined` when the document is a usable `Forecast`.
 */
export function forecastProblem(doc: unknown): string | undefined {
  if (typeof doc !== 'object' || doc === null) return 'not a JSON object';
  const f = doc as Record<string, unknown>;
  if (typeof f.symbol !== 'string' || f.symbol === '') return "field 'symbol' must be a non-empty string";
  if (typeof f.lastObservedDate !== 'string' || !isIsoDay(f.lastObservedDate)) {
    return "field 'lastObservedDate' must be a YYYY-MM-DD day";
  }
  if (!positive(f.lastClose)) return "field 'lastClose' must be a finite number > 0";
  if (typeof f.modelVersion !== 'string') return "field 'modelVersion' must be a string";
  if (!Array.isArray(f.steps) || f.steps.length === 0) return "field 'steps' must be a non-empty array";
  for (let i = 0; i < f.steps.length; i++) {
    const step = f.steps[i] as Record<string, unknown> | null;
    if (typeof step !== 'object' || step === null) return `steps[${i}] is not an object`;
    if (!Number.isSafeInteger(step.horizonDay) || (step.horizonDay as number) < 1) {
      return `steps[${i}].horizonDay must be an integer >= 1`;
    }
    if (typeof step.targetDate !== 'string' || !isIsoDay(step.targetDate) || step.targetDate <= f.lastObservedDate) {
      return `steps[${i}].targetDate must be a YYYY-MM-DD day after lastObservedDate`;
    }
    if (!positive(step.predictedClose)) return `steps[${i}].predictedClose must be a finite number > 0`;
  }
  return undefined;
}

function positive(value: unknown): boolean {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}
