import { isoDayNumber, type Candle, type IsoDay } from '@cf/ohlcv';
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
  const days = checkCandles(candles);
  const names = FEATURE_SETS[set];
  const frame = { dates: [] as IsoDay[], closes: [] as number[], rows: [] as number[][] };
  for (const run of contiguousRuns(candles, days)) appendRun(frame, run, names);
  return { symbol: candles[0].symbol, featureSet: set, names: [...names], ...frame };
}

function appendRun(
  frame: { dates: IsoDay[]; closes: number[]; rows: number[][] },
  run: readonly Candle[],
  names: readonly FeatureName[],
): void {
  const n = run.length;
  const columns = {
    open: new Array<number>(n),
    high: new Array<number>(n),
    low: new Array<number>(n),
    close: new Array<number>(n),
    volume: new Array<number>(n),
  };
  for (let t = 0; t < n; t++) {
    const c = run[t];
    columns.open[t] = c.open;
    columns.high[t] = c.high;
    columns.low[t] = c.low;
    columns.close[t] = c.close;
    columns.volume[t] = c.volume;
  }
  const values = names.map((name) => FEATURE_DEFINITIONS[name].compute(columns));
  const width = values.length;
  // Plain loops: this runs for every day of every asset of every forecast.
  let first = 0;
  while (first < n && !allFinite(values, first)) first++;
  for (let t = first; t < n; t++) {
    const row = new Array<number>(width);
    for (let f = 0; f < width; f++) {
      const v = values[f][t];
      if (!Number.isFinite(v)) {
        throw new FeaturesError(
          'FEATURES_NON_FINITE',
          `feature ${names[f]} of ${run[t].symbol} on ${run[t].date} is ${v}`,
        );
      }
      row[f] = v;
    }
    frame.dates.push(run[t].date);
    frame.closes.push(run[t].close);
    frame.rows.push(row);
  }
}

function allFinite(values: readonly (readonly number[])[], t: number): boolean {
  for (let f = 0; f < values.length; f++) if (!Number.isFinite(values[f][t])) return false;
  return true;
}

/** Runs of consecutive days; `days` holds each candle's day number. */
function contiguousRuns(candles: readonly Candle[], days: Float64Array): Candle[][] {
  const runs: Candle[][] = [[candles[0]]];
  for (let i = 1; i < candles.length; i++) {
    if (days[i] - days[i - 1] === 1) runs[runs.length - 1].push(candles[i]);
    else runs.push([candles[i]]);
  }
  return runs;
}

/** Checks the candles and returns each one's day number (`isoDayNumber`), read once for the runs. */
function checkCandles(candles: readonly Candle[]): Float64Array {
  if (candles.length === 0) throw new FeaturesError('FEATURES_INVALID_CANDLES', 'no candles given');
  const symbol = candles[0].symbol;
  const days = new Float64Array(candles.length);
  for (let i = 0; i < candles.length; i++) {
    const c = candles[i];
    days[i] = isoDayNumber(c.date);
    if (c.symbol !== symbol) {
      throw new FeaturesError(
        'FEATURES_INVALID_CANDLES',
        `${candleName(i, c)}: expected one symbol, ${symbol}`,
      );
    }
    if (Number.isNaN(days[i])) {
      throw new FeaturesError(
        'FEATURES_INVALID_CANDLES',
        `${candleName(i, c)}: date is not a YYYY-MM-DD day`,
      );
    }
    if (i > 0 && days[i] <= days[i - 1]) {
      throw new FeaturesError(
        'FEATURES_INVALID_CANDLES',
        `${candleName(i, c)}: not after ${candles[i - 1].date}; dates must strictly increase`,
      );
    }
    if (!(c.open > 0 && c.high > 0 && c.low > 0 && c.close > 0 && allFinitePrices(c))) {
      const field = PRICE_FIELDS.find((f) => !(Number.isFinite(c[f]) && c[f] > 0)) as PriceField;
      throw new FeaturesError(
        'FEATURES_INVALID_CANDLES',
        `${candleName(i, c)}: ${field} ${c[field]} is not a positive price`,
      );
    }
    if (!(Number.isFinite(c.volume) && c.volume >= 0)) {
      throw new FeaturesError(
        'FEATURES_INVALID_CANDLES',
        `${candleName(i, c)}: volume ${c.volume} is not a finite number >= 0`,
      );
    }
  }
  return days;
}

const PRICE_FIELDS = ['open', 'high', 'low', 'close'] as const;
type PriceField = (typeof PRICE_FIELDS)[number];

function allFinitePrices(c: Candle): boolean {
  return (
    Number.isFinite(c.open) && Number.isFinite(c.high) && Number.isFinite(c.low) && Number.isFinite(c.close)
  );
}

function candleName(i: number, c: Candle): string {
  return `candle ${i} (${String(c.symbol)} ${String(c.date)})`;
}

function relative(values: readonly number[], base: readonly number[]): number[] {
  return values.map((v, t) => v / base[t] - 1);
}

function def(formula: string, compute: (c: OhlcvColumns) => number[]): FeatureDefinition {
  return { formula, compute };
}
