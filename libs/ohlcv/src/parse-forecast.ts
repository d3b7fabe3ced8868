import { isValidSymbol, type IsoDay } from './candle';
import type { Forecast, ForecastQuantile, ForecastStep, OutOfDistributionFlag } from './forecast';
import { isIsoDay } from './days';

/** The `model` of a forecast published before forecasts named their recipe. */
export const UNRECORDED_MODEL = 'unrecorded';

/**
 * Reads a `Forecast` from parsed JSON (a stored prediction, an endpoint's answer), checking every field a reader
 * relies on: one step per horizon day with finite numbers, quantiles (when present) at increasing levels with
 * non-decreasing closes. Returns the reason it is not one as a string, so callers decide whether that is an
 * error or a stale file.
 *
 * @example
 * const forecast = parseForecast(JSON.parse(text));
 * if (typeof forecast === 'string') throw new Error(`not a forecast: ${forecast}`);
 */
export function parseForecast(value: unknown): Forecast | string {
  if (!isRecord(value)) return 'not an object';
  const {
    symbol,
    lastObservedDate,
    lastClose,
    generatedAt,
    modelVersion,
    model,
    modelTrainedThrough,
    horizon,
  } = value;
  if (typeof symbol !== 'string' || !isValidSymbol(symbol)) return `symbol ${show(symbol)} is not a ticker`;
  if (!isDay(lastObservedDate)) return `lastObservedDate ${show(lastObservedDate)} is not a day`;
  if (!isPositive(lastClose)) return `lastClose ${show(lastClose)} is not a positive number`;
  if (typeof generatedAt !== 'string' || Number.isNaN(Date.parse(generatedAt)))
    return `generatedAt ${show(generatedAt)} is not a timestamp`;
  if (typeof modelVersion !== 'string' || modelVersion === '')
    return `modelVersion ${show(modelVersion)} is not a version`;
  // Forecasts published before recipes were named carry no `model`: still readable, so history keeps scoring.
  const recipe = model === undefined ? UNRECORDED_MODEL : model;
  if (typeof recipe !== 'string' || recipe === '') return `model ${show(model)} is not a model name`;
  if (!isDay(modelTrainedThrough)) return `modelTrainedThrough ${show(modelTrainedThrough)} is not a day`;
  if (!Number.isSafeInteger(horizon) || (horizon as number) < 1)
    return `horizon ${show(horizon)} is not a positive integer`;
  if (!Array.isArray(value.steps) || value.steps.length !== horizon)
    return `steps must be an array of ${horizon} days`;
  const steps: ForecastStep[] = [];
  for (const [i, step] of value.steps.entries()) {
    const parsed = parseStep(step, i, lastObservedDate);
    if (typeof parsed === 'string') return parsed;
    steps.push(parsed);
  }
  if (!Array.isArray(value.outOfDistribution)) return 'outOfDistribution must be an array';
  const flags: OutOfDistributionFlag[] = [];
  for (const [i, flag] of value.outOfDistribution.entries()) {
    if (
      !isRecord(flag) ||
      typeof flag.feature !== 'string' ||
      typeof flag.zScore !== 'number' ||
      typeof flag.limit !== 'number'
    ) {
      return `outOfDistribution[${i}] is not a flag: ${show(flag)}`;
    }
    flags.push({ feature: flag.feature, zScore: flag.zScore, limit: flag.limit });
  }
  return {
    symbol,
    lastObservedDate,
    lastClose,
    generatedAt,
    modelVersion,
    model: recipe,
    modelTrainedThrough,
    horizon: horizon as number,
    steps,
    outOfDistribution: flags,
  };
}

function parseStep(step: unknown, i: number, lastObservedDate: IsoDay): ForecastStep | string {
  if (
    !isRecord(step) ||
    step.horizonDay !== i + 1 ||
    !isDay(step.targetDate) ||
    step.targetDate <= lastObservedDate ||
    typeof step.predictedReturn !== 'number' ||
    !Number.isFinite(step.predictedReturn) ||
    !isPositive(step.predictedClose)
  ) {
    return `steps[${i}] is not a forecast step of horizon day ${i + 1} after ${lastObservedDate}: ${show(step)}`;
  }
  const base: ForecastStep = {
    horizonDay: step.horizonDay,
    targetDate: step.targetDate,
    predictedReturn: step.predictedReturn,
    predictedClose: step.predictedClose,
  };
  if (step.quantiles === undefined) return base;
  if (!Array.isArray(step.quantiles)) return `steps[${i}].quantiles must be an array`;
  const quantiles: ForecastQuantile[] = [];
  for (const [j, q] of step.quantiles.entries()) {
    const previous = quantiles[j - 1];
    if (
      !isRecord(q) ||
      typeof q.level !== 'number' ||
      !(q.level > 0 && q.level < 1) ||
      !isPositive(q.close) ||
      (previous !== undefined && !(q.level > previous.level && q.close >= previous.close))
    ) {
      return `steps[${i}].quantiles[${j}] is not a quantile above the one before: ${show(q)}`;
    }
    quantiles.push({ level: q.level, close: q.close });
  }
  return { ...base, quantiles };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isDay(value: unknown): value is IsoDay {
  return typeof value === 'string' && isIsoDay(value);
}

function isPositive(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
