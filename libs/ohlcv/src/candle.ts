/** A UTC calendar day written `YYYY-MM-DD`. */
export type IsoDay = string;

/** One daily OHLCV bar of one asset; prices in the quote currency, `date` is the UTC day it covers. */
export interface Candle {
  readonly date: IsoDay;
  readonly symbol: string;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

/** The columns of the standard dataset schema, in file order. */
export const CANDLE_COLUMNS = ['date', 'symbol', 'open', 'high', 'low', 'close', 'volume'] as const;

/** Symbols are upper-case tickers such as BTC or SOL. */
export const SYMBOL_PATTERN = /^[A-Z0-9]{1,15}$/;

/** True when `symbol` is a well-formed ticker. */
export function isValidSymbol(symbol: string): boolean {
  return SYMBOL_PATTERN.test(symbol);
}
