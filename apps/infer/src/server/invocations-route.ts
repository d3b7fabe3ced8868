import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  answerInvocation,
  type InvocationAnswer,
  type InvocationInput,
  type InvocationLimits,
} from './answer-invocation';
import type { InvocationPool } from './invocation-pool';
import type { ModelSlot } from './model-slot';

export type { InvocationLimits } from './answer-invocation';

/** What the invocations routes need. */
export interface InvocationsOptions {
  readonly slot: ModelSlot;
  readonly clock: () => Date;
  /** Default out-of-distribution limit (`OOD_Z_LIMIT`); a request may send its own `oodZLimit`. */
  readonly oodZLimit: number;
  readonly limits: InvocationLimits;
  /**
   * Worker threads that answer the requests (`INVOCATIONS_WORKERS` > 0), each holding the model version, so
   * that forecasting never holds the event loop; without, requests are answered on the event loop.
   */
  readonly pool?: InvocationPool;
}

/**
 * Registers `POST /invocations` (the SageMaker container contract) and `POST /endpoints/:name/invocations`
 * (the path `@aws-sdk/client-sagemaker-runtime` calls, so the SDK can be pointed straight at a `serve`
 * process with `AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME`: local runs and tests use the real client; behind
 * SageMaker only `/invocations` is reached). Bodies are read raw (any content type) and answered by
 * `answerInvocation`, in a worker thread of the pool when there is one, else on the event loop: an unknown
 * content type is a 400 naming it instead of fastify's 415; a body over the byte limit, or with more assets
 * or rows than the limits allow, is a 413; a full worker queue is a 503 with `Retry-After`.
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
    scope.setErrorHandler(async (error, _request, reply) => {
      // Too many assets or rows is a payload-size problem: 413, as for bytes; everything else goes on. The
      // code decides, because an error from a worker thread arrives as its code, kind and message.
      const code = (error as { code?: unknown }).code;
      if (code === 'INFER_TOO_MANY_SYMBOLS') {
        return reply.code(413).send({ error: code, message: (error as Error).message });
      }
      if (code === 'INFER_BUSY') reply.header('retry-after', '1');
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
  const input: InvocationInput = {
    body: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
    contentType: request.headers['content-type'],
    accept: request.headers.accept,
    now: options.clock().getTime(),
  };
  const settings = { oodZLimit: options.oodZLimit, limits: options.limits };
  const answer: InvocationAnswer =
    options.pool === undefined
      ? await answerInvocation(loaded, input, settings)
      : await options.pool.answer(input);
  for (const forecast of answer.flagged) {
    request.log.warn(
      {
        symbol: forecast.symbol,
        lastObservedDate: forecast.lastObservedDate,
        outOfDistribution: forecast.outOfDistribution,
      },
      `${forecast.symbol}: latest features outside the training distribution; forecast flagged`,
    );
  }
  return reply.type(answer.contentType).send(answer.payload);
}
