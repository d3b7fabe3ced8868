import { daysBetween, isIsoDay, type Candle, type IsoDay } from '@cf/ohlcv';
import { FeaturesError } from './errors';
import { ema, logReturns, logVolumeChange, pctChange, rollingStd, rsi, sma } from './indicators';

/** The OHLCV columns of one contiguous run of days, oldest first. */
export interface OhlcvColumns {
  readonly open: readonly number[];
  readonly high: readonly number[];
  readonly low: readonly number[];
  readonly close: readonly number[];
  readonly volume: readonly number[];
}

/** How one feature is computed: a causal function of the columns (value t uses days <= t only). */
export interface FeatureDefinition {
  readonly formula: string;
  readonly compute: (c: OhlcvColumns) => number[];
}

/** Every feature this library knows, one line each; a feature set lists names from this table. */
export const FEATURE_DEFINITIONS = {
  open: def('open', (c) => [...c.open]),
  high: def('high', (c) => [...c.high]),
  low: def('low', (c) => [...c.low]),
  close: def('close', (c) => [...c.close]),
  volume: def('volume', (c) => [...c.volume]),
  close_pct_return: def('close[t] / close[t-1] - 1', (c) => pctChange(c.close)),
  log_return: def('ln(close[t] / close[t-1])', (c) => logReturns(c.close)),
  sma_7: def('mean(close[t-6..t])', (c) => sma(c.close, 7)),
  sma_14: def('mean(close[t-13..t])', (c) => sma(c.close, 14)),
  ema_7: def('EMA of close, span 7, adjust=false', (c) => ema(c.close, 7)),
  log_return_std_7: def('sample std (ddof 1) of log_return[t-6..t]', (c) =>
    rollingStd(logReturns(c.close), 7),
  ),
  close_to_sma_7: def('close / sma_7 - 1', (c) => relative(c.close, sma(c.close, 7))),
  close_to_sma_14: def('close / sma_14 - 1', (c) => relative(c.close, sma(c.close, 14))),
  close_to_ema_7: def('close / ema_7 - 1', (c) => relative(c.close, ema(c.close, 7))),
  range_to_close: def('(high - low) / close', (c) =>
    c.close.map((close, t) => (c.high[t] - c.low[t]) / close),
  ),
  rsi_14: def('RSI 14 (Wilder) / 100, in 0..1', (c) => rsi(c.close, 14).map((v) => v / 100)),
  log_volume_change: def('ln(1 + volume[t]) - ln(1 + volume[t-1])', (c) => logVolumeChange(c.volume)),
} as const satisfies Record<string, FeatureDefinition>;

/** Name of a feature in {@link FEATURE_DEFINITIONS}. */
export type FeatureName = keyof typeof FEATURE_DEFINITIONS;

/** The feature sets a model can be trained on. */
export type FeatureSetName = 'scale-free' | 'price-levels';

/** Feature names of each set, in column order. */
export const FEATURE_SETS: Readonly<Record<FeatureSetName, readonly FeatureName[]>> = {
  // Nothing here grows with the price level, so a model does not leave its training range as prices move.
  'scale-free': [
    'log_return',
    'close_to_sma_7',
    'close_to_sma_14',
    'close_to_ema_7',
    'range_to_close',
    'log_return_std_7',
    'rsi_14',
    'log_volume_change',
  ],
  // The original system's inputs: raw price and volume levels beside its indicators.
  'price-levels': [
    'open',
    'high',
    'low',
    'close',
    'volume',
    'close_pct_return',
    'log_return',
    'sma_7',
    'sma_14',
    'ema_7',
    'log_return_std_7',
  ],
};

/** True when `name` is a feature set this library defines (for names read from config or JSON). */
export function isFeatureSetName(name: string): name is FeatureSetName {
  return Object.prototype.hasOwnProperty.call(FEATURE_SETS, name);
}

/** The features of one symbol, one row per day from the first day where every feature is defined. */
export interface FeatureFrame {
  readonly symbol: string;
  readonly featureSet: FeatureSetName;
  /** Feature names, the column order of `rows`. */
  readonly names: readonly string[];
  /** Day of each row, strictly increasing; consecutive except across gaps in the candles. */
  readonly dates: readonly IsoDay[];
  /** Close of each row's day. */
  readonly closes: readonly number[];
  readonly rows: readonly (readonly number[])[];
}

