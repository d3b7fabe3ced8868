import type { FastifyInstance, FastifySchemaValidationError } from 'fastify';
import { TRAINING_PARAMETERS, type ModelKind, type RawParameterValue } from '@cf/forecasting';
import { buildServiceServer, type Logger } from '@cf/service';
import type { ObjectStore } from '@cf/storage';
import { RunNotFoundError } from './errors';
import { readTrainingParameters, trainRequestBodySchema } from './parameters';
import type { TrainingRuns } from './training-runs';

/** What the server needs: the store (for readiness) and the runs it starts. */
export interface TrainServerDeps {
  readonly logger: Logger;
  readonly store: ObjectStore;
  readonly runs: TrainingRuns;
  readonly kinds: readonly ModelKind[];
}

function describeValidation(errors: FastifySchemaValidationError[], dataVar: string): Error {
  // A misspelt field fails `propertyNames`: Ajv reports the name's enum error first, then this one naming it.
  const unknown = errors.find(
    (e) => typeof (e.params as Record<string, unknown>)['propertyName'] === 'string',
  );
  if (unknown !== undefined) {
    const name = String((unknown.params as Record<string, unknown>)['propertyName']);
    return new Error(
      `${dataVar} has unknown field '${name}' (allowed: ${TRAINING_PARAMETERS.map((p) => p.name).join(', ')})`,
    );
  }
  const first = errors[0];
  return new Error(`${dataVar}${first.instancePath.replace(/\//g, '.')} ${first.message ?? 'is invalid'}`);
}

/**
 * The train server, not listening yet: `GET /health`, `GET /ready` (the store answers a listing),
 * `POST /runs` (body: training parameters by name, e.g. `{ "model": "ridge", "symbols": ["BTC"] }`,
 * schema-validated) starting a training in the background and answering 202 with the run, 409 while
 * another runs; `GET /runs/current` and `GET /runs/:id` show status, epoch progress and the result or error.
 * Closing the server stops a running training and waits for it.
 */
export function buildServer(deps: TrainServerDeps): FastifyInstance {
  const server = buildServiceServer({
    name: 'train',
    logger: deps.logger,
    readiness: { store: async () => void (await deps.store.list('processed/daily/', { limit: 1 })) },
  });
  server.setSchemaErrorFormatter(describeValidation);
  server.addHook('onClose', async () => deps.runs.close(new Error('the train server is shutting down')));

  server.post<{ Body: Record<string, RawParameterValue> | undefined }>(
    '/runs',
    { schema: { body: trainRequestBodySchema() } },
    async (request, reply) => {
      const parameters = readTrainingParameters(request.body ?? {}, { kind: 'http' }, deps.kinds);
      const run = deps.runs.begin(parameters);
      return reply.code(202).header('location', `/runs/${run.id}`).send(run);
    },
  );

  server.get('/runs/current', async () => {
    const run = deps.runs.current();
    if (run === undefined) throw new RunNotFoundError('current');
    return run;
  });

  server.get<{ Params: { id: string } }>('/runs/:id', async (request) => {
    const run = deps.runs.get(request.params.id);
    if (run === undefined) throw new RunNotFoundError(request.params.id);
    return run;
  });
  return server;
}
