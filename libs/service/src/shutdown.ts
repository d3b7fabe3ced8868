import { describeError } from './error-mapping';
import type { Logger } from './logger';

/** Options of `onShutdownSignal`. */
export interface ShutdownOptions {
  readonly logger: Logger;
  /** Stops accepting work and finishes what is in flight (e.g. `() => server.close()`). */
  readonly close: () => Promise<void>;
  /** Default `['SIGTERM', 'SIGINT']`. */
  readonly signals?: readonly NodeJS.Signals[];
  /** How long `close` may take before the process is forced out with code 1; default 10 000 ms. */
  readonly timeoutMs?: number;
  /** Default `process.exit`. */
  readonly exit?: (code: number) => void;
}

const DEFAULT_SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];
const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Graceful shutdown: on the first signal, logs once, awaits `close()` and exits 0 (1 if `close` fails);
 * a second signal or the timeout forces exit 1. Returns a function that removes the signal handlers.
 *
 * @example
 * const address = await listen(server, { port, host });
 * onShutdownSignal({ logger, close: () => server.close() });
 */
export function onShutdownSignal(options: ShutdownOptions): () => void {
  const { logger } = options;
  const signals = options.signals ?? DEFAULT_SIGNALS;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let shuttingDown = false;
  let exited = false;
  let timer: NodeJS.Timeout | undefined;

  const finish = (code: number): void => {
    if (exited) return;
    exited = true;
    clearTimeout(timer);
    exit(code);
  };

  const handler = (signal: NodeJS.Signals): void => {
    if (shuttingDown) {
      logger.warn({ signal }, 'second signal during shutdown, exiting now');
      finish(1);
      return;
    }
    shuttingDown = true;
    logger.info({ signal, timeoutMs }, 'shutting down');
    timer = setTimeout(() => {
      logger.error({ timeoutMs }, 'shutdown timed out, exiting now');
      finish(1);
    }, timeoutMs);
    options.close().then(
      () => {
        if (exited) return;
        logger.info('shut down cleanly');
        finish(0);
      },
      (error: unknown) => {
        if (exited) return;
        logger.error(describeError(error), 'shutdown failed');
        finish(1);
      },
    );
  };

  for (const signal of signals) process.on(signal, handler);
  return () => {
    for (const signal of signals) process.off(signal, handler);
    clearTimeout(timer);
  };
}
