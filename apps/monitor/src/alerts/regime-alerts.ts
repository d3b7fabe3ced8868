import { computeFeatures, isFeatureSetName, type FeatureSetName } from '@cf/features';
import type { ModelMetadata } from '@cf/model';
import { mean } from '@cf/metrics';
import { addDays, type IsoDay } from '@cf/ohlcv';
import { alert, type Alert } from './alert';
import type { AlertSettings } from './alert-settings';
import { logReturnInto, type DatasetToCheck } from './data-alerts';
import { psiAgainst, psiBinning } from './population-stability-index';

/** The period the model version learned from: its data's first day through its cut-off. */
export function trainingPeriod(metadata: ModelMetadata): { readonly from: IsoDay; readonly to: IsoDay } {
  return { from: metadata.data.firstDate, to: metadata.data.trainedThrough };
}

/**
 * The feature set a model version reads, or undefined for kinds that read none (persistence, drift): a
 * network's variant (`lstm/price-levels`), ridge's scale-free features.
 */
export function modelFeatureSet(metadata: ModelMetadata): FeatureSetName | undefined {
  const point = metadata.model.split('+')[0];
  if (point === 'ridge') return 'scale-free';
  const variant = point.split('/')[1];
  return variant !== undefined && isFeatureSetName(variant) ? variant : undefined;
}

/** Fewest daily returns (or feature rows) a volatility or drift comparison is made on. */
export const MIN_REGIME_SAMPLE = 10;

/** Realized volatility (sample std of daily log returns) recently and over the model's training period. */
export interface VolatilityCheck {
  readonly recent: number;
  readonly training: number;
  readonly ratio: number;
  readonly recentReturns: number;
  readonly trainingReturns: number;
}

/** PSI of each model feature between the training period and the recent days, all model assets pooled. */
export interface FeatureDriftCheck {
  readonly reference: { readonly from: IsoDay; readonly to: IsoDay; readonly rows: number };
  readonly recent: { readonly from: IsoDay; readonly to: IsoDay; readonly rows: number };
  readonly bins: number;
  readonly psi: Readonly<Record<string, number>>;
  /** Per feature, the largest PSI of a training-period stretch as long as the recent window (the in-sample noise level). */
  readonly trainingStretchMaxPsi: Readonly<Record<string, number | null>>;
}

/**
 * Volatility regime per asset: the realized volatility of the last `recentDays` days against that of the
 * model's training period (`trainingPeriod`); an alert when the ratio is above `volatilityRatio` or
 * below its inverse.
 */
export function volatilityRegimeAlerts(
  datasets: readonly DatasetToCheck[],
  metadata: ModelMetadata,
  day: IsoDay,
  settings: Pick<AlertSettings, 'recentDays' | 'volatilityRatio'>,
): { alerts: Alert[]; checks: Record<string, VolatilityCheck | null> } {
  const train = trainingPeriod(metadata);
  const alerts: Alert[] = [];
  const checks: Record<string, VolatilityCheck | null> = {};
  for (const { symbol, candles } of datasets) {
    if (candles === undefined) continue;
    const returnsOver = (from: IsoDay, to: IsoDay) => {
      const values: number[] = [];
      for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) {
        const r = logReturnInto(candles, d);
        if (r !== undefined) values.push(r);
      }
      return values;
    };
    const recentReturns = returnsOver(addDays(day, -settings.recentDays), day);
    const trainingReturns = returnsOver(train.from, train.to);
    if (recentReturns.length < MIN_REGIME_SAMPLE || trainingReturns.length < MIN_REGIME_SAMPLE) {
      checks[symbol] = null;
      continue;
    }
    const recent = sampleStd(recentReturns);
    const training = sampleStd(trainingReturns);
    const ratio = recent / training;
    checks[symbol] = {
      recent,
      training,
      ratio,
      recentReturns: recentReturns.length,
      trainingReturns: trainingReturns.length,
    };
    if (ratio > settings.volatilityRatio || ratio < 1 / settings.volatilityRatio) {
      const annual = (sd: number) => `${(sd * Math.sqrt(365) * 100).toFixed(0)}%`;
      alerts.push(
        alert(
          'volatility-regime',
          symbol,
          `${symbol}: volatility over the last ${settings.recentDays} days is ${ratio.toFixed(2)} times that of the model's training period ${train.from}..${train.to} (${annual(recent)} vs ${annual(training)} a year); the model was not trained for this regime`,
          { recentVolatility: recent, trainingVolatility: training, ratio },
          { volatilityRatio: settings.volatilityRatio },
        ),
      );
    }
  }
  return { alerts, checks };
}

