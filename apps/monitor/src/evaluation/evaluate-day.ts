import { addDays, daysBetween, isIsoDay, type IsoDay } from '@cf/ohlcv';
import { monitoringMetricsKey, putJsonIfChanged, type ObjectStore } from '@cf/storage';
import type { Logger } from '@cf/service';
import { createForecastSource, type ForecastSource } from '../data/forecast-source';
import { createMarketData, type MarketData } from '../data/market-data';
import { dayOfKey } from '../monitor-keys';
import { InvalidArgumentError, MonitorError } from '../errors';
import { buildDailyMetrics, type DailyMetrics } from './daily-metrics';
import { buildRollingMetrics, ROLLING_WINDOWS, type RollingMetrics } from './rolling-metrics';
import {
  scoreTargetDay,
  type BaselineCache,
  type ScoringSettings,
  type TargetDayScores,
} from './score-target-day';

/** What evaluation needs. */
export interface EvaluationDeps {
  readonly store: ObjectStore;
  readonly logger: Logger;
  readonly scoring: ScoringSettings;
}

/** The outcome of evaluating one target day. */
export interface DayEvaluation {
  readonly day: IsoDay;
  readonly daily: DailyMetrics;
  readonly rolling: RollingMetrics;
  /** `unchanged` when the stored file already had these bytes (a re-run). */
  readonly written: { readonly daily: 'written' | 'unchanged'; readonly rolling: 'written' | 'unchanged' };
}

/** Longest range one call may evaluate (a backfill beyond it is a loop of calls). */
export const MAX_EVALUATION_RANGE_DAYS = 366;

/**
 * Scores every forecast whose target day is `day` against the actual close and writes
 * `monitoring/daily/dt={day}/metrics.json` and `monitoring/rolling/dt={day}/metrics.json` (7- and 30-day
 * windows ending on `day`). Both are functions of the store's predictions and processed data only: a
 * re-run with the same inputs leaves the same bytes. Throws when no dataset has reached `day` yet.
 */
export async function evaluateDay(deps: EvaluationDeps, day: IsoDay): Promise<DayEvaluation> {
  const [evaluation] = await evaluateRange(deps, { from: day, to: day });
  return evaluation;
}

/** `evaluateDay` for every day of `from .. to`, sharing reads between days. */
export async function evaluateRange(
  deps: EvaluationDeps,
  range: { readonly from: IsoDay; readonly to: IsoDay },
): Promise<DayEvaluation[]> {
  checkRange(range);
  const market = createMarketData(deps.store);
  const forecasts = createForecastSource(deps.store);
  const lastObserved = await lastObservedDay(market);
  if (lastObserved === undefined || range.to > lastObserved) {
    throw new MonitorError(
      'MONITOR_NOT_OBSERVED',
      'input',
      `day ${range.to} has no actual close yet: the processed datasets end on ${lastObserved ?? '(no dataset)'}`,
    );
  }
  const cache = new Map<IsoDay, Promise<TargetDayScores>>();
  const baselines: BaselineCache = new Map();
  const scores = (day: IsoDay) => {
    let found = cache.get(day);
    if (found === undefined) {
      found = scoreTargetDay({ market, forecasts }, day, deps.scoring, baselines);
      cache.set(day, found);
    }
    return found;
  };
  const results: DayEvaluation[] = [];
  for (let day = range.from; day <= range.to; day = addDays(day, 1)) {
    results.push(await evaluateOne(deps, day, scores, forecasts));
  }
  return results;
}

async function evaluateOne(
  deps: EvaluationDeps,
  day: IsoDay,
  scores: (day: IsoDay) => Promise<TargetDayScores>,
  forecasts: ForecastSource,
): Promise<DayEvaluation> {
  const today = await scores(day);
  const windowPoints = [];
  for (let back = Math.max(...ROLLING_WINDOWS) - 1; back >= 0; back--) {
    windowPoints.push(...(await scores(addDays(day, -back))).points);
  }
  const firstOrigin = addDays(day, -deps.scoring.maxHorizonDays);
  const unreadable = forecasts
    .unreadable()
    .filter((u) => {
      const origin = dayOfKey(u.key);
      return origin !== undefined && origin >= firstOrigin && origin < day;
    })
    .sort((a, b) => (a.key < b.key ? -1 : 1));
  const daily = buildDailyMetrics(today, unreadable);
  const rolling = buildRollingMetrics(day, windowPoints);
  const written = {
    daily: await putJsonIfChanged(deps.store, monitoringMetricsKey('daily', day), daily),
    rolling: await putJsonIfChanged(deps.store, monitoringMetricsKey('rolling', day), rolling),
  };
  const month = rolling.windows['30'];
  deps.logger.info(
    {
      day,
      points: daily.points,
      unscored: daily.unscored.length,
      unreadable: unreadable.length,
      rolling30: {
        points: month.points,
        ratioToPersistence: month.overall?.ratioToPersistence.model ?? null,
        directionalAccuracy: month.overall?.directionalAccuracy.model ?? null,
      },
      written,
    },
    'evaluated day',
  );
  return { day, daily, rolling, written };
}

/** The latest day any processed dataset has a candle for. */
export async function lastObservedDay(market: MarketData): Promise<IsoDay | undefined> {
  let last: IsoDay | undefined;
  for (const symbol of await market.symbols()) {
    const candles = await market.candles(symbol);
    const end = candles?.[candles.length - 1]?.date;
    if (end !== undefined && (last === undefined || end > last)) last = end;
  }
  return last;
}

function checkRange(range: { from: string; to: string }): void {
  for (const [name, value] of Object.entries(range)) {
    if (!isIsoDay(value)) throw new InvalidArgumentError(`${name} day '${value}' is not a YYYY-MM-DD day`);
  }
  if (range.from > range.to)
    throw new InvalidArgumentError(`range ${range.from}..${range.to} is empty: from is after to`);
  const length = daysBetween(range.from, range.to) + 1;
  if (length > MAX_EVALUATION_RANGE_DAYS) {
    throw new InvalidArgumentError(
      `range ${range.from}..${range.to} has ${length} days; evaluate at most ${MAX_EVALUATION_RANGE_DAYS} per call`,
    );
  }
}
