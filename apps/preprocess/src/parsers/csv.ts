import { CsvFormatError, parseCandlesCsv, type Candle } from '@cf/ohlcv';
import { wholeObjectProblem, type ParsedCandle, type ParsedRaw, type RawProblem } from './raw-problem';

/**
 * Rows of a CSV body (the file's text) through `parseCandlesCsv` with the envelope's symbol: the standard
 * schema, Yahoo's `Date,Close,High,Low,Open,Volume` or CryptoCompare's `volumefrom,volumeto` columns. Rows it
 * skips are quarantined as `bad-row` with its detail; a file it cannot read at all quarantines the object.
 */
export function parseCsvBody(body: unknown, symbol: string, rawKey: string, excerpt: string): ParsedRaw {
  if (typeof body !== 'string') {
    return wholeObjectProblem(rawKey, excerpt, 'bad-body-shape', 'csv body is not a string of CSV text');
  }
  const text = body;
  let parsed;
  try {
    parsed = parseCandlesCsv(text, { symbol });
  } catch (error) {
    if (error instanceof CsvFormatError)
      return wholeObjectProblem(rawKey, excerpt, 'csv-format', error.message);
    throw error;
  }
  const lines = splitLines(text);
  const problems: RawProblem[] = parsed.problems.map((problem) => ({
    rawKey,
    at: `line ${problem.line}`,
    row: lines[problem.line - 1] ?? null,
    reasons: ['bad-row'],
    detail: problem.detail,
  }));
  const candleLines = linesOfCandles(
    lines,
    parsed.candles.length,
    new Set(parsed.problems.map((p) => p.line)),
  );
  const candles: ParsedCandle[] = parsed.candles.map((candle: Candle, index) => {
    const line = candleLines?.[index];
    return line === undefined
      ? { candle, at: `row ${index + 1}`, row: candle }
      : { candle, at: `line ${line}`, row: lines[line - 1] };
  });
  return { candles, problems };
}

function splitLines(text: string): string[] {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return source.split(/\r\n|\n|\r/);
}

/**
 * The 1-based line of each parsed candle, in order, or `undefined` when lines and records do not line up
 * one to one (a quoted field spanning lines); rows are then located by their index.
 */
function linesOfCandles(
  lines: readonly string[],
  candleCount: number,
  problemLines: ReadonlySet<number>,
): number[] | undefined {
  const dataLines: number[] = [];
  let headerSeen = false;
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    if (!headerSeen) headerSeen = true;
    else dataLines.push(index + 1);
  });
  const dataSet = new Set(dataLines);
  const candleLines = dataLines.filter((line) => !problemLines.has(line));
  const aligned =
    candleLines.length === candleCount &&
    dataLines.length === candleCount + problemLines.size &&
    [...problemLines].every((line) => dataSet.has(line));
  return aligned ? candleLines : undefined;
}
