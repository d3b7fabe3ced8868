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

/**
 * True when `symbol` is a well-formed ticker (`SYMBOL_PATTERN`). Written as a loop over character codes
 * because every candle of every series and request is checked with it.
 */
export function isValidSymbol(symbol: string): boolean {
  if (typeof symbol !== 'string' || symbol.length === 0 || symbol.length > 15) return false;
  for (let i = 0; i < symbol.length; i++) {
    const c = symbol.charCodeAt(i);
    if (!((c >= 65 && c <= 90) || (c >= 48 && c <= 57))) return false;
  }
  return true;
}
