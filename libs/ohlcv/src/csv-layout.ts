import { CsvFormatError } from './errors';

/** Which kind of candle CSV a header names. */
export type CsvFormat = 'standard' | 'yahoo' | 'cryptocompare';

/** Column positions of one CSV header; `time` (epoch seconds) or `date` gives the day. */
export interface CsvLayout {
  readonly format: CsvFormat;
  readonly width: number;
  readonly day: { readonly column: 'date' | 'time'; readonly index: number };
  readonly symbol: number | undefined;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  /** `volume`, or CryptoCompare's `volumeto` (quote-currency volume). */
  readonly volume: { readonly column: 'volume' | 'volumeto'; readonly index: number };
}

const EXPECTED =
  'expected date,symbol,open,high,low,close,volume; or Yahoo-style Date,Open,High,Low,Close,Volume; ' +
  'or CryptoCompare-style time,open,high,low,close,volumefrom,volumeto';

/**
 * Recognises a candle CSV header (case-insensitive, any column order, extra columns ignored):
 * a `volumefrom`/`volumeto` column means CryptoCompare, a `symbol` column means standard, else Yahoo-style.
 * Throws {@link CsvFormatError} naming the missing or repeated columns.
 */
export function resolveCsvLayout(header: readonly string[], line: number): CsvLayout {
  const names = header.map((name) => name.trim().toLowerCase());
  const positions = new Map<string, number>();
  const repeated = new Set<string>();
  names.forEach((name, index) => {
    if (positions.has(name)) repeated.add(name);
    else positions.set(name, index);
  });

  const format: CsvFormat =
    positions.has('volumefrom') || positions.has('volumeto')
      ? 'cryptocompare'
      : positions.has('symbol')
        ? 'standard'
        : 'yahoo';
  const dayColumn = format === 'cryptocompare' && positions.has('time') ? 'time' : 'date';
  const volumeColumn = format === 'cryptocompare' ? 'volumeto' : 'volume';
  const required = [dayColumn, 'open', 'high', 'low', 'close', volumeColumn];
  if (format === 'standard') required.splice(1, 0, 'symbol');

  const missing = required.filter((name) => !positions.has(name));
  if (missing.length > 0) {
    throw new CsvFormatError(
      `CSV header on line ${line} (${header.join(',')}) lacks column(s) ${missing.join(', ')} ` +
        `for the ${format} format (${EXPECTED})`,
    );
  }
  const ambiguous = [...required, 'symbol'].filter((name) => repeated.has(name));
  if (ambiguous.length > 0) {
    throw new CsvFormatError(`CSV header on line ${line} repeats column(s) ${ambiguous.join(', ')}`);
  }
  const at = (name: string): number => positions.get(name) as number;
  return {
    format,
    width: header.length,
    day: { column: dayColumn, index: at(dayColumn) },
    symbol: positions.get('symbol'),
    open: at('open'),
    high: at('high'),
    low: at('low'),
    close: at('close'),
    volume: { column: volumeColumn, index: at(volumeColumn) },
  };
}
