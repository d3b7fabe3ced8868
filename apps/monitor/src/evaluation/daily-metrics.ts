import type { IsoDay } from '@cf/ohlcv';
import type { UnreadableForecast } from '../data/forecast-source';
import { bySymbol, groupMetrics, type GroupWithHorizons } from './group-metrics';
import type { TargetDayScores } from './score-target-day';
import type { ScoredStep, UnscoredStep } from './scored-step';

/** `monitoring/daily/dt={day}/metrics.json`: what was scored for target day `targetDate`. */
export interface DailyMetrics {
  readonly schemaVersion: 1;
  readonly targetDate: IsoDay;
  /** Forecast steps scored (every number below rests on its own `n`). */
  readonly points: number;
  /** All assets pooled, errors as a fraction of each forecast's last close; null when nothing was scored. */
  readonly overall: GroupWithHorizons | null;
  /** Per asset, errors in price units, with every scored step. */
  readonly bySymbol: Readonly<
    Record<
      string,
      GroupWithHorizons & { readonly actualClose: number; readonly steps: readonly ScoredStep[] }
    >
  >;
  readonly unscored: readonly UnscoredStep[];
  readonly unreadableForecasts: readonly UnreadableForecast[];
  /** The prediction objects that had a step targeting this day. */
  readonly forecastKeys: readonly string[];
}

/** The daily document of one target day (a pure function of the scores: re-runs give the same bytes). */
export function buildDailyMetrics(
  scores: TargetDayScores,
  unreadable: readonly UnreadableForecast[],
): DailyMetrics {
  const day = scores.day;
  const options = { endDay: day, days: 1, withDieboldMariano: false } as const;
  const symbols: DailyMetrics['bySymbol'] = Object.fromEntries(
    bySymbol(scores.points).map(([symbol, points]) => [
      symbol,
      {
        actualClose: points[0].actual,
        ...groupMetrics(points, { ...options, unit: 'price' }),
        steps: points,
      },
    ]),
  );
  return {
    schemaVersion: 1,
    targetDate: day,
    points: scores.points.length,
    overall:
      scores.points.length === 0
        ? null
        : groupMetrics(scores.points, { ...options, unit: 'fraction-of-last-close' }),
    bySymbol: symbols,
    unscored: scores.unscored,
    unreadableForecasts: unreadable,
    forecastKeys: scores.forecastKeys,
  };
}