/**
 * Computes a feature set over the candles of one symbol (sorted by date, strictly increasing). Every feature
 * is causal: the row of day t depends on candles up to t only, so appending days never changes earlier rows.
 * A missing day splits the candles into runs that are computed separately (nothing is stitched across a
 * gap): each run starts with its own warm-up, and days before every feature is defined are left out.
 * The input is not mutated. Throws FEATURES_INVALID_CANDLES or FEATURES_UNKNOWN_FEATURE_SET.
 *
 * @example
 * const frame = computeFeatures(candles, 'scale-free'); // frame.rows[i] holds frame.names, dated frame.dates[i]
 */
export function computeFeatures(candles: readonly Candle[], set: FeatureSetName): FeatureFrame {
  if (!isFeatureSetName(set)) {
    throw new FeaturesError(
      'FEATURES_UNKNOWN_FEATURE_SET',
      `unknown feature set '${String(set)}'; known: ${Object.keys(FEATURE_SETS).join(', ')}`,
    );
  }
  checkCandles(candles);
  const names = FEATURE_SETS[set];
  const frame = { dates: [] as IsoDay[], closes: [] as number[], rows: [] as number[][] };
  for (const run of contiguousRuns(candles)) appendRun(frame, run, names);
  return { symbol: candles[0].symbol, featureSet: set, names: [...names], ...frame };
}

function appendRun(
  frame: { dates: IsoDay[]; closes: number[]; rows: number[][] },
  run: readonly Candle[],
  names: readonly FeatureName[],
): void {
  const columns: OhlcvColumns = {
    open: run.map((c) => c.open),
    high: run.map((c) => c.high),
    low: run.map((c) => c.low),
    close: run.map((c) => c.close),
    volume: run.map((c) => c.volume),
  };
  const values = names.map((name) => FEATURE_DEFINITIONS[name].compute(columns));
  const first = run.findIndex((_, t) => values.every((column) => Number.isFinite(column[t])));
  if (first < 0) return;
  for (let t = first; t < run.length; t++) {
    const row = values.map((column) => column[t]);
    const bad = row.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) {
      throw new FeaturesError(
        'FEATURES_NON_FINITE',
        `feature ${names[bad]} of ${run[t].symbol} on ${run[t].date} is ${row[bad]}`,
      );
    }
    frame.dates.push(run[t].date);
    frame.closes.push(run[t].close);
    frame.rows.push(row);
  }
}

function contiguousRuns(candles: readonly Candle[]): Candle[][] {
  const runs: Candle[][] = [[candles[0]]];
  for (let i = 1; i < candles.length; i++) {
    if (daysBetween(candles[i - 1].date, candles[i].date) === 1) runs[runs.length - 1].push(candles[i]);
    else runs.push([candles[i]]);
  }
  return runs;
}

function checkCandles(candles: readonly Candle[]): void {
  if (candles.length === 0) throw new FeaturesError('FEATURES_INVALID_CANDLES', 'no candles given');
  const symbol = candles[0].symbol;
  candles.forEach((c, i) => {
    const where = `candle ${i} (${String(c.symbol)} ${String(c.date)})`;
    if (c.symbol !== symbol) {
      throw new FeaturesError('FEATURES_INVALID_CANDLES', `${where}: expected one symbol, ${symbol}`);
    }
    if (typeof c.date !== 'string' || !isIsoDay(c.date)) {
      throw new FeaturesError('FEATURES_INVALID_CANDLES', `${where}: date is not a YYYY-MM-DD day`);
    }
    if (i > 0 && c.date <= candles[i - 1].date) {
      throw new FeaturesError(
        'FEATURES_INVALID_CANDLES',
        `${where}: not after ${candles[i - 1].date}; dates must strictly increase`,
      );
    }
    for (const field of ['open', 'high', 'low', 'close'] as const) {
      if (!(Number.isFinite(c[field]) && c[field] > 0)) {
        throw new FeaturesError(
          'FEATURES_INVALID_CANDLES',
          `${where}: ${field} ${c[field]} is not a positive price`,
        );
      }
    }
    if (!(Number.isFinite(c.volume) && c.volume >= 0)) {
      throw new FeaturesError(
        'FEATURES_INVALID_CANDLES',
        `${where}: volume ${c.volume} is not a finite number >= 0`,
      );
    }
  });
}

function relative(values: readonly number[], base: readonly number[]): number[] {
  return values.map((v, t) => v / base[t] - 1);
}

function def(formula: string, compute: (c: OhlcvColumns) => number[]): FeatureDefinition {
  return { formula, compute };
}
