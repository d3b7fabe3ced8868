import { centralRangeLevels } from '@cf/metrics';
import { addDays, type Forecast, type ForecastStep, type IsoDay } from '@cf/ohlcv';

/** Days of actual closes a fan chart shows before the latest forecast's origin (the origin included). */
export const FAN_HISTORY_DAYS = 30;

/** A central range of the close: from its lower to its upper quantile. */
export interface RangeBand {
  readonly lower: number;
  readonly upper: number;
}

/** The drawn forecast covering one day of a fan chart: its point, median and central ranges of that day's close. */
export interface FanStep {
  /** The forecast's origin (its last day of data) and the close it started from. */
  readonly origin: IsoDay;
  readonly lastClose: number;
  readonly horizonDay: number;
  /** Whether it is the asset's latest forecast. */
  readonly latest: boolean;
  readonly point: number;
  readonly median: number;
  readonly range50: RangeBand;
  readonly range80: RangeBand;
  readonly range90: RangeBand;
}

/** One day of a fan chart: what happened, and what the drawn forecast covering the day said. */
export interface FanDay {
  readonly date: IsoDay;
  /** The actual close; null when not known (yet). */
  readonly actual: number | null;
  /** null when no drawn forecast with ranges covers the day. */
  readonly forecast: FanStep | null;
}

/** The fan chart of an asset: the recent closes and the latest forecast's ranges, beside earlier forecasts'. */
export interface FanChart {
  /** The latest forecast: its origin, recipe and version. */
  readonly origin: IsoDay;
  readonly model: string;
  readonly modelVersion: string;
  readonly horizon: number;
  /** Every day from `FAN_HISTORY_DAYS` before the origin to the latest forecast's last target day. */
  readonly days: readonly FanDay[];
}

/** A forecast as drawn: the latest one, or an earlier one on the same cadence. */
export interface DrawnForecast {
  readonly forecast: Forecast;
  readonly latest: boolean;
}

const [LOW50, HIGH50] = centralRangeLevels(0.5);
const [LOW80, HIGH80] = centralRangeLevels(0.8);
const [LOW90, HIGH90] = centralRangeLevels(0.9);

/**
 * The fan chart of the latest of `drawn` (one asset's forecasts): days from `historyDays` before its origin to
 * its last target day, each with the actual close where `closes` has it and the step of the drawn forecast
 * covering it (the one with the latest origin when several do); `undefined` when the latest forecast carries
 * no ranges. Earlier forecasts without ranges cover no day.
 */
export function buildFanChart(
  closes: ReadonlyMap<IsoDay, number>,
  drawn: readonly DrawnForecast[],
  historyDays = FAN_HISTORY_DAYS,
): FanChart | undefined {
  const latest = drawn.find((d) => d.latest)?.forecast;
  if (latest === undefined || !hasRanges(latest)) return undefined;
  const covering = new Map<IsoDay, FanStep>();
  const byOrigin = [...drawn].sort((a, b) =>
    compare(a.forecast.lastObservedDate, b.forecast.lastObservedDate),
  );
  for (const { forecast, latest: isLatest } of byOrigin) {
    for (const step of forecast.steps) {
      const covered = fanStep(forecast, step, isLatest);
      if (covered !== undefined) covering.set(step.targetDate, covered);
    }
  }
  const first = addDays(latest.lastObservedDate, -(historyDays - 1));
  const last = latest.steps[latest.steps.length - 1].targetDate;
  const days: FanDay[] = [];
  for (let date = first; date <= last; date = addDays(date, 1)) {
    days.push({ date, actual: closes.get(date) ?? null, forecast: covering.get(date) ?? null });
  }
  return {
    origin: latest.lastObservedDate,
    model: latest.model,
    modelVersion: latest.modelVersion,
    horizon: latest.horizon,
    days,
  };
}

/** Whether a forecast publishes ranges: every step has the quantiles of the 50%, 80% and 90% ranges and the median. */
export function hasRanges(forecast: Forecast): boolean {
  return forecast.steps.length > 0 && forecast.steps.every((s) => fanStep(forecast, s, false) !== undefined);
}

function fanStep(forecast: Forecast, step: ForecastStep, latest: boolean): FanStep | undefined {
  const at = (level: number) => step.quantiles?.find((q) => Math.abs(q.level - level) < 1e-9)?.close;
  const levels = [LOW90, LOW80, LOW50, 0.5, HIGH50, HIGH80, HIGH90].map(at);
  if (levels.some((v) => v === undefined)) return undefined;
  const [l90, l80, l50, median, h50, h80, h90] = levels as number[];
  return {
    origin: forecast.lastObservedDate,
    lastClose: forecast.lastClose,
    horizonDay: step.horizonDay,
    latest,
    point: step.predictedClose,
    median,
    range50: { lower: l50, upper: h50 },
    range80: { lower: l80, upper: h80 },
    range90: { lower: l90, upper: h90 },
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
