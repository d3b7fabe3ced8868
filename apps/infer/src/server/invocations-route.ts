import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { formatForecastsCsv, type Forecast } from '@cf/ohlcv';
import { parseInvocationBody } from '../forecast/invocation-payload';
import { forecastSeries } from '../forecast/forecast-series';
import type { ModelSlot } from './model-slot';

/** What the invocations routes need. */
export interface InvocationsOptions {
  readonly slot: ModelSlot;
  readonly clock: () => Date;
  /** Default out-of-distribution limit (`OOD_Z_LIMIT`); a request may send its own `oodZLimit`. */
  readonly oodZLimit: number;
  /** Largest body in bytes (`INVOCATIONS_MAX_BYTES`). */
  readonly maxBytes: number;
}

/**
 * Registers `POST /invocations` (the SageMaker container contract) and `POST /endpoints/:name/invocations`
 * (the path `@aws-sdk/client-sagemaker-runtime` calls, so the SDK can be pointed straight at a `serve`
 * process with `AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME`: local runs and tests use the real client; behind
 * SageMaker only `/invocations` is reached). Bodies are read raw (any content type) and parsed by
 * `parseInvocationBody`, so an unknown content type is a 400 naming it instead of fastify's 415; a body
 * over the limit is a 413 (the standard status for it, which SageMaker passes on as the original status).
 */
export async function registerInvocations(
  server: FastifyInstance,
  options: InvocationsOptions,
): Promise<void> {
  await server.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: options.maxBytes },
      (_request, body, done) => done(null, body),
    );
    scope.addHook('onRequest', async (request, reply) => {
      const length = Number(request.headers['content-length']);
      if (Number.isFinite(length) && length > options.maxBytes) {
        // Answered before the body is read; fastify's own limit still stops chunked bodies (413 too).
        reply.header('connection', 'close');
        return reply.code(413).send({
          error: 'INFER_PAYLOAD_TOO_LARGE',
          message: `request body of ${length} bytes is over the limit of ${options.maxBytes} bytes (INVOCATIONS_MAX_BYTES): send fewer days or symbols per request`,
        });
      }
    });
    const handler = async (request: FastifyRequest, reply: FastifyReply) => invoke(request, reply, options);
    scope.post('/invocations', { bodyLimit: options.maxBytes }, handler);
    scope.post('/endpoints/:name/invocations', { bodyLimit: options.maxBytes }, handler);
  });
}

async function invoke(
  request: FastifyRequest,
  reply: FastifyReply,
  options: InvocationsOptions,
): Promise<unknown> {
  const forecaster = options.slot.require();
  const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
  const parsed = parseInvocationBody(body, request.headers['content-type']);
  const generatedAt = options.clock().toISOString();
  const oodZLimit = parsed.oodZLimit ?? options.oodZLimit;
  const forecasts: Forecast[] = [];
  for (const candles of parsed.candles.values())
    forecasts.push(forecastSeries(forecaster, candles, { generatedAt, oodZLimit }));
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

function wantsCsv(accept: string | undefined): boolean {
  return accept?.split(',')[0]?.split(';', 1)[0].trim().toLowerCase() === 'text/csv';
}
