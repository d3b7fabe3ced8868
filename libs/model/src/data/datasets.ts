import { createHash } from 'node:crypto';
import {
  formatCandlesCsv,
  isValidSymbol,
  parseCandlesCsv,
  toCandleSeries,
  type CandleSeries,
  type CsvParseResult,
  type IsoDay,
} from '@cf/ohlcv';
import { listAll, type ObjectStore } from '@cf/storage';
import { InvalidParametersError } from '@cf/forecasting';
import { DatasetNotFoundError, InvalidDatasetError } from '../errors';

/**
 * Where training data lives: `{prefix}symbol={SYM}/ohlcv.csv` in the standard schema. `prefix` is
 * `processed/daily/` for the store written by preprocess, `''` for a SageMaker channel folder.
 */
export interface DataSource {
  readonly store: ObjectStore;
  readonly prefix: string;
}

/** One symbol's validated daily history with the provenance a model version records. */
export interface TrainingDataset {
  readonly symbol: string;
  /** The key it was read from. */
  readonly key: string;
  /** The candles up to the reader's cut-off (every one of them without a cut-off). */
  readonly series: CandleSeries;
  /**
   * sha256 (hex) of the standard CSV of the kept candles (`formatCandlesCsv`), so the same history gives the
   * same hash however much later data the file holds.
   */
  readonly sha256: string;
  readonly firstDate: IsoDay;
  readonly lastDate: IsoDay;
}

/** Options of {@link loadTrainingDatasets}. */
export interface LoadDatasetsOptions {
  /**
   * The last day to keep (a run's cut-off, `CLOCK_NOW`'s last complete day): later rows are dropped as the
   * file is read, and nothing after it reaches a fit, a score or a hash. Every row when omitted.
   */
  readonly through?: IsoDay;
}

const DATASET_FILE = 'ohlcv.csv';
const DATASET_KEY = /^symbol=([A-Z0-9]{1,15})\/ohlcv\.csv$/;

/** The key of `symbol`'s dataset under a source prefix. */
export function trainingDatasetKey(prefix: string, symbol: string): string {
  return `${prefix}symbol=${symbol}/${DATASET_FILE}`;
}

/** Symbols with a dataset under the source's prefix, sorted. */
export async function listTrainingSymbols(source: DataSource): Promise<string[]> {
  const objects = await listAll(source.store, source.prefix);
  const symbols: string[] = [];
  for (const { key } of objects) {
    const match = DATASET_KEY.exec(key.slice(source.prefix.length));
    if (match !== null) symbols.push(match[1]);
  }
  return symbols.sort();
}

/**
 * Reads and validates the datasets of `symbols` (every symbol found under the prefix when omitted or empty),
 * sorted by symbol. Each file must be the standard schema (`date,symbol,open,high,low,close,volume`), every
 * row readable and of that symbol, and the rows a valid series (one per day, increasing, OHLC consistent).
 * Throws `DatasetNotFoundError` for a missing symbol (or no dataset at all), `InvalidDatasetError` naming the
 * key and the first problems for a file that is empty or invalid, `InvalidTrainRequestError` for a malformed symbol.
 *
 * @example
 * const datasets = await loadTrainingDatasets({ store, prefix: 'processed/daily/' }, ['BTC', 'ETH']);
 */
export async function loadTrainingDatasets(
  source: DataSource,
  symbols?: readonly string[],
  options: LoadDatasetsOptions = {},
): Promise<TrainingDataset[]> {
  const wanted =
    symbols !== undefined && symbols.length > 0 ? checkSymbols(symbols) : await listTrainingSymbols(source);
  if (wanted.length === 0) {
    throw new DatasetNotFoundError(
      source.prefix,
      `no training dataset under '${source.prefix}' in ${source.store.url}: expected ${trainingDatasetKey(source.prefix, '{SYMBOL}')}`,
    );
  }
  const datasets: TrainingDataset[] = [];
  for (const symbol of wanted) {
    const dataset = await loadOne(source, symbol, options.through);
    if (dataset !== undefined) datasets.push(dataset);
  }
  if (datasets.length === 0) {
    throw new DatasetNotFoundError(
      source.prefix,
      `no dataset under '${source.prefix}' in ${source.store.url} has a candle on or before ${options.through}`,
    );
  }
  return datasets;
}

function checkSymbols(symbols: readonly string[]): string[] {
  for (const symbol of symbols) {
    if (!isValidSymbol(symbol)) {
      throw new InvalidParametersError([`symbols has '${symbol}', which is not a symbol [A-Z0-9]{1,15}`], 'datasets');
    }
  }
  return [...new Set(symbols)].sort();
}

/** A symbol's dataset up to `through`; undefined when it has no candle by then (it did not exist yet). */
async function loadOne(
  source: DataSource,
  symbol: string,
  through: IsoDay | undefined,
): Promise<TrainingDataset | undefined> {
  const key = trainingDatasetKey(source.prefix, symbol);
  const bytes = await source.store.get(key);
  if (bytes === undefined) {
    throw new DatasetNotFoundError(
      key,
      `no dataset for symbol ${symbol}: key '${key}' is missing in ${source.store.url}`,
    );
  }
  const parsed = parseStandardCsv(key, bytes, symbol);
  if (parsed.candles.length === 0) throw new InvalidDatasetError(key, 'it has a header but no rows');
  let series: CandleSeries;
  try {
    series = toCandleSeries(parsed.candles);
  } catch (error) {
    throw new InvalidDatasetError(key, (error as Error).message, error);
  }
  const kept = through === undefined ? series : series.filter((c) => c.date <= through);
  if (kept.length === 0) return undefined;
  series = kept as CandleSeries;
  return {
    symbol,
    key,
    series,
    sha256: createHash('sha256').update(formatCandlesCsv(series)).digest('hex'),
    firstDate: series[0].date,
    lastDate: series[series.length - 1].date,
  };
}

function parseStandardCsv(key: string, bytes: Buffer, symbol: string): CsvParseResult {
  if (bytes.length === 0) throw new InvalidDatasetError(key, 'the file is empty');
  let parsed: CsvParseResult;
  try {
    parsed = parseCandlesCsv(bytes.toString('utf8'), { symbol });
  } catch (error) {
    throw new InvalidDatasetError(key, (error as Error).message, error);
  }
  if (parsed.format !== 'standard') {
    throw new InvalidDatasetError(
      key,
      `its header is the ${parsed.format} format; expected the standard schema date,symbol,open,high,low,close,volume`,
    );
  }
  if (parsed.problems.length > 0) {
    const shown = parsed.problems
      .slice(0, 3)
      .map((p) => `line ${p.line}: ${p.detail}`)
      .join('; ');
    const more = parsed.problems.length > 3 ? ` (and ${parsed.problems.length - 3} more)` : '';
    throw new InvalidDatasetError(key, `${parsed.problems.length} unreadable row(s): ${shown}${more}`);
  }
  return parsed;
}
