import { clockFromEnv, createLogger, LOG_LEVELS } from '@cf/service';
import { createIngestHandler } from './lambda-handler';

// The Lambda entry (dist/apps/ingest/lambda.js). Configuration is read from the environment on the first
// invocation; a bad LOG_LEVEL falls back to info here and is reported by loadConfig.
const level = (LOG_LEVELS as readonly string[]).includes(process.env.LOG_LEVEL ?? '')
  ? process.env.LOG_LEVEL
  : 'info';

/** The scheduled (EventBridge) or explicit-event ingest handler. */
export const handler = createIngestHandler({
  env: process.env,
  fetch,
  // Read on use: a bad CLOCK_NOW fails the invocation with one logged line, not the module import.
  clock: () => clockFromEnv(process.env)(),
  logger: createLogger({ name: 'ingest', ...(level === undefined ? {} : { level }) }),
});
