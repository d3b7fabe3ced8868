import { CANDLE_COLUMNS, type Candle } from './candle';
import { resolveCsvLayout, type CsvFormat, type CsvLayout } from './csv-layout';
import { quoteCsvField, readCsvRecords, type CsvRecord } from './csv-records';
import { epochMsToDay } from './days';
import { CsvFormatError } from './errors';

export type { CsvFormat } from './csv-layout';

/** A CSV row that was skipped, and why (the field and its text). */
export interface CsvRowProblem {
  /** 1-based line of the file the row starts on. */
  readonly line: number;
  readonly detail: string;
}

/** What {@link parseCandlesCsv} read: candles in file order, the rows it skipped, the format it recognised. */
export interface CsvParseResult {
  readonly candles: Candle[];
  readonly problems: CsvRowProblem[];
  readonly format: CsvFormat;
}

/** Options of {@link parseCandlesCsv}. */
export interface CsvParseOptions {
  /** Symbol of every row; required when the file has no `symbol` column, else rows must match it. */
  readonly symbol?: string;
}

// A plain decimal literal: no hex, no `Infinity`/`NaN`, no empty string (which `Number` reads as 0).
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
// Largest epoch-seconds value a Date can hold (±8.64e15 ms).
const MAX_EPOCH_SECONDS = 8.64e12;

/**
 * Writes candles in the standard schema: header `date,symbol,open,high,low,close,volume`, `\n` line ends,
 * a trailing newline, numbers as `String(n)` so that {@link parseCandlesCsv} reads back the exact values.
 */
export function formatCandlesCsv(candles: readonly Candle[]): string {
  const lines = [CANDLE_COLUMNS.join(',')];
  for (const c of candles) {
    lines.push(
      [
        quoteCsvField(c.date),
        quoteCsvField(c.symbol),
        String(c.open),
        String(c.high),
        String(c.low),
        String(c.close),
        String(c.volume),
      ].join(','),
    );
  }
  return lines.join('\n') + '\n';
}

/**
 * Reads candles from CSV text, recognising the format by its header (case-insensitive, any column order,
 * BOM and CRLF tolerated, extra columns ignored):
 * - `standard`: `date,symbol,open,high,low,close,volume`;
 * - `yahoo`: `Date,Open,High,Low,Close,Volume` without a symbol column (symbol from `options.symbol`);
 * - `cryptocompare`: `time` (epoch seconds, mapped to its UTC day) or `date`, `open,high,low,close`,
 *   `volumefrom`, `volumeto`; volume := `volumeto`, the quote-currency volume (the unit Yahoo's Volume uses).
 *
 * A row with the wrong field count or a non-numeric field is skipped and reported in `problems` with its
 * line and field; nothing is dropped silently. OHLC invariants are not checked here: see `validateCandles`.
 * Throws {@link CsvFormatError} when the header lacks columns, or no symbol is known.
 *
 * @example
 * const { candles, problems } = parseCandlesCsv(text, { symbol: 'BTC' });
 */
export function parseCandlesCsv(text: string, options: CsvParseOptions = {}): CsvParseResult {
  const records = readCsvRecords(text);
  if (records.length === 0) throw new CsvFormatError('CSV text is empty: no header line');
  const [header, ...rows] = records;
  const layout = resolveCsvLayout(header.fields, header.line);
  if (layout.symbol === undefined && !options.symbol) {
    throw new CsvFormatError(
      `CSV header on line ${header.line} has no symbol column and no symbol option was given (${layout.format} format)`,
    );
  }
  const candles: Candle[] = [];
  const problems: CsvRowProblem[] = [];
  for (const row of rows) {
    const parsed = parseRow(row, layout, options.symbol);
    if (typeof parsed === 'string') problems.push({ line: row.line, detail: parsed });
    else candles.push(parsed);
  }
  return { candles, problems, format: layout.format };
}

function parseRow(row: CsvRecord, layout: CsvLayout, expectedSymbol: string | undefined): Candle | string {
  const { fields } = row;
  if (fields.length !== layout.width) {
    return `expected ${layout.width} fields as in the header, found ${fields.length}`;
  }
  const errors: string[] = [];
  const number = (name: string, index: number): number => {
    const text = fields[index];
    if (DECIMAL.test(text)) return Number(text);
    errors.push(`${name} ${JSON.stringify(text)} is not a number`);
    return NaN;
  };

  let date = fields[layout.day.index];
  if (layout.day.column === 'time') {
    const seconds = number('time', layout.day.index);
    if (Number.isFinite(seconds) && Math.abs(seconds) > MAX_EPOCH_SECONDS) {
      errors.push(`time ${JSON.stringify(date)} is out of the range of epoch seconds`);
    } else if (Number.isFinite(seconds)) {
      date = epochMsToDay(seconds * 1000);
    }
  }
  const symbol = layout.symbol === undefined ? (expectedSymbol as string) : fields[layout.symbol];
  if (expectedSymbol && symbol !== expectedSymbol) {
    errors.push(`symbol ${JSON.stringify(symbol)} is not the expected ${JSON.stringify(expectedSymbol)}`);
  }
  const candle: Candle = {
    date,
    symbol,
    open: number('open', layout.open),
    high: number('high', layout.high),
    low: number('low', layout.low),
    close: number('close', layout.close),
    volume: number(layout.volume.column, layout.volume.index),
  };
  return errors.length > 0 ? errors.join('; ') : candle;
}
