import {
  buildWindows,
  computeFeatures,
  decodeForecasts,
  scaleInPlace,
  selectWindows,
  type FeatureSetName,
} from '@cf/features';
import type { Forecaster } from '@cf/model';
import { addDays, daysBetween, type Candle, type IsoDay } from '@cf/ohlcv';
import { indexOfDay } from '../data/market-data';
import { MonitorError } from '../errors';
import { summarizeDieboldMariano, type DieboldMarianoSummary } from '../evaluation/diebold-mariano-summary';
import { driftForecast } from '../evaluation/drift-forecast';
import { scoreStep } from '../evaluation/score-step';
import type { ScoredStep } from '../evaluation/scored-step';
import { summarizePoints, type MetricSummary } from '../evaluation/summarize';

/** A model's scores on the comparison window, next to persistence and drift on the same points. */
export interface ModelOnWindow {
  readonly version: string;
  /** All symbols pooled, errors as a fraction of the last close (the promotion metric is `ratioToPersistence.model`). */
  readonly overall: MetricSummary & { readonly dieboldMariano: DieboldMarianoSummary };
  /** Per symbol, in price units. */
  readonly bySymbol: Readonly<Record<string, MetricSummary>>;
}

/** Every model scored on the same origins and horizon days. */
export interface WindowScores {
  /** Forecast origins `from .. to`. */
  readonly window: { readonly from: IsoDay; readonly to: IsoDay };
  /** Horizon days scored: 1 .. the shortest horizon of the models. */
  readonly horizon: number;
  readonly symbols: readonly string[];
  /** (symbol, origin) pairs every model could forecast and whose whole path has actual closes. */
  readonly origins: number;
  /** Forecast steps per model (`origins * horizon`). */
  readonly points: number;
  /** In the order of the forecasters given. */
  readonly models: readonly ModelOnWindow[];
  /** Symbols left out, and why. */
  readonly skipped: readonly { readonly symbol: string; readonly reason: string }[];
}

/**
 * Forecasts every origin of `window` for every symbol with each model in-process (features rebuilt from the
 * candles; each model with its own feature set, window length and scalers, exactly as infer does), keeps the
 * origins all models can forecast and whose next `horizon` closes are known, and scores the price paths
 * against the actual closes, next to persistence and drift on the same points.
 */
export function scoreModelsOnWindow(
  forecasters: readonly Forecaster[],
  datasets: readonly { readonly symbol: string; readonly candles: readonly Candle[] }[],
  window: { readonly from: IsoDay; readonly to: IsoDay },
  driftLookbackDays: number,
): WindowScores {
  const horizon = Math.min(...forecasters.map((f) => f.metadata.horizon));
  const points: ScoredStep[][] = forecasters.map(() => []);
  const skipped: { symbol: string; reason: string }[] = [];
  let origins = 0;
  for (const { symbol, candles } of datasets) {
    const sets = forecasters.map((f) =>
      buildWindows(computeFeatures(candles, f.metadata.featureSet as FeatureSetName), {
        window: f.metadata.window,
        horizon: f.metadata.horizon,
        includeTargets: false,
      }),
    );
    const common = sets
      .map((set) => new Set(set.originDates.filter((d) => d >= window.from && d <= window.to)))
      .reduce((a, b) => new Set([...a].filter((d) => b.has(d))));
    const actuals = new Map<IsoDay, number[]>();
    for (const origin of common) {
      const closes = closesAfter(candles, origin, horizon);
      if (closes !== undefined) actuals.set(origin, closes);
    }
    const usable = new Set(actuals.keys());
    if (usable.size === 0) {
      skipped.push({
        symbol,
        reason: `no origin in ${window.from}..${window.to} every model can forecast with ${horizon} known closes after it`,
      });
      continue;
    }
    origins += usable.size;
    forecasters.forEach((forecaster, m) => {
      const subset = selectWindows(sets[m], (date) => usable.has(date));
      const x = subset.x.slice();
      scaleInPlace(x, forecaster.scalers.features);
      const decoded = decodeForecasts(
        forecaster.predictScaled(x, subset.count),
        subset.originCloses,
        forecaster.scalers,
      );
      subset.originDates.forEach((origin, i) => {
        const drift = driftForecast(candles, origin, horizon, driftLookbackDays);
        for (let h = 1; h <= horizon; h++) {
          points[m].push(
            scoreStep({
              symbol,
              targetDate: addDays(origin, h),
              horizonDay: h,
              lastObservedDate: origin,
              modelVersion: forecaster.metadata.version,
              lastClose: subset.originCloses[i],
              actual: actuals.get(origin)?.[h - 1] ?? Number.NaN,
              predicted: decoded[i].closes[h - 1],
              drift: drift?.[h - 1] ?? null,
            }),
          );
        }
      });
    });
  }
  if (origins === 0) {
    throw new MonitorError(
      'MONITOR_NOT_COMPARABLE',
      'conflict',
      `no symbol has an origin in ${window.from}..${window.to} that every model can be scored on: ${skipped.map((s) => s.symbol).join(', ')}`,
    );
  }
  const all = points[0];
  const endDay = all.reduce((last, p) => (p.targetDate > last ? p.targetDate : last), all[0].targetDate);
  const firstDay = all.reduce((first, p) => (p.targetDate < first ? p.targetDate : first), all[0].targetDate);
  const days = daysBetween(firstDay, endDay) + 1;
  return {
    window: { from: window.from, to: window.to },
    horizon,
    symbols: datasets.map((d) => d.symbol).filter((s) => !skipped.some((k) => k.symbol === s)),
    origins,
    points: all.length,
    skipped,
    models: forecasters.map((forecaster, m) => ({
      version: forecaster.metadata.version,
      overall: {
        ...summarizePoints(points[m], 'fraction-of-last-close', endDay, days),
        dieboldMariano: summarizeDieboldMariano(points[m], 'fraction-of-last-close'),
      },
      bySymbol: Object.fromEntries(
        [...new Set(points[m].map((p) => p.symbol))].map((symbol) => [
          symbol,
          summarizePoints(
            points[m].filter((p) => p.symbol === symbol),
            'price',
            endDay,
            days,
          ),
        ]),
      ),
    })),
  };
}

/** The closes of the `horizon` days after `origin`, or `undefined` when one is missing. */
function closesAfter(candles: readonly Candle[], origin: IsoDay, horizon: number): number[] | undefined {
  const closes: number[] = [];
  for (let h = 1; h <= horizon; h++) {
    const index = indexOfDay(candles, addDays(origin, h));
    if (index === undefined) return undefined;
    closes.push(candles[index].close);
  }
  return closes;
}
