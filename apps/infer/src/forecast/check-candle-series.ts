import {
  checkCandleFields,
  InvalidSeriesError,
  toCandleSeries,
  type Candle,
  type CandleSeries,
} from '@cf/ohlcv';
import { InvalidCandlesError } from '../errors';

/**
 * Checks the candles given for one symbol (a payload, a CSV file) and returns them as a series: every row a
 * valid candle of `symbol`, days strictly increasing. Problems are named with their row (1-based, as a person
 * counts the rows of that symbol) and day; `where` says where the rows came from. This is where a request's
 * candles are checked: everything after it receives the series and trusts it.
 */
export function checkCandleSeries(symbol: string, candles: readonly Candle[], where: string): CandleSeries {
  // Good rows are checked once, by the series constructor; the row-by-row pass below only runs to name
  // what is wrong.
  if (candles.length === 0 || candles[0].symbol === symbol) {
    try {
      return toCandleSeries(candles);
    } catch (error) {
      if (!(error instanceof InvalidSeriesError)) throw error;
    }
  }
  return checkRowByRow(symbol, candles, where);
}

function checkRowByRow(symbol: string, candles: readonly Candle[], where: string): CandleSeries {
  candles.forEach((candle, i) => {
    const problems = checkCandleFields(candle);
    if (problems.length > 0) {
      throw new InvalidCandlesError(
        `${where}: ${symbol} row ${i + 1} (${String(candle.date)}) is not a valid candle: ${problems.map((p) => p.detail).join('; ')}`,
      );
    }
    if (candle.symbol !== symbol) {
      throw new InvalidCandlesError(
        `${where}: row ${i + 1} (${candle.date}) is for ${candle.symbol}, not ${symbol}`,
      );
    }
    if (i === 0) return;
    const previous = candles[i - 1];
    if (candle.date === previous.date) {
      throw new InvalidCandlesError(
        `${where}: ${symbol} has the day ${candle.date} twice (rows ${i} and ${i + 1}): send one row per day`,
      );
    }
    if (candle.date < previous.date) {
      throw new InvalidCandlesError(
        `${where}: ${symbol} rows are not sorted by date: row ${i + 1} (${candle.date}) comes after row ${i} ` +
          `(${previous.date}); send days in increasing order`,
      );
    }
  });
  return toCandleSeries(candles);
}
