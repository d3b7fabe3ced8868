import { availableParallelism } from 'node:os';
import { describeError, listen, onShutdownSignal, type Logger, type LogLevel } from '@cf/service';
import type { InferConfig } from '../config';
import { kindsFor } from '../job/create-job-deps';
import { buildServer } from '../server';
import { createInvocationPool } from './invocation-pool';
import { loadModelDir } from './load-model-dir';
import { createModelSlot } from './model-slot';

/**
 * `main.js serve`: the SageMaker endpoint. Listens on `0.0.0.0:{port}` at once (so `/ping` answers 503 while
 * the model loads), loads the model folder, and starts the worker threads that answer `/invocations`
 * (`INVOCATIONS_WORKERS`, one per core by default; 0 answers on the event loop), each loading the same folder;
 * `/ping` answers 200 once all have. Resolves with the exit code once a SIGTERM/SIGINT has closed the server
 * (in-flight requests finish first, then the workers stop), or 1 if the model cannot be loaded: a container
 * without a model must fail visibly rather than answer 503 forever.
 */
export async function startServe(
  config: InferConfig,
  logger: Logger,
  clock: () => Date = () => new Date(),
): Promise<number> {
  const slot = createModelSlot(config.modelDir);
  const settings = {
    oodZLimit: config.oodZLimit,
    limits: {
      maxBytes: config.invocationsMaxBytes,
      maxSymbols: config.invocationsMaxSymbols,
      maxRows: config.invocationsMaxRows,
    },
  };
  const workers = config.invocationsWorkers ?? availableParallelism();
  const pool =
    workers === 0
      ? undefined
      : createInvocationPool({
          workers,
          maxQueue: config.invocationsMaxQueue,
          modelDir: config.modelDir,
          settings,
          logger,
          logLevel: logger.level as LogLevel,
          // tfjs-node's native addon is not safe to load in several threads of one process; networks forecast
          // through the fast WebAssembly kernels whatever the backend, so the numbers are the same.
          tfBackend: config.tfBackend === 'cpu' ? 'cpu' : 'wasm',
        });
  const server = await buildServer({
    logger,
    clock,
    slot,
    ...settings,
    ...(pool === undefined ? {} : { pool }),
  });
  server.addHook('onClose', async () => pool?.close());
  let finished: (code: number) => void = () => undefined;
  const done = new Promise<number>((resolve) => (finished = resolve));
  let shuttingDown = false;
  const stopListening = onShutdownSignal({
    logger,
    close: () => {
      shuttingDown = true;
      return server.close();
    },
    exit: (code) => finished(code),
  });
  const address = await listen(server, { port: config.port, host: '0.0.0.0' });
  logger.info(
    { address, modelDir: config.modelDir, workers, maxQueue: config.invocationsMaxQueue },
    'infer endpoint listening, loading the model',
  );
  try {
    const started = performance.now();
    const [loaded] = await Promise.all([
      loadModelDir(config.modelDir, kindsFor(config, logger)),
      pool?.ready,
    ]);
    slot.set(loaded);
    const { metadata } = loaded;
    logger.info(
      {
        modelVersion: metadata.version,
        model: metadata.model,
        backend: metadata.backend,
        trainedThrough: metadata.data.trainedThrough,
        historyDays: metadata.historyDays,
        horizon: metadata.horizon,
        workers: pool?.size ?? 0,
        ms: Math.round(performance.now() - started),
      },
      'model loaded, ready for /invocations',
    );
  } catch (error) {
    // A signal during loading stopped the workers: that is the shutdown finishing, not a load failure.
    if (shuttingDown) return done;
    slot.fail(error);
    logger.error(
      { ...describeError(error), modelDir: config.modelDir },
      'model could not be loaded; stopping',
    );
    stopListening();
    await server.close();
    return 1;
  }
  return done;
}
