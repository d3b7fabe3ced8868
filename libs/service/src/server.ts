import Fastify, {
  LogController,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import { describeError, errorKindOf, httpStatusFor, isValidationError } from './error-mapping';
import { ReadinessTimeoutError } from './errors';
import type { Logger } from './logger';

/** A readiness check: resolves when the dependency (store, model) is usable, rejects with the reason otherwise. */
export type ReadinessCheck = () => Promise<void>;

/** Options of `buildServiceServer`. */
export interface ServiceServerOptions {
  /** Service name, answered by `/health`. */
  readonly name: string;
  readonly logger: Logger;
  /** Checks run by `GET /ready`, by name. */
  readonly readiness?: Readonly<Record<string, ReadinessCheck>>;
  /** How long each readiness check may take; default 3000 ms. */
  readonly readinessTimeoutMs?: number;
  /** Largest request body in bytes; fastify's default (1 MiB) when unset. */
  readonly bodyLimit?: number;
}

/** The body of every error response. */
export interface ErrorBody {
  readonly error: string;
  readonly message: string;
}

const DEFAULT_READINESS_TIMEOUT_MS = 3000;
const QUIET_ROUTES = new Set(['/health', '/ready']);

/**
 * A fastify instance, not listening yet, with `GET /health`, `GET /ready` (runs every readiness check),
 * one error handler mapping typed errors to statuses (`httpStatusFor`) and `{ error, message }` bodies,
 * a JSON not-found handler, and one log line per request. Apps register their routes on it.
 *
 * @example
 * const server = buildServiceServer({ name: 'infer', logger, readiness: { store: () => store.head('x').then(() => undefined) } });
 * server.get('/forecast/:symbol', handler);
 * await listen(server, { port: 8080, host: '0.0.0.0' });
 */
export function buildServiceServer(options: ServiceServerOptions): FastifyInstance {
  // Typed as the plain FastifyInstance (the pino logger fits FastifyBaseLogger at runtime), so apps can
  // write `buildServer(deps): FastifyInstance` without repeating fastify's logger generics.
  const server = Fastify({
    loggerInstance: options.logger,
    // One line per request comes from the onResponse hook below (or the error handler), not fastify's pair.
    logController: new LogController({ disableRequestLogging: true }),
    ...(options.bodyLimit === undefined ? {} : { bodyLimit: options.bodyLimit }),
  }) as unknown as FastifyInstance;
  const checks = Object.entries(options.readiness ?? {});
  const timeoutMs = options.readinessTimeoutMs ?? DEFAULT_READINESS_TIMEOUT_MS;
  const failed = new WeakSet<FastifyRequest>();

  server.get('/health', async () => ({ status: 'ok', service: options.name }));

  server.get('/ready', async (request, reply) => {
    const results = await Promise.all(
      checks.map(async ([name, check]) => {
        try {
          await withTimeout(check(), timeoutMs, () => new ReadinessTimeoutError(name, timeoutMs));
          return [name, 'ok'] as const;
        } catch (error) {
          return [name, describeError(error).message] as const;
        }
      }),
    );
    const ready = results.every(([, result]) => result === 'ok');
    if (!ready) {
      failed.add(request);
      const line = {
        method: request.method,
        url: request.url,
        statusCode: 503,
        checks: Object.fromEntries(results),
      };
      request.log.warn(line, 'not ready');
    }
    return reply
      .code(ready ? 200 : 503)
      .send({ status: ready ? 'ready' : 'not-ready', checks: Object.fromEntries(results) });
  });

  server.setErrorHandler((error: FastifyError, request, reply) => {
    const status = httpStatusFor(error);
    const described = describeError(error);
    failed.add(request);
    const line = { ...described, statusCode: status, method: request.method, url: request.url };
    if (status >= 500) request.log.error(line, 'request failed');
    else request.log.warn(line, 'request rejected');
    return reply.code(status).send(errorBody(error, described, status));
  });

  server.setNotFoundHandler((request, reply) => {
    return reply.code(404).send({
      error: 'SERVICE_ROUTE_NOT_FOUND',
      message: `Route ${request.method} ${request.url} not found`,
    });
  });

  // Node's server.close() only reaps idle sockets: a keep-alive connection whose request is in flight
  // would hold close() open until the client hangs up, so responses sent while closing end the connection.
  let closing = false;
  server.addHook('preClose', async () => {
    closing = true;
  });
  server.addHook('onSend', async (_request, reply, payload) => {
    if (closing) reply.header('connection', 'close');
    return payload;
  });

  server.addHook('onResponse', async (request: FastifyRequest, reply: FastifyReply) => {
    if (failed.has(request)) return;
    const line = {
      method: request.method,
      url: request.url,
      statusCode: reply.statusCode,
      ms: Math.round(reply.elapsedTime),
    };
    if (QUIET_ROUTES.has(request.routeOptions.url ?? '') && reply.statusCode < 400)
      request.log.debug(line, 'request');
    else request.log.info(line, 'request');
  });

  return server;
}

/** Starts listening and returns the address (e.g. `http://127.0.0.1:8080`). */
export async function listen(
  server: FastifyInstance,
  options: { port: number; host: string },
): Promise<string> {
  return server.listen({ port: options.port, host: options.host });
}

function errorBody(error: unknown, described: { code: string; message: string }, status: number): ErrorBody {
  if (isValidationError(error)) return { error: described.code, message: (error as Error).message };
  // Untyped failures are bugs: their messages can expose internals, so clients get a generic one.
  const typed = errorKindOf(error) !== 'internal' || typeof (error as { code?: unknown }).code === 'string';
  if (status >= 500 && !typed) return { error: 'INTERNAL', message: 'Internal server error' };
  return { error: described.code, message: (error as Error).message ?? described.message };
}

function withTimeout<T>(promise: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
