import { addDays, type IsoDay } from '@cf/ohlcv';
import type { ForecastSource } from '../data/forecast-source';
import { indexOfDay, type MarketData } from '../data/market-data';
import { driftForecast } from './drift-forecast';
import { naiveRangeForecast } from './naive-range-forecast';
import { scoreStep } from './score-step';
import type { ScoredStep, UnscoredStep } from './scored-step';

/** How forecasts are scored. */
export interface ScoringSettings {
  /** Longest forecast horizon looked for: origins `day - maxHorizonDays .. day - 1` (MONITOR_MAX_HORIZON_DAYS). */
  readonly maxHorizonDays: number;
}

/**
 * Drift's paths and the naive ranges by forecast (symbol, origin, horizon), shared by the target days scored
 * together: a forecast is scored on each of its horizon days, and its baselines are the same every time.
 */
export type BaselineCache = Map<string, Promise<unknown>>;

/** Everything scored (and not scored) for one target day. */
export interface TargetDayScores {
  readonly day: IsoDay;
  /** Sorted by symbol, then horizon day. */
  readonly points: readonly ScoredStep[];
  readonly unscored: readonly UnscoredStep[];
  /** Prediction keys that contributed a step targeting `day`, sorted. */
  readonly forecastKeys: readonly string[];
}

/**
 * Scores every published forecast step whose target day is `day` against the actual close of that day:
 * the model, persistence (the forecast's `lastClose`) and drift (the one drift, fitted on the history up to the
 * forecast's origin only); a forecast's ranges against the naive ranges of the same origin.
 */
export async function scoreTargetDay(
  sources: { readonly market: MarketData; readonly forecasts: ForecastSource },
  day: IsoDay,
  settings: ScoringSettings,
  baselines: BaselineCache = new Map(),
): Promise<TargetDayScores> {
  const points: ScoredStep[] = [];
  const unscored: UnscoredStep[] = [];
  const forecastKeys: string[] = [];
  for (let back = 1; back <= settings.maxHorizonDays; back++) {
    for (const { key, forecast } of await sources.forecasts.madeOn(addDays(day, -back))) {
      const step = forecast.steps.find((s) => s.targetDate === day);
      if (step === undefined) continue;
      forecastKeys.push(key);
      const base = {
        symbol: forecast.symbol,
        lastObservedDate: forecast.lastObservedDate,
        horizonDay: step.horizonDay,
      };
      const candles = await sources.market.candles(forecast.symbol);
      if (candles === undefined) {
        unscored.push({ ...base, reason: 'no-dataset' });
        continue;
      }
      const index = indexOfDay(candles, day);
      if (index === undefined) {
        const observed = candles.length > 0 && candles[candles.length - 1].date >= day;
        unscored.push({ ...base, reason: observed ? 'target-day-missing' : 'not-observed-yet' });
        continue;
      }
      const horizon = Math.max(...forecast.steps.map((s) => s.horizonDay));
      const origin = `${forecast.symbol} ${forecast.lastObservedDate} ${horizon}`;
      const once = <T>(what: string, compute: () => Promise<T>): Promise<T> => {
        const key = `${what} ${origin}`;
        let known = baselines.get(key) as Promise<T> | undefined;
        if (known === undefined) {
          known = compute();
          baselines.set(key, known);
        }
        return known;
      };
      const driftPath = await once('drift', () => driftForecast(candles, forecast.lastObservedDate, horizon));
      const drift = driftPath === undefined ? null : driftPath[step.horizonDay - 1];
      const actual = candles[index].close;
      let range: ScoredStep['range'];
      if (step.quantiles !== undefined) {
        const naive = await once('naive', () =>
          naiveRangeForecast(candles, forecast.lastObservedDate, horizon),
        );
        range = {
          quantiles: step.quantiles.map((q) => Math.log(q.close / forecast.lastClose)),
          reference: naive === undefined ? null : naive[step.horizonDay - 1],
          outcome: Math.log(actual / forecast.lastClose),
        };
      }
      points.push(
        scoreStep({
          ...base,
          targetDate: day,
          modelVersion: forecast.modelVersion,
          model: forecast.model,
          lastClose: forecast.lastClose,
          actual,
          predicted: step.predictedClose,
          drift,
          ...(range === undefined ? {} : { range }),
        }),
      );
    }
  }
  const order = (a: { symbol: string; horizonDay: number }, b: { symbol: string; horizonDay: number }) =>
    a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : a.horizonDay - b.horizonDay;
  return {
    day,
    points: points.sort(order),
    unscored: unscored.sort(order),
    forecastKeys: forecastKeys.sort(),
  };
}
