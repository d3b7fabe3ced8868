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
 * Reads `processed/daily/symbol={SYM}/ohlcv.csv` as a checked series: with `lastDays`, only its header and
 * last `lastDays` rows are parsed and checked (what a forecast reads; the job reads hundreds of datasets
 * and keeps its memory flat by not building the rest). No object, or rows that are not a valid series, is a
 * missing symbol with the reason, naming the line of the file; store failures throw.
 */
export async function readDataset(
  store: ObjectStore,
  symbol: string,
  lastDays?: number,
): Promise<DatasetReading> {
  const key = processedDatasetKey(symbol);
  const bytes = await store.get(key);
  if (bytes === undefined) {
    return {
      ok: false,
      missing: { symbol, code: 'INFER_NO_DATASET', reason: `no processed dataset at ${key}` },
    };
  }
  try {
    const { text, skippedLines } = headerAndLastRows(bytes.toString('utf8'), lastDays);
    const parsed = parseCandlesCsv(text, { symbol });
    if (parsed.problems.length > 0) {
      const first = parsed.problems[0];
      throw new InvalidCandlesError(
        `${key} line ${first.line + skippedLines}: ${first.detail} (${parsed.problems.length} unreadable rows)`,
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

/**
 * The header line and the last `rows` non-blank lines of a CSV text, and how many lines were left out
 * between them (blank lines are not rows, as the CSV parser skips them). A text with quotes (a field may then
 * hold a line break), one that does not start with its header, or no limit: the text is kept whole.
 */
function headerAndLastRows(
  text: string,
  rows: number | undefined,
): { readonly text: string; readonly skippedLines: number } {
  const whole = { text, skippedLines: 0 };
  if (rows === undefined || text.includes('"')) return whole;
  const headerEnd = text.indexOf('\n');
  if (headerEnd <= 0 || text.slice(0, headerEnd).trim() === '') return whole;
  // Walk back line by line from the end; `cut` ends up on the line break before the first row kept.
  let cut = text.length;
  for (let found = 0; found < rows;) {
    const start = text.lastIndexOf('\n', cut - 1);
    if (start <= headerEnd) return whole;
    if (text.slice(start + 1, cut).trim() !== '') found++;
    cut = start;
  }
  let skippedLines = 0;
  for (let i = text.indexOf('\n', headerEnd + 1); i >= 0 && i <= cut; i = text.indexOf('\n', i + 1)) {
    skippedLines++;
  }
  return { text: text.slice(0, headerEnd + 1) + text.slice(cut + 1), skippedLines };
}
