import { CsvFormatError, epochMsToDay, isIsoDay, parseCandlesCsv, requestedDays } from '@cf/ohlcv';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { CsvInvalidError, CsvNotFoundError } from '../errors';
import type {
  CandleProvider,
  DayClose,
  DayRange,
  ProviderContext,
  ProviderResponse,
} from './candle-provider';
import { sha256Hex } from './sha256-hex';
import { pageCandles, requireUsableCandles, validCloses, type PageRows } from './page-candles';

/** The file names tried for a symbol, in order. */
export function csvFileNames(symbol: string): string[] {
  return [`${symbol}.csv`, `${symbol}-USD_1d.csv`, `${symbol}USDT_1d.csv`];
}

/**
 * Local CSV files, one per symbol (`{SYM}.csv`, `{SYM}-USD_1d.csv` or `{SYM}USDT_1d.csv` in `dir`), in any
 * format `parseCandlesCsv` recognises (standard, Yahoo-style, CryptoCompare-style). The stored body is the
 * file's text with only the lines of the requested days kept (header and kept lines byte for byte), so the
 * current, incomplete day or later days are never stored, even when the file has them.
 */
export class CsvProvider implements CandleProvider {
  readonly name = 'csv' as const;
  readonly pageOrder = 'forward' as const;
  readonly requiresFrom = false;
  readonly maxDaysPerRequest = Number.POSITIVE_INFINITY;

  constructor(private readonly dir: string) {}

  async fetchPage(symbol: string, range: DayRange, _context: ProviderContext): Promise<ProviderResponse> {
    const { file, text } = await this.readFileOf(symbol);
    const label = `CSV file ${file}`;
    let parsed;
    try {
      parsed = parseCandlesCsv(text, { symbol });
    } catch (error) {
      if (error instanceof CsvFormatError)
        throw new CsvInvalidError(`${label}: ${error.message}`, { cause: error });
      throw error;
    }
    if (parsed.candles.length === 0) {
      const first = parsed.problems[0];
      const detail = first === undefined ? 'it has no data rows' : `line ${first.line}: ${first.detail}`;
      throw new CsvInvalidError(
        `${label} has no readable candle row (${parsed.problems.length} unreadable; ${detail})`,
      );
    }
    const body = keepLinesOfDays(text, range);
    const request: Record<string, string> = { file: path.basename(file) };
    if (range.from !== undefined) request.from = range.from;
    request.to = range.to;
    const coverage = { from: range.from ?? range.to, to: range.to };
    const read = requireUsableCandles(
      pageCandles(csvRows(body, symbol), requestedDays({ source: this.name, request, coverage }), range),
      `${label} (${range.from ?? 'first day'}..${range.to})`,
      (message) => new CsvInvalidError(message),
    );
    return {
      request,
      contentType: 'text/csv',
      bodySha256: sha256Hex(body),
      body,
      candles: read.candles,
      malformed: read.malformed,
    };
  }

  closesOf(body: unknown, symbol: string): DayClose[] {
    return typeof body === 'string' ? validCloses(csvRows(body, symbol)) : [];
  }

  private async readFileOf(symbol: string): Promise<{ file: string; text: string }> {
    const names = csvFileNames(symbol);
    for (const name of names) {
      const file = path.join(this.dir, name);
      try {
        return { file, text: await readFile(file, 'utf8') };
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'ENOENT' && code !== 'ENOTDIR') {
          throw new CsvInvalidError(`CSV file ${file} cannot be read: ${(error as Error).message}`, {
            cause: error,
          });
        }
      }
    }
    throw new CsvNotFoundError(`no CSV file for ${symbol} in ${this.dir} (looked for ${names.join(', ')})`);
  }
}

/** A CSV text's rows as a page: candles located by their index, rows that do not parse at their line. */
function csvRows(text: string, symbol: string): PageRows {
  try {
    const parsed = parseCandlesCsv(text, { symbol });
    return {
      rows: parsed.candles.map((candle, index) => ({ candle, at: `row ${index + 1}` })),
      problems: parsed.problems.map((p) => ({
        at: `line ${p.line}`,
        reasons: ['bad-row'],
        detail: p.detail,
      })),
    };
  } catch (error) {
    if (error instanceof CsvFormatError) return { rows: [], problems: [] };
    throw error;
  }
}

/**
 * The text with the header and only the data lines whose day is in `range`; a line whose day cannot be
 * read is kept for preprocess to quarantine with its reason.
 */
export function keepLinesOfDays(text: string, range: DayRange): string {
  const lines = text.split(/(?<=\n)/);
  const headerAt = lines.findIndex((line) => line.trim() !== '');
  if (headerAt < 0) return text;
  const names = splitFields(lines[headerAt]).map((name) => name.replace(/^\uFEFF/, '').toLowerCase());
  // The same day column parseCandlesCsv reads: CryptoCompare-style files prefer epoch `time`.
  const cryptoCompare = names.includes('volumefrom') || names.includes('volumeto');
  const byTime = cryptoCompare && names.includes('time');
  const dayAt = names.indexOf(byTime ? 'time' : 'date');
  if (dayAt < 0) return text;
  const kept = lines.filter((line, index) => {
    if (index <= headerAt || line.trim() === '') return true;
    const day = dayOf(splitFields(line)[dayAt], byTime);
    if (day === undefined) return true;
    return (range.from === undefined || day >= range.from) && day <= range.to;
  });
  return kept.join('');
}

function splitFields(line: string): string[] {
  return line
    .replace(/\r?\n$/, '')
    .split(',')
    .map((field) => field.trim().replace(/^"(.*)"$/, '$1'));
}

function dayOf(field: string | undefined, epochSeconds: boolean): string | undefined {
  if (field === undefined) return undefined;
  if (epochSeconds) {
    if (!/^\d+(\.\d+)?$/.test(field)) return undefined;
    const ms = Number(field) * 1000;
    return Number.isFinite(ms) && ms < 8.64e15 ? epochMsToDay(ms) : undefined;
  }
  return isIsoDay(field) ? field : undefined;
}
