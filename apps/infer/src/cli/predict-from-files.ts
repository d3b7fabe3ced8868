import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { ModelKind } from '@cf/forecasting';
import { CsvFormatError, parseCandlesCsv, type Candle, type CsvParseResult, type Forecast } from '@cf/ohlcv';
import { forecastRecords } from '@cf/model';
import { LocalObjectStore } from '@cf/storage';
import { InputNotFoundError, InvalidCandlesError, NoForecastsError } from '../errors';
import { groupBySymbol } from '../forecast/invocation-payload';
import { missingFromError, type MissingSymbol } from '../job/inference-report';
import { forecastFiles, summaryFiles } from '../job/prediction-files';
import { loadModelDir } from '../server/load-model-dir';

/** What `predict` reads and writes. */
export interface PredictRequest {
  /** A plain model folder: metadata.json and the files it lists (any kind). */
  readonly modelDir: string;
  /** Candles in the standard schema, the original's CryptoCompare columns, or Yahoo-style with one symbol. */
  readonly inputCsv: string;
  /** Only these symbols (and, for a file without a symbol column, the one symbol it holds). */
  readonly symbols?: readonly string[];
  /** Writes `{SYM}.json`, `{SYM}.csv`, `latest_all.json`, `latest_all.csv`, `missing_symbols.json` here. */
  readonly outputDir?: string;
  readonly oodZLimit: number;
}

/** What `predict` produced. */
export interface PredictResult {
  readonly forecasts: readonly Forecast[];
  readonly missing: readonly MissingSymbol[];
  /** Files written under `outputDir`. */
  readonly files: readonly string[];
}

const MAX_REPORTED_PROBLEMS = 3;

/**
 * The local quick start (`npm run infer -- predict`), like the original's `docker run -v model:/model -v
 * input.csv:/input.csv`: forecasts every symbol of a CSV file (or the ones asked for) with a model folder,
 * the same way the endpoint and the job do. Symbols with too few rows are reported as missing; if none can be
 * forecast, `NoForecastsError`.
 */
export async function predictFromFiles(
  deps: { readonly kinds: readonly ModelKind[]; readonly clock: () => Date },
  request: PredictRequest,
): Promise<PredictResult> {
  const inputCsv = path.resolve(request.inputCsv);
  if (!existsSync(inputCsv)) throw new InputNotFoundError('input CSV', inputCsv);
  const bySymbol = readInputCandles(inputCsv, request.symbols);
  const wanted = request.symbols ?? [...bySymbol.keys()];
  const generatedAt = deps.clock().toISOString();
  const forecasts: Forecast[] = [];
  const missing: MissingSymbol[] = [];
  const loaded = await loadModelDir(request.modelDir, deps.kinds);
  try {
    const series = new Map<string, readonly Candle[]>();
    for (const symbol of wanted) {
      const candles = bySymbol.get(symbol);
      if (candles === undefined) {
        missing.push({
          symbol,
          code: 'INFER_NO_DATASET',
          reason: `${path.basename(inputCsv)} has no rows for ${symbol}`,
        });
        continue;
      }
      series.set(symbol, candles);
    }
    const outcomes = await forecastRecords(loaded, series, { generatedAt, oodLimit: request.oodZLimit });
    for (const [symbol, outcome] of outcomes) {
      if (outcome.ok) forecasts.push(outcome.forecast);
      else missing.push(missingFromError(symbol, outcome.error));
    }
  } finally {
    loaded.forecaster.dispose();
  }
  if (forecasts.length === 0) {
    throw new NoForecastsError(
      `no forecast for ${wanted.join(', ')}: ${missing.map((m) => m.reason).join('; ')}`,
      'input',
    );
  }
  const files =
    request.outputDir === undefined ? [] : await writeOutputs(request.outputDir, forecasts, missing);
  return { forecasts, missing, files };
}

function readInputCandles(
  file: string,
  symbols: readonly string[] | undefined,
): Map<string, readonly Candle[]> {
  const text = readFileSync(file, 'utf8');
  const where = path.basename(file);
  const parsed = parseWithSymbol(text, where, symbols);
  if (parsed.problems.length > 0) {
    const shown = parsed.problems.slice(0, MAX_REPORTED_PROBLEMS).map((p) => `line ${p.line}: ${p.detail}`);
    const more = parsed.problems.length - shown.length;
    throw new InvalidCandlesError(
      `${where} has unreadable rows: ${shown.join('; ')}${more > 0 ? ` (and ${more} more)` : ''}`,
    );
  }
  const rows =
    symbols === undefined ? parsed.candles : parsed.candles.filter((c) => symbols.includes(c.symbol));
  if (rows.length === 0) return new Map();
  return groupBySymbol(rows, where);
}

// A file with a symbol column is read as it is; one without (Yahoo-style, CryptoCompare's histoday) needs
// `--symbols` to name its single symbol.
function parseWithSymbol(
  text: string,
  where: string,
  symbols: readonly string[] | undefined,
): CsvParseResult {
  try {
    return parseCandlesCsv(text);
  } catch (error) {
    if (!(error instanceof CsvFormatError) || symbols?.length !== 1) {
      const hint =
        error instanceof CsvFormatError && /no symbol/.test(error.message)
          ? '; name its one symbol with --symbols SYM'
          : '';
      throw new InvalidCandlesError(`${where}: ${(error as Error).message}${hint}`, { cause: error });
    }
    try {
      return parseCandlesCsv(text, { symbol: symbols[0] });
    } catch (retry) {
      throw new InvalidCandlesError(`${where}: ${(retry as Error).message}`, { cause: retry });
    }
  }
}

async function writeOutputs(
  dir: string,
  forecasts: readonly Forecast[],
  missing: readonly MissingSymbol[],
): Promise<string[]> {
  const store = new LocalObjectStore(path.resolve(dir));
  const files = [...forecasts.flatMap(forecastFiles), ...summaryFiles(forecasts, missing)];
  for (const file of files) await store.put(file.name, file.body, { contentType: file.contentType });
  return files.map((file) => path.join(path.resolve(dir), file.name));
}
