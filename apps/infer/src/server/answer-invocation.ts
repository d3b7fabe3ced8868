import { formatForecastsCsv, lastCompleteDay, type Candle, type Forecast } from '@cf/ohlcv';
import { forecastRecords, type ForecastOutcome, type LoadedModelVersion } from '@cf/model';
import { FutureCandlesError, InvalidCandlesError, InvalidPayloadError, TooManySymbolsError } from '../errors';
import { parseInvocationBody } from '../forecast/invocation-payload';

/** The documented, configurable limits of one `/invocations` request. */
export interface InvocationLimits {
  /** Largest body in bytes (`INVOCATIONS_MAX_BYTES`). */
  readonly maxBytes: number;
  /** Most assets in one request (`INVOCATIONS_MAX_SYMBOLS`). */
  readonly maxSymbols: number;
  /** Most candles of one asset (`INVOCATIONS_MAX_ROWS`). */
  readonly maxRows: number;
}

/** What the endpoint applies to every request, whichever thread answers it. */
export interface InvocationSettings {
  /** Default out-of-distribution limit (`OOD_Z_LIMIT`); a request may send its own `oodZLimit`. */
  readonly oodZLimit: number;
  readonly limits: InvocationLimits;
}

/** One `/invocations` request as it arrived: plain data, so that it can be handed to a worker thread. */
export interface InvocationInput {
  readonly body: Uint8Array;
  readonly contentType: string | undefined;
  readonly accept: string | undefined;
  /** The endpoint's clock when the request arrived (epoch ms): the last complete day and `generatedAt`. */
  readonly now: number;
}

/** A forecast flagged out of distribution, for the warning the endpoint logs. */
export interface FlaggedForecast {
  readonly symbol: string;
  readonly lastObservedDate: string;
  readonly outOfDistribution: Forecast['outOfDistribution'];
}

/** The 200 answer of a request: its body, ready to send, and the forecasts to warn about. */
export interface InvocationAnswer {
  readonly contentType: 'application/json' | 'text/csv';
  readonly payload: string;
  readonly flagged: readonly FlaggedForecast[];
}

/** Assets forecast between two yields to the event loop, so a large request does not hold the thread. */
const ASSETS_PER_SLICE = 16;

/**
 * Answers one `/invocations` request with a loaded model version: reads the body (`parseInvocationBody`:
 * the candles are checked once there, and trusted from then on), applies the limits (too many assets or
 * rows: `TooManySymbolsError`, answered 413) and refuses candles of today or later, forecasts every asset
 * (`forecastRecords`, in slices of 16 assets with a yield between slices) and formats the forecasts as JSON
 * (`{"forecasts": [...]}`) or, when the request accepts `text/csv` first, as the forecast CSV. An asset that
 * cannot be forecast fails the request with its error, naming it, never a 200 with nulls. The same function
 * runs on the event loop or in a worker thread, so both answer the same bytes.
 *
 * @example
 * const answer = await answerInvocation(loaded, { body, contentType: 'application/json', accept: undefined, now: Date.now() }, settings);
 */
export async function answerInvocation(
  loaded: LoadedModelVersion,
  input: InvocationInput,
  settings: InvocationSettings,
): Promise<InvocationAnswer> {
  const body = Buffer.from(input.body.buffer, input.body.byteOffset, input.body.byteLength);
  const parsed = parseInvocationBody(body, input.contentType);
  const now = new Date(input.now);
  checkLimits(parsed.candles, settings.limits, lastCompleteDay(now));
  for (const [symbol, rows] of parsed.levels ?? []) {
    if (rows.length !== loaded.metadata.horizon) {
      throw new InvalidPayloadError(
        `levels.${symbol} has ${rows.length} rows; the model forecasts ${loaded.metadata.horizon} days, one row each`,
      );
    }
  }
  const generatedAt = now.toISOString();
  const oodLimit = parsed.oodZLimit ?? settings.oodZLimit;
  const symbols = [...parsed.candles.keys()];
  const outcomes = new Map<string, ForecastOutcome>();
  for (let i = 0; i < symbols.length; i += ASSETS_PER_SLICE) {
    if (i > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    const slice = new Map(
      symbols.slice(i, i + ASSETS_PER_SLICE).map((s) => [s, parsed.candles.get(s) as readonly Candle[]]),
    );
    const records = await forecastRecords(loaded, slice, {
      generatedAt,
      oodLimit,
      ...(parsed.levels === undefined ? {} : { levels: parsed.levels }),
    });
    for (const [symbol, outcome] of records) outcomes.set(symbol, outcome);
  }
  const failed = [...outcomes].filter(([, o]) => !o.ok);
  if (failed.length === 1) {
    const [, only] = failed[0];
    if (!only.ok) throw only.error;
  }
  if (failed.length > 1) {
    throw new InvalidCandlesError(
      `${failed.length} assets cannot be forecast: ${failed.map(([s, o]) => `${s}: ${o.ok ? '' : o.error.message}`).join('; ')}`,
    );
  }
  const forecasts: Forecast[] = symbols.map((s) => {
    const outcome = outcomes.get(s);
    if (outcome === undefined || !outcome.ok) throw new Error(`no forecast for ${s}`);
    return outcome.forecast;
  });
  const flagged = forecasts
    .filter((f) => f.outOfDistribution.length > 0)
    .map(({ symbol, lastObservedDate, outOfDistribution }) => ({
      symbol,
      lastObservedDate,
      outOfDistribution,
    }));
  return wantsCsv(input.accept)
    ? { contentType: 'text/csv', payload: formatForecastsCsv(forecasts), flagged }
    : { contentType: 'application/json', payload: JSON.stringify({ forecasts }), flagged };
}

function checkLimits(
  candles: ReadonlyMap<string, readonly Candle[]>,
  limits: InvocationLimits,
  lastDay: string,
): void {
  if (candles.size > limits.maxSymbols) {
    throw new TooManySymbolsError(
      `the request names ${candles.size} assets, over the limit of ${limits.maxSymbols} (INVOCATIONS_MAX_SYMBOLS): send them in several requests`,
    );
  }
  for (const [symbol, rows] of candles) {
    if (rows.length > limits.maxRows) {
      throw new TooManySymbolsError(
        `${symbol} has ${rows.length} candles, over the limit of ${limits.maxRows} (INVOCATIONS_MAX_ROWS): send the last days only (GET /ping says how many the model reads)`,
      );
    }
    const last = rows[rows.length - 1];
    if (last !== undefined && last.date > lastDay) {
      throw new FutureCandlesError(
        `${symbol} has a candle dated ${last.date}, after the last complete UTC day ${lastDay}: only complete days can be forecast from`,
      );
    }
  }
}

function wantsCsv(accept: string | undefined): boolean {
  return accept?.split(',')[0]?.split(';', 1)[0].trim().toLowerCase() === 'text/csv';
}
