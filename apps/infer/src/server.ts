import type { FastifyInstance } from 'fastify';
import { buildServiceServer, type Logger } from '@cf/service';
import { ModelLoadingError } from './errors';
import type { InvocationPool } from './server/invocation-pool';
import type { ModelSlot } from './server/model-slot';
import { registerInvocations, type InvocationLimits } from './server/invocations-route';

/** What the SageMaker endpoint server needs. */
export interface ServerDeps {
  readonly logger: Logger;
  readonly clock: () => Date;
  readonly slot: ModelSlot;
  readonly oodZLimit: number;
  readonly limits: InvocationLimits;
  /**
   * Worker threads that answer `/invocations` (`INVOCATIONS_WORKERS`); without, requests are answered on the
   * event loop with the slot's model.
   */
  readonly pool?: InvocationPool;
}

/**
 * The endpoint server, not listening yet: `GET /ping` (200 once the model is loaded, 503 before: SageMaker's
 * health check), `POST /invocations` (and `/endpoints/:name/invocations`), `GET /health` and `GET /ready`.
 *
 * @example
 * const server = await buildServer({ logger, clock: () => new Date(), slot, oodZLimit: 4,
 *   limits: { maxBytes: 6 << 20, maxSymbols: 100, maxRows: 5000 } });
 * const reply = await server.inject({ method: 'GET', url: '/ping' });
 */
export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  /** The loaded model, when it can answer: loaded here and, with a pool, in at least one worker thread. */
  const requireServing = () => {
    const loaded = deps.slot.require();
    if (deps.pool !== undefined && !deps.pool.healthy) {
      throw new ModelLoadingError('no /invocations worker thread has it loaded; they are being restarted');
    }
    return loaded;
  };
  const server = buildServiceServer({
    name: 'infer',
    logger: deps.logger,
    readiness: {
      model: async () => {
        requireServing();
      },
    },
  });
  // SageMaker pings every few seconds: log them only when something is wrong. The answer states what a
  // request should carry: the last `historyDays` candles of each asset.
  server.get('/ping', { logLevel: 'warn' }, async (_request, reply) => {
    try {
      const { metadata } = requireServing();
      return reply.send({
        status: 'ok',
        modelVersion: metadata.version,
        model: metadata.model,
        horizon: metadata.horizon,
        inputDays: metadata.inputDays,
        historyDays: metadata.historyDays,
        limits: {
          maxSymbols: deps.limits.maxSymbols,
          maxRows: deps.limits.maxRows,
          maxBytes: deps.limits.maxBytes,
        },
      });
    } catch (error) {
      const { code, message } = error as ModelLoadingError;
      return reply.code(503).send({ error: code, message });
    }
  });
  await registerInvocations(server, {
    slot: deps.slot,
    clock: deps.clock,
    oodZLimit: deps.oodZLimit,
    limits: deps.limits,
    ...(deps.pool === undefined ? {} : { pool: deps.pool }),
  });
  return server;
}
