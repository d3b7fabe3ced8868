import { describeError, exitCodeFor } from './error-mapping';
import type { Logger } from './logger';

/** Options of `runCliMain`. */
export interface CliMainOptions {
  readonly logger: Logger;
  /** Default `process.exit`. */
  readonly exit?: (code: number) => void;
}

/**
 * Runs a CLI's `main` and exits with the code it returns; when it throws, logs one line
 * (`describeError`) and exits with `exitCodeFor(error)` (2 input, 3 not-found, 4 conflict, 5 unavailable, 1 else).
 *
 * @example
 * void runCliMain(() => runCli(process.argv.slice(2), deps), { logger });
 */
export async function runCliMain(main: () => Promise<number>, options: CliMainOptions): Promise<void> {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let code: number;
  try {
    code = await main();
  } catch (error) {
    options.logger.error(describeError(error), 'failed');
    code = exitCodeFor(error);
  }
  options.logger.flush();
  exit(code);
}
