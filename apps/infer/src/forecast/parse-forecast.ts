import {
  isIsoDay,
  isValidSymbol,
  type Forecast,
  type ForecastStep,
  type OutOfDistributionFlag,
} from '@cf/ohlcv';

/**
 * Reads a `Forecast` from parsed JSON (a stored prediction, an endpoint's answer), checking every field;
 * returns the reason it is not one as a string, so callers decide whether that is an error or a stale file.
 */
export function parseForecast(value: unknown): Forecast | string {
  if (!isRecord(value)) return 'not an object';
  const {
    symbol,
    lastObservedDate,
    lastClose,
    generatedAt,
    modelVersion,
    modelTrainedThrough,
    window,
    horizon,
  } = value;
  if (typeof symbol !== 'string' || !isValidSymbol(symbol)) return `symbol ${show(symbol)} is not a ticker`;
  if (!isDay(lastObservedDate)) return `lastObservedDate ${show(lastObservedDate)} is not a day`;
  if (!isPositive(lastClose)) return `lastClose ${show(lastClose)} is not a positive number`;
  if (typeof generatedAt !== 'string' || Number.isNaN(Date.parse(generatedAt)))
    return `generatedAt ${show(generatedAt)} is not a timestamp`;
  if (typeof modelVersion !== 'string' || modelVersion === '')
    return `modelVersion ${show(modelVersion)} is not a version`;
  if (!isDay(modelTrainedThrough)) return `modelTrainedThrough ${show(modelTrainedThrough)} is not a day`;
  if (!isCount(window) || !isCount(horizon))
    return `window ${show(window)} or horizon ${show(horizon)} is not a positive integer`;
  if (!Array.isArray(value.steps) || value.steps.length !== horizon)
    return `steps must be an array of ${horizon} days`;
  const steps: ForecastStep[] = [];
  for (const [i, step] of value.steps.entries()) {
    if (
      !isRecord(step) ||
      step.horizonDay !== i + 1 ||
      !isDay(step.targetDate) ||
      typeof step.predictedReturn !== 'number' ||
      !Number.isFinite(step.predictedReturn) ||
      typeof step.predictedClose !== 'number' ||
      !Number.isFinite(step.predictedClose)
    ) {
      return `steps[${i}] is not a forecast step of horizon day ${i + 1}: ${show(step)}`;
    }
    steps.push({
      horizonDay: step.horizonDay,
      targetDate: step.targetDate,
      predictedReturn: step.predictedReturn,
      predictedClose: step.predictedClose,
    });
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
    modelTrainedThrough,
    window,
    horizon,
    steps,
    outOfDistribution: flags,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isDay(value: unknown): value is string {
  return typeof value === 'string' && isIsoDay(value);
}

function isPositive(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}

function isCount(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) > 0;
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
