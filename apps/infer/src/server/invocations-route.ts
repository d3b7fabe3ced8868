import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { formatForecastsCsv, lastCompleteDay, type Candle, type Forecast } from '@cf/ohlcv';
import { forecastRecords, type ForecastOutcome } from '@cf/model';
import { FutureCandlesError, InvalidCandlesError, InvalidPayloadError, TooManySymbolsError } from '../errors';
import { parseInvocationBody } from '../forecast/invocation-payload';
import type { ModelSlot } from './model-slot';

/** The documented, configurable limits of one `/invocations` request. */
export interface InvocationLimits {
  /** Largest body in bytes (`INVOCATIONS_MAX_BYTES`). */
  readonly maxBytes: number;
  /** Most assets in one request (`INVOCATIONS_MAX_SYMBOLS`). */
  readonly maxSymbols: number;
  /** Most candles of one asset (`INVOCATIONS_MAX_ROWS`). */
  readonly maxRows: number;
}

/** What the invocations routes need. */
export interface InvocationsOptions {
  readonly slot: ModelSlot;
  readonly clock: () => Date;
  /** Default out-of-distribution limit (`OOD_Z_LIMIT`); a request may send its own `oodZLimit`. */
  readonly oodZLimit: number;
  readonly limits: InvocationLimits;
}

/** Assets forecast between two yields to the event loop, so `/ping` is answered while a large request runs. */
const ASSETS_PER_SLICE = 16;

/**
 * Registers `POST /invocations` (the SageMaker container contract) and `POST /endpoints/:name/invocations`
 * (the path `@aws-sdk/client-sagemaker-runtime` calls, so the SDK can be pointed straight at a `serve`
 * process with `AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME`: local runs and tests use the real client; behind
 * SageMaker only `/invocations` is reached). Bodies are read raw (any content type) and parsed by
 * `parseInvocationBody`, so an unknown content type is a 400 naming it instead of fastify's 415; a body over
 * the byte limit, or with more assets or rows than the limits allow, is a 413. Candles dated today or later
 * (not complete days) are a 400 naming the asset and day. Every asset is forecast in batched slices
 * (`forecastRecords`), yielding to the event loop between slices; an asset that cannot be forecast (too few
 * rows, a non-finite forecast from extreme prices) fails the request with a 400 naming it, never a 200 with
 * nulls.
 */
export async function registerInvocations(
  server: FastifyInstance,
  options: InvocationsOptions,
): Promise<void> {
  const { limits } = options;
  await server.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: limits.maxBytes },
      (_request, body, done) => done(null, body),
    );
    scope.addHook('onRequest', async (request, reply) => {
      const length = Number(request.headers['content-length']);
      if (Number.isFinite(length) && length > limits.maxBytes) {
        // Answered before the body is read; fastify's own limit still stops chunked bodies (413 too).
        reply.header('connection', 'close');
        return reply.code(413).send({
          error: 'INFER_PAYLOAD_TOO_LARGE',
          message: `request body of ${length} bytes is over the limit of ${limits.maxBytes} bytes (INVOCATIONS_MAX_BYTES): send fewer days or symbols per request`,
        });
      }
    });
    scope.setErrorHandler(async (error, request, reply) => {
      // Too many assets or rows is a payload-size problem: 413, as for bytes; everything else goes on.
      if (error instanceof TooManySymbolsError) {
        return reply.code(413).send({ error: error.code, message: error.message });
      }
      throw error;
    });
    const handler = async (request: FastifyRequest, reply: FastifyReply) => invoke(request, reply, options);
    scope.post('/invocations', { bodyLimit: limits.maxBytes }, handler);
    scope.post('/endpoints/:name/invocations', { bodyLimit: limits.maxBytes }, handler);
  });
}

async function invoke(
  request: FastifyRequest,
  reply: FastifyReply,
  options: InvocationsOptions,
): Promise<unknown> {
  const loaded = options.slot.require();
  const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
  const parsed = parseInvocationBody(body, request.headers['content-type']);
  const now = options.clock();
  checkLimits(parsed.candles, options.limits, lastCompleteDay(now));
  for (const [symbol, rows] of parsed.levels ?? []) {
    if (rows.length !== loaded.metadata.horizon) {
      throw new InvalidPayloadError(
        `levels.${symbol} has ${rows.length} rows; the model forecasts ${loaded.metadata.horizon} days, one row each`,
      );
    }
  }
  const generatedAt = now.toISOString();
  const oodLimit = parsed.oodZLimit ?? options.oodZLimit;
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
    for (const [symbol, outcome] of records) {
      outcomes.set(symbol, outcome);
    }
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
  for (const forecast of forecasts) {
    if (forecast.outOfDistribution.length > 0) {
      request.log.warn(
        {
          symbol: forecast.symbol,
          lastObservedDate: forecast.lastObservedDate,
          outOfDistribution: forecast.outOfDistribution,
        },
        `${forecast.symbol}: latest features outside the training distribution; forecast flagged`,
      );
    }
  }
  if (wantsCsv(request.headers.accept)) return reply.type('text/csv').send(formatForecastsCsv(forecasts));
  return reply.type('application/json').send({ forecasts });
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
