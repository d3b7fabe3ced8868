import { isValidSymbol, type Candle, type IsoDay } from './candle';
import { isIsoDay, isoDayNumber } from './days';
import { OhlcvError } from './errors';

/** Why a candle is refused. */
export type CandleRejectReason =
  | 'malformed-date'
  | 'future-day'
  | 'bad-symbol'
  | 'non-finite-price'
  | 'non-positive-price'
  | 'high-below-open-close'
  | 'low-above-open-close'
  | 'non-finite-volume'
  | 'negative-volume'
  | 'duplicate-day';

/** One thing wrong with a candle; `detail` names the offending values. */
export interface CandleProblem {
  readonly reason: CandleRejectReason;
  readonly detail: string;
}

/** A refused candle with everything wrong with it. */
export interface RejectedCandle {
  readonly candle: Candle;
  readonly problems: readonly CandleProblem[];
}

/** The outcome of {@link validateCandles}. */
export interface CandleValidation {
  /** Valid candles, one per symbol and day, sorted by date (then symbol). */
  readonly accepted: Candle[];
  /** Refused candles in input order. */
  readonly rejected: RejectedCandle[];
}

/** Options of the validators: `today` is the current UTC day, which is still incomplete. */
export interface ValidateOptions {
  readonly today: IsoDay;
}

const PRICE_FIELDS = ['open', 'high', 'low', 'close'] as const;

function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/**
 * Everything wrong with one candle taken alone (no day-in-the-future check): malformed date, bad symbol,
 * non-finite or non-positive prices, OHLC order, bad volume. Shared by {@link validateCandle} and series.
 */
export function checkCandleFields(candle: Candle): CandleProblem[] {
  if (isSoundCandle(candle)) return [];
  const problems: CandleProblem[] = [];
  if (typeof candle.date !== 'string' || !isIsoDay(candle.date)) {
    problems.push({
      reason: 'malformed-date',
      detail: `date ${show(candle.date)} is not a YYYY-MM-DD calendar day`,
    });
  }
  if (typeof candle.symbol !== 'string' || !isValidSymbol(candle.symbol)) {
    problems.push({
      reason: 'bad-symbol',
      detail: `symbol ${show(candle.symbol)} does not match [A-Z0-9]{1,15}`,
    });
  }
  let pricesFinite = true;
  for (const field of PRICE_FIELDS) {
    const value = candle[field];
    if (!Number.isFinite(value)) {
      pricesFinite = false;
      problems.push({ reason: 'non-finite-price', detail: `${field} ${show(value)} is not a finite number` });
    } else if (value <= 0) {
      problems.push({ reason: 'non-positive-price', detail: `${field} ${value} is not positive` });
    }
  }
  // The OHLC order is only meaningful once every price is a real number.
  if (pricesFinite) {
    const { open, high, low, close } = candle;
    if (high < Math.max(open, close)) {
      problems.push({
        reason: 'high-below-open-close',
        detail: `high ${high} is below max(open ${open}, close ${close})`,
      });
    }
    if (low > Math.min(open, close)) {
      problems.push({
        reason: 'low-above-open-close',
        detail: `low ${low} is above min(open ${open}, close ${close})`,
      });
    }
  }
  if (!Number.isFinite(candle.volume)) {
    problems.push({
      reason: 'non-finite-volume',
      detail: `volume ${show(candle.volume)} is not a finite number`,
    });
  } else if (candle.volume < 0) {
    problems.push({ reason: 'negative-volume', detail: `volume ${candle.volume} is negative` });
  }
  return problems;
}

/**
 * True when `checkCandleFields` finds nothing: the same rules as one allocation-free predicate, because every
 * candle of every series and request goes through it (a spec checks that both always agree).
 */
function isSoundCandle(candle: Candle): boolean {
  const { open, high, low, close, volume } = candle;
  return (
    open > 0 &&
    high > 0 &&
    low > 0 &&
    close > 0 &&
    open < Infinity &&
    high < Infinity &&
    low < Infinity &&
    close < Infinity &&
    high >= open &&
    high >= close &&
    low <= open &&
    low <= close &&
    volume >= 0 &&
    volume < Infinity &&
    typeof open === 'number' &&
    typeof high === 'number' &&
    typeof low === 'number' &&
    typeof close === 'number' &&
    typeof volume === 'number' &&
    isValidSymbol(candle.symbol) &&
    !Number.isNaN(isoDayNumber(candle.date))
  );
}

function checkToday(today: IsoDay): void {
  if (typeof today !== 'string' || !isIsoDay(today)) {
    throw new OhlcvError('OHLCV_INVALID_ARGUMENT', 'input', `today ${show(today)} is not a YYYY-MM-DD day`);
  }
}

/**
 * Everything wrong with one candle, as typed reasons; empty when it is valid. A candle for `today` or later
 * is a `'future-day'`: today's UTC bar is still incomplete.
 *
 * @example
 * validateCandle({ date: '2024-01-01', symbol: 'BTC', open: 1, high: 0.5, low: 0.4, close: 1, volume: 0 },
 *   { today: '2024-02-01' }); // [{ reason: 'high-below-open-close', detail: 'high 0.5 is below ...' }]
 */
export function validateCandle(candle: Candle, options: ValidateOptions): CandleProblem[] {
  checkToday(options.today);
  const problems = checkCandleFields(candle);
  if (typeof candle.date === 'string' && isIsoDay(candle.date) && candle.date >= options.today) {
    problems.push({
      reason: 'future-day',
      detail: `day ${candle.date} is not before today ${options.today} (UTC day incomplete or in the future)`,
    });
  }
  return problems;
}

/**
 * Splits candles into valid ones and refused ones with their reasons. The first valid row of a symbol and
 * day wins; a later row for a day already accepted is a `'duplicate-day'` (so pass newest-first if later
 * revisions should win). `accepted` is sorted by date, then symbol; the input is not mutated.
 */
export function validateCandles(candles: readonly Candle[], options: ValidateOptions): CandleValidation {
  checkToday(options.today);
  const acceptedByKey = new Map<string, Candle>();
  const rejected: RejectedCandle[] = [];
  for (const candle of candles) {
    const problems = validateCandle(candle, options);
    if (problems.length > 0) {
      rejected.push({ candle, problems });
      continue;
    }
    const key = `${candle.symbol}|${candle.date}`;
    const first = acceptedByKey.get(key);
    if (first) {
      rejected.push({
        candle,
        problems: [{ reason: 'duplicate-day', detail: describeDuplicate(candle, first) }],
      });
      continue;
    }
    acceptedByKey.set(key, candle);
  }
  const accepted = [...acceptedByKey.values()].sort(
    (a, b) => compare(a.date, b.date) || compare(a.symbol, b.symbol),
  );
  return { accepted, rejected };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function describeDuplicate(candle: Candle, first: Candle): string {
  const base = `${candle.symbol} ${candle.date} was already accepted`;
  const differing = (['open', 'high', 'low', 'close', 'volume'] as const).filter(
    (f) => candle[f] !== first[f],
  );
  if (differing.length === 0) return `${base} (identical row)`;
  const diffs = differing.map((f) => `${f} ${candle[f]} vs accepted ${first[f]}`).join(', ');
  return `${base} (differs: ${diffs})`;
}
