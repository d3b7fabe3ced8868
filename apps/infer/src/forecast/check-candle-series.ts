import { checkCandleFields, toCandleSeries, type Candle, type CandleSeries } from '@cf/ohlcv';
import { InvalidCandlesError } from '../errors';

/**
 * Checks the candles given for one symbol (a payload, a CSV file) and returns them as a series: every row a
 * valid candle of `symbol`, days strictly increasing. Problems are named with their row (1-based, as a person
 * counts the rows of that symbol) and day; `where` says where the rows came from.
 */
export function checkCandleSeries(symbol: string, candles: readonly Candle[], where: string): CandleSeries {
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
