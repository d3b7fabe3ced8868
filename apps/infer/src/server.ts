import type { FastifyInstance } from 'fastify';
import { buildServiceServer, type Logger } from '@cf/service';
import type { ModelLoadingError } from './errors';
import type { ModelSlot } from './server/model-slot';
import { registerInvocations } from './server/invocations-route';

/** What the SageMaker endpoint server needs. */
export interface ServerDeps {
  readonly logger: Logger;
  readonly clock: () => Date;
  readonly slot: ModelSlot;
  readonly oodZLimit: number;
  readonly invocationsMaxBytes: number;
}

/**
 * The endpoint server, not listening yet: `GET /ping` (200 once the model is loaded, 503 before: SageMaker's
 * health check), `POST /invocations` (and `/endpoints/:name/invocations`), `GET /health` and `GET /ready`.
 *
 * @example
 * const server = await buildServer({ logger, clock: () => new Date(), slot, oodZLimit: 4, invocationsMaxBytes: 6 << 20 });
 * const reply = await server.inject({ method: 'GET', url: '/ping' });
 */
export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  const server = buildServiceServer({
    name: 'infer',
    logger: deps.logger,
    readiness: {
      model: async () => {
        deps.slot.require();
      },
    },
  });
  // SageMaker pings every few seconds: log them only when something is wrong.
  server.get('/ping', { logLevel: 'warn' }, async (_request, reply) => {
    try {
      const { metadata } = deps.slot.require();
      return reply.send({ status: 'ok', modelVersion: metadata.version });
    } catch (error) {
      const { code, message } = error as ModelLoadingError;
      return reply.code(503).send({ error: code, message });
    }
  });
  await registerInvocations(server, {
    slot: deps.slot,
    clock: deps.clock,
    oodZLimit: deps.oodZLimit,
    maxBytes: deps.invocationsMaxBytes,
  });
  return server;
}
