import { pct } from '../dashboard/format-cells';
import type { GroupWithHorizons } from '../evaluation/group-metrics';
import type { RollingMetrics } from '../evaluation/rolling-metrics';
import { alert, type Alert } from './alert';
import type { AlertSettings } from './alert-settings';

/** A coverage alert also needs Kupiec's test to reject the nominal rate at this level (not sampling noise). */
export const COVERAGE_TEST_LEVEL = 0.01;

/** The rolling window degradation is judged on. */
export const DEGRADATION_WINDOW_DAYS = 30;

/**
 * Degradation over the rolling 30-day window, overall (`ALL`) and per asset, only where it rests on at least
 * `minPoints` scored steps: MAE ratio to persistence above `maxRatioToPersistence`; directional accuracy below
 * `minDirectionalAccuracy` (not for forecasts that are persistence's own: they predict no move, so have no
 * direction to judge); for forecasts with ranges, coverage of the 80% or 90% range further than
 * `coverageBand` from nominal, with Kupiec's test rejecting the nominal rate at 1% (so that a thin or unlucky
 * window does not cry wolf; overlapping multi-day outcomes make the test somewhat eager, the band tempers it).
 */
export function degradationAlerts(
  rolling: RollingMetrics,
  settings: Pick<
    AlertSettings,
    'maxRatioToPersistence' | 'minDirectionalAccuracy' | 'minPoints' | 'coverageBand'
  >,
): Alert[] {
  const window = rolling.windows[String(DEGRADATION_WINDOW_DAYS)];
  if (window === undefined) return [];
  const groups: [string, GroupWithHorizons | null][] = [
    ['ALL', window.overall],
    ...Object.entries(window.bySymbol),
  ];
  const alerts: Alert[] = [];
  const span = `${window.from}..${window.to}`;
  for (const [symbol, group] of groups) {
    if (group === null || group.n < settings.minPoints) continue;
    const ratio = group.ratioToPersistence.model;
    const values = {
      window: span,
      points: group.n,
      modelMae: group.mae.model,
      persistenceMae: group.mae.persistence,
    };
    if (ratio !== null && ratio > settings.maxRatioToPersistence) {
      alerts.push(
        alert(
          'degradation-ratio',
          symbol,
          `${symbol}: over ${span} the model's MAE is ${ratio.toFixed(3)} times persistence's (limit ${settings.maxRatioToPersistence}, ${group.n} points)`,
          { ...values, ratioToPersistence: ratio },
          { maxRatioToPersistence: settings.maxRatioToPersistence, minPoints: settings.minPoints },
        ),
      );
    }
    const accuracy = group.directionalAccuracy.model;
    const persistenceOwn =
      group.mae.model === group.mae.persistence && accuracy === group.directionalAccuracy.persistence;
    if (!persistenceOwn && accuracy < settings.minDirectionalAccuracy) {
      alerts.push(
        alert(
          'degradation-direction',
          symbol,
          `${symbol}: over ${span} the model got the direction right ${(accuracy * 100).toFixed(1)}% of the time (limit ${(settings.minDirectionalAccuracy * 100).toFixed(1)}%, ${group.n} points)`,
          { ...values, directionalAccuracy: accuracy },
          { minDirectionalAccuracy: settings.minDirectionalAccuracy, minPoints: settings.minPoints },
        ),
      );
    }
    const ranges = group.ranges;
    if (ranges !== undefined && ranges.points >= settings.minPoints) {
      for (const c of ranges.coverage) {
        // Beyond the band and beyond sampling noise: Kupiec's test rejects the nominal rate at 1%.
        const rejected = c.kupiec !== null && c.kupiec.pValue < COVERAGE_TEST_LEVEL;
        if (Math.abs(c.rate - c.nominal) <= settings.coverageBand || !rejected) continue;
        alerts.push(
          alert(
            'range-coverage',
            symbol,
            `${symbol}: over ${span} the ${pct(c.nominal)} ranges held ${pct(c.rate)} of outcomes (nominal ${pct(c.nominal)}, band ±${(settings.coverageBand * 100).toFixed(0)} points, Kupiec p ${c.kupiec?.pValue.toFixed(4)}; the naive ranges held ${pct(c.referenceRate)}, ${ranges.points} points)`,
            {
              window: span,
              points: ranges.points,
              nominal: c.nominal,
              coverage: c.rate,
              naiveCoverage: c.referenceRate,
              kupiecPValue: c.kupiec?.pValue ?? null,
            },
            {
              coverageBand: settings.coverageBand,
              kupiecLevel: COVERAGE_TEST_LEVEL,
              minPoints: settings.minPoints,
            },
          ),
        );
      }
    }
  }
  return alerts;
}
