import { mean } from '@cf/metrics';
import { addDays, daysBetween, findGaps, type Candle, type DatasetManifest, type IsoDay } from '@cf/ohlcv';
import { indexOfDay } from '../data/market-data';
import { alert, type Alert } from './alert';
import type { AlertSettings } from './alert-settings';

/** A dataset to check: its symbol and candles, `undefined` when it is missing. */
export interface DatasetToCheck {
  readonly symbol: string;
  readonly candles: readonly Candle[] | undefined;
}

/** Missing datasets, and datasets whose last candle is more than `staleDays` before `today` (the clock's day). */
export function freshnessAlerts(
  datasets: readonly DatasetToCheck[],
  today: IsoDay,
  settings: Pick<AlertSettings, 'staleDays'>,
): Alert[] {
  const alerts: Alert[] = [];
  for (const { symbol, candles } of datasets) {
    if (candles === undefined || candles.length === 0) {
      alerts.push(
        alert(
          'missing-data',
          symbol,
          `${symbol}: no processed dataset, though the promoted model forecasts it`,
          {},
          {},
        ),
      );
      continue;
    }
    const lastDate = candles[candles.length - 1].date;
    const ageDays = daysBetween(lastDate, today);
    if (ageDays > settings.staleDays) {
      alerts.push(
        alert(
          'stale-data',
          symbol,
          `${symbol}: the last candle is ${lastDate}, ${ageDays} days before ${today} (limit ${settings.staleDays})`,
          { lastDate, ageDays, today },
          { staleDays: settings.staleDays },
        ),
      );
    }
  }
  return alerts;
}

/** Gaps (runs of missing days) ending within `gapLookbackDays` before `day`, from the manifest when it lists the asset. */
export function gapAlerts(
  datasets: readonly DatasetToCheck[],
  manifest: DatasetManifest | undefined,
  day: IsoDay,
  settings: Pick<AlertSettings, 'gapLookbackDays'>,
): Alert[] {
  const since = addDays(day, -settings.gapLookbackDays);
  const alerts: Alert[] = [];
  for (const { symbol, candles } of datasets) {
    if (candles === undefined) continue;
    const gaps = manifest?.datasets[symbol]?.gaps ?? findGaps(candles);
    for (const gap of gaps.filter((g) => g.to > since && g.from <= day)) {
      alerts.push(
        alert(
          'data-gap',
          symbol,
          `${symbol}: ${gap.missingDays} day(s) missing, ${gap.from}..${gap.to}; forecasts need consecutive days`,
          { from: gap.from, to: gap.to, missingDays: gap.missingDays },
          { gapLookbackDays: settings.gapLookbackDays },
        ),
      );
    }
  }
  return alerts;
}

/**
 * The daily log return into `day` against the trailing `moveLookbackDays` daily log returns before it: an
 * alert when it lies more than `moveSigmas` sample standard deviations from their mean (needs 20 returns).
 */
export function extremeMoveAlerts(
  datasets: readonly DatasetToCheck[],
  day: IsoDay,
  settings: Pick<AlertSettings, 'moveSigmas' | 'moveLookbackDays'>,
): Alert[] {
  const alerts: Alert[] = [];
  for (const { symbol, candles } of datasets) {
    if (candles === undefined) continue;
    const today = logReturnInto(candles, day);
    if (today === undefined) continue;
    const trailing: number[] = [];
    for (let back = 1; back <= settings.moveLookbackDays; back++) {
      const r = logReturnInto(candles, addDays(day, -back));
      if (r !== undefined) trailing.push(r);
    }
    if (trailing.length < 20) continue;
    const mu = mean(trailing);
    const sd = Math.sqrt(trailing.reduce((s, r) => s + (r - mu) ** 2, 0) / (trailing.length - 1));
    if (!(sd > 0)) continue;
    const sigmas = (today - mu) / sd;
    if (Math.abs(sigmas) > settings.moveSigmas) {
      alerts.push(
        alert(
          'extreme-move',
          symbol,
          `${symbol}: the close of ${day} moved ${(100 * (Math.exp(today) - 1)).toFixed(1)}%, ${Math.abs(sigmas).toFixed(1)} standard deviations of the last ${trailing.length} daily moves (limit ${settings.moveSigmas}); check the data before trusting it`,
          { day, logReturn: today, sigmas, trailingStd: sd, trailingReturns: trailing.length },
          { moveSigmas: settings.moveSigmas, moveLookbackDays: settings.moveLookbackDays },
        ),
      );
    }
  }
  return alerts;
}

/** `ln(close[day] / close[day - 1])`, or `undefined` when either day is missing. */
export function logReturnInto(candles: readonly Candle[], day: IsoDay): number | undefined {
  const i = indexOfDay(candles, day);
  const j = indexOfDay(candles, addDays(day, -1));
  if (i === undefined || j === undefined) return undefined;
  return Math.log(candles[i].close / candles[j].close);
}
