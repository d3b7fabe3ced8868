import type { FastifyInstance } from 'fastify';
import { BusyError, buildServiceServer } from '@cf/service';
import { runPreprocess, type PreprocessDeps, type PreprocessRequest } from './job/run-preprocess';
import { parseRunRequest, RUN_REQUEST_SCHEMA } from './run-request';

/**
 * The preprocess server, not listening yet: `GET /health`, `GET /ready` (the store answers a listing) and
 * `POST /runs` (body `{ full?: boolean, rawKeys?: string[] }` per `RUN_REQUEST_SCHEMA`; a bad body gets 400
 * naming the field). A run answers with its report; one run at a time, a second request meanwhile gets 409.
 */
export function buildServer(deps: PreprocessDeps): FastifyInstance {
  const server = buildServiceServer({
    name: 'preprocess',
    logger: deps.logger,
    readiness: { store: async () => void (await deps.store.list('processed/', { limit: 1 })) },
  });
  let running: Promise<unknown> | undefined;

  server.post<{ Body: PreprocessRequest }>(
    '/runs',
    {
      schema: { body: RUN_REQUEST_SCHEMA },
      // Checked strictly before fastify's own validation, which would coerce types ("true", "raw/x" -> [..])
      // and silently drop unknown fields; an absent body is an incremental run.
      preValidation: async (request) => {
        request.body = parseRunRequest(request.body);
      },
    },
    async (request) => {
      if (running !== undefined)
        throw new BusyError('a preprocess run is already in progress; try again when it ends');
      const run = runPreprocess(deps, request.body);
      running = run;
      try {
        return await run;
      } finally {
        running = undefined;
      }
    },
  );
  return server;
}
