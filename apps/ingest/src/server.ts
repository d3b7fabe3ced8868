import type { RawSource } from '@cf/ohlcv';
import { BusyError, buildServiceServer, type Logger } from '@cf/service';
import type { ObjectStore } from '@cf/storage';
import type { FastifyInstance } from 'fastify';
import type { IngestConfig } from './config';
import { InvalidIngestRequestError } from './errors';
import type { Sleep } from './http/sleep';
import { INGEST_MODES, INGEST_SOURCES, type IngestMode } from './job/ingest-request';
import { runIngest } from './job/run-ingest';

/** What the server needs. */
export interface ServerDeps {
  readonly store: ObjectStore;
  readonly fetch: typeof fetch;
  readonly clock: () => Date;
  readonly logger: Logger;
  readonly config: IngestConfig;
  readonly sleep?: Sleep;
  readonly random?: () => number;
}

/** The body of `POST /runs`; `source` and `symbols` default to the configuration. */
export interface RunBody {
  readonly mode: IngestMode;
  readonly source?: RawSource;
  readonly symbols?: string[];
  readonly from?: string;
  readonly to?: string;
}

const DAY_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$';

/** JSON schema of `POST /runs` (day values are checked as real calendar days by the job). */
export const RUN_BODY_SCHEMA = {
  type: 'object',
  required: ['mode'],
  properties: {
    mode: { type: 'string', enum: [...INGEST_MODES] },
    source: { type: 'string', enum: [...INGEST_SOURCES] },
    symbols: {
      type: 'array',
      minItems: 1,
      maxItems: 100,
      uniqueItems: true,
      items: { type: 'string', pattern: '^[A-Z0-9]{1,15}$' },
    },
    from: { type: 'string', pattern: DAY_PATTERN },
    to: { type: 'string', pattern: DAY_PATTERN },
  },
} as const;

/**
 * The ingest HTTP service, not listening yet: `GET /health`, `GET /ready` (the store answers a listing),
 * and `POST /runs`, which runs the job and answers its report (200 whatever the run's `status`; a bad body
 * gets 400 naming the field, a run while another is going 409). One run at a time; closing the server
 * aborts a running run, which then answers its partial report. The CSV directory is the configured one:
 * the HTTP API cannot point the server at other paths.
 *
 * @example
 * const server = buildServer({ store, fetch, clock: () => new Date(), logger, config });
 * const response = await server.inject({ method: 'POST', url: '/runs', payload: { mode: 'daily' } });
 */
export function buildServer(deps: ServerDeps): FastifyInstance {
  const server = buildServiceServer({
    name: 'ingest',
    logger: deps.logger,
    readiness: {
      store: async () => {
        await deps.store.list('raw/', { limit: 1 });
      },
    },
  });
  let running: AbortController | undefined;

  server.addHook('preClose', async () => {
    running?.abort(new Error('server is shutting down'));
  });

  server.post<{ Body: RunBody }>('/runs', { schema: { body: RUN_BODY_SCHEMA } }, async (request) => {
    // Fastify's validator strips unknown fields rather than rejecting them; a typo such as `sorce` must not
    // silently run the default source, so they are refused here.
    const unknown = Object.keys(request.body).filter((name) => !(name in RUN_BODY_SCHEMA.properties));
    if (unknown.length > 0) {
      throw new InvalidIngestRequestError(
        `body has unknown field(s) ${unknown.join(', ')} (allowed: ${Object.keys(RUN_BODY_SCHEMA.properties).join(', ')})`,
      );
    }
    if (running !== undefined)
      throw new BusyError('an ingest run is already in progress on this server; retry later');
    const controller = new AbortController();
    running = controller;
    try {
      const body = request.body;
      return await runIngest(
        {
          store: deps.store,
          fetch: deps.fetch,
          clock: deps.clock,
          logger: deps.logger,
          settings: deps.config.settings,
          ...(deps.sleep === undefined ? {} : { sleep: deps.sleep }),
          ...(deps.random === undefined ? {} : { random: deps.random }),
        },
        {
          mode: body.mode,
          source: body.source ?? deps.config.source,
          symbols: body.symbols ?? deps.config.symbols,
          ...(body.from === undefined ? {} : { from: body.from }),
          ...(body.to === undefined ? {} : { to: body.to }),
          signal: controller.signal,
        },
      );
    } finally {
      running = undefined;
    }
  });

  return server;
}
