import { initTfBackend } from '@cf/model';
import { describeError, listen, onShutdownSignal, type Logger } from '@cf/service';
import type { InferConfig } from '../config';
import { buildServer } from '../server';
import { loadModelDir } from './load-model-dir';
import { createModelSlot } from './model-slot';

/**
 * `main.js serve`: the SageMaker endpoint. Listens on `0.0.0.0:{port}` at once (so `/ping` answers 503 while
 * the model loads), loads the model folder, then answers `/invocations`. Resolves with the exit code once a
 * SIGTERM/SIGINT has closed the server (in-flight requests finish first), or 1 if the model cannot be loaded:
 * a container without a model must fail visibly rather than answer 503 forever.
 */
export async function startServe(
  config: InferConfig,
  logger: Logger,
  clock: () => Date = () => new Date(),
): Promise<number> {
  const slot = createModelSlot(config.modelDir);
  const server = await buildServer({
    logger,
    clock,
    slot,
    oodZLimit: config.oodZLimit,
    invocationsMaxBytes: config.invocationsMaxBytes,
  });
  let finished: (code: number) => void = () => undefined;
  const done = new Promise<number>((resolve) => (finished = resolve));
  const stopListening = onShutdownSignal({
    logger,
    close: () => server.close(),
    exit: (code) => finished(code),
  });
  const address = await listen(server, { port: config.port, host: '0.0.0.0' });
  logger.info({ address, modelDir: config.modelDir }, 'infer endpoint listening, loading the model');
  try {
    const { tf, name } = await initTfBackend({
      ...(config.tfBackend ? { prefer: config.tfBackend } : {}),
      logger,
    });
    const started = performance.now();
    const forecaster = await loadModelDir(tf, config.modelDir);
    slot.set(forecaster);
    const { metadata } = forecaster;
    logger.info(
      {
        backend: name,
        modelVersion: metadata.version,
        trainedThrough: metadata.data.trainedThrough,
        window: metadata.window,
        horizon: metadata.horizon,
        ms: Math.round(performance.now() - started),
      },
      'model loaded, ready for /invocations',
    );
  } catch (error) {
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
