import { parseCandlesCsv, type Candle } from '@cf/ohlcv';
import { processedDatasetKey, type ObjectStore } from '@cf/storage';
import { InvalidCandlesError } from '../errors';
import { checkCandleSeries } from '../forecast/check-candle-series';
import type { MissingSymbol } from './inference-report';

/** A symbol's processed history, or why it has none usable. */
export type DatasetReading =
  | { readonly ok: true; readonly key: string; readonly candles: readonly Candle[] }
  | { readonly ok: false; readonly missing: MissingSymbol };

/**
 * Reads `processed/daily/symbol={SYM}/ohlcv.csv` as a checked series. No object, or one that is not a valid
 * series, is a missing symbol (with the reason); store failures throw.
 */
export async function readDataset(store: ObjectStore, symbol: string): Promise<DatasetReading> {
  const key = processedDatasetKey(symbol);
  const bytes = await store.get(key);
  if (bytes === undefined) {
    return {
      ok: false,
      missing: { symbol, code: 'INFER_NO_DATASET', reason: `no processed dataset at ${key}` },
    };
  }
  try {
    const parsed = parseCandlesCsv(bytes.toString('utf8'), { symbol });
    if (parsed.problems.length > 0) {
      const first = parsed.problems[0];
      throw new InvalidCandlesError(
        `${key} line ${first.line}: ${first.detail} (${parsed.problems.length} unreadable rows)`,
      );
    }
    return { ok: true, key, candles: checkCandleSeries(symbol, parsed.candles, key) };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code !== 'string' || !(code.startsWith('OHLCV_') || code === 'INFER_INVALID_CANDLES'))
      throw error;
    return {
      ok: false,
      missing: { symbol, code: 'INFER_INVALID_DATASET', reason: (error as Error).message },
    };
  }
}
