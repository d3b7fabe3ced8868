import { addDays, type IsoDay } from '@cf/ohlcv';
import { bySymbol, groupMetrics, type GroupWithHorizons } from './group-metrics';
import type { ScoredStep } from './scored-step';

/** The rolling windows, in days; the Diebold-Mariano test runs on the longest. */
export const ROLLING_WINDOWS = [7, 30] as const;

/** Metrics of the forecast steps whose target day lies in `from .. to`. */
export interface RollingWindow {
  readonly days: number;
  readonly from: IsoDay;
  readonly to: IsoDay;
  /** Scored forecast steps in the window, and the target days they cover. */
  readonly points: number;
  readonly daysWithPoints: number;
  /** All assets pooled, errors as a fraction of the last close; null when the window is empty. */
  readonly overall: GroupWithHorizons | null;
  /** Per asset, errors in price units. */
  readonly bySymbol: Readonly<Record<string, GroupWithHorizons>>;
}

/** `monitoring/rolling/dt={day}/metrics.json`: 7- and 30-day rolling metrics ending on `endDate`. */
export interface RollingMetrics {
  readonly schemaVersion: 1;
  readonly endDate: IsoDay;
  readonly windows: Readonly<Record<string, RollingWindow>>;
  /** Model versions whose forecasts were scored in the longest window. */
  readonly modelVersions: readonly string[];
}

/** Rolling metrics ending on `endDay` from the scored steps of (at least) the longest window. */
export function buildRollingMetrics(endDay: IsoDay, points: readonly ScoredStep[]): RollingMetrics {
  const longest = Math.max(...ROLLING_WINDOWS);
  const windows: Record<string, RollingWindow> = {};
  for (const days of ROLLING_WINDOWS) {
    const from = addDays(endDay, -(days - 1));
    const inside = points.filter((p) => p.targetDate >= from && p.targetDate <= endDay);
    const options = { endDay, days, withDieboldMariano: days === longest };
    windows[String(days)] = {
      days,
      from,
      to: endDay,
      points: inside.length,
      daysWithPoints: new Set(inside.map((p) => p.targetDate)).size,
      overall:
        inside.length === 0 ? null : groupMetrics(inside, { ...options, unit: 'fraction-of-last-close' }),
      bySymbol: Object.fromEntries(
        bySymbol(inside).map(([symbol, group]) => [
          symbol,
          groupMetrics(group, { ...options, unit: 'price' }),
        ]),
      ),
    };
  }
  const from = addDays(endDay, -(longest - 1));
  const versions = points
    .filter((p) => p.targetDate >= from && p.targetDate <= endDay)
    .map((p) => p.modelVersion);
  return { schemaVersion: 1, endDate: endDay, windows, modelVersions: [...new Set(versions)].sort() };
}