/** Days between the starts of the training-period stretches that set the in-sample PSI baseline. */
export const PSI_BASELINE_STEP_DAYS = 5;

/**
 * Feature drift: for each of the model's features, the population stability index between its values over
 * the model's training period (`trainingPeriod`) and over the last `recentDays` days, the model's
 * assets pooled (as its scaler pools them). An alert per feature whose PSI is above `psiLimit` AND above
 * the PSI of every `recentDays`-day stretch of the training period itself (starts every 5 days): slow
 * features such as RSI or 14-day averages wander over any single month, so 0.25 alone fires on calm data.
 * Kinds that read no features (persistence, drift) have no feature drift to check (`check` null).
 */
export function featureDriftAlerts(
  datasets: readonly DatasetToCheck[],
  metadata: ModelMetadata,
  day: IsoDay,
  settings: Pick<AlertSettings, 'recentDays' | 'psiLimit' | 'psiBins'>,
): { alerts: Alert[]; check: FeatureDriftCheck | null } {
  const train = trainingPeriod(metadata);
  const featureSet = modelFeatureSet(metadata);
  if (featureSet === undefined) return { alerts: [], check: null };
  const recentFrom = addDays(day, -(settings.recentDays - 1));
  const referenceByDate = new Map<IsoDay, (readonly number[])[]>();
  const recent: (readonly number[])[] = [];
  let names: readonly string[] = [];
  for (const { candles } of datasets) {
    if (candles === undefined || candles.length === 0) continue;
    let frame;
    try {
      frame = computeFeatures(candles, featureSet);
    } catch {
      continue; // too short for the feature warm-up: nothing to compare
    }
    names = frame.names;
    frame.dates.forEach((date, i) => {
      if (date >= train.from && date <= train.to) {
        referenceByDate.set(date, [...(referenceByDate.get(date) ?? []), frame.rows[i]]);
      }
      if (date >= recentFrom && date <= day) recent.push(frame.rows[i]);
    });
  }
  const dates = [...referenceByDate.keys()].sort();
  const reference = dates.flatMap((d) => referenceByDate.get(d) ?? []);
  if (reference.length < MIN_REGIME_SAMPLE || recent.length < MIN_REGIME_SAMPLE)
    return { alerts: [], check: null };
  const stretches: (readonly number[])[][] = [];
  for (let start = 0; start + settings.recentDays <= dates.length; start += PSI_BASELINE_STEP_DAYS) {
    stretches.push(
      dates.slice(start, start + settings.recentDays).flatMap((d) => referenceByDate.get(d) ?? []),
    );
  }
  const psi: Record<string, number> = {};
  const baseline: Record<string, number | null> = {};
  const alerts: Alert[] = [];
  names.forEach((name, f) => {
    const before = reference.map((row) => row[f]);
    const now = recent.map((row) => row[f]);
    const binning = psiBinning(before, settings.psiBins);
    const value = psiAgainst(binning, now);
    const inSample =
      stretches.length === 0
        ? null
        : Math.max(
            ...stretches.map((rows) =>
              psiAgainst(
                binning,
                rows.map((row) => row[f]),
              ),
            ),
          );
    psi[name] = value;
    baseline[name] = inSample;
    if (value > settings.psiLimit && (inSample === null || value > inSample)) {
      alerts.push(
        alert(
          'feature-drift',
          'ALL',
          `feature ${name}: its last ${settings.recentDays} days differ from the training period ${train.from}..${train.to} (PSI ${value.toFixed(2)}; limit ${settings.psiLimit}; no ${settings.recentDays}-day stretch of the training period itself exceeded ${inSample === null ? 'n/a' : inSample.toFixed(2)})`,
          {
            feature: name,
            psi: value,
            trainingStretchMaxPsi: inSample,
            recentMean: mean(now),
            trainingMean: mean(before),
          },
          { psiLimit: settings.psiLimit },
        ),
      );
    }
  });
  return {
    alerts,
    check: {
      reference: { from: train.from, to: train.to, rows: reference.length },
      recent: { from: recentFrom, to: day, rows: recent.length },
      bins: settings.psiBins,
      psi,
      trainingStretchMaxPsi: baseline,
    },
  };
}

function sampleStd(values: readonly number[]): number {
  const mu = mean(values);
  return Math.sqrt(values.reduce((s, v) => s + (v - mu) ** 2, 0) / (values.length - 1));
}
