import { clockFromEnv, createLogger, LOG_LEVELS, runCliMain } from '@cf/service';
import { runCli } from './cli';
import { loadConfig } from './config';
import { createVersionCache } from './job/version-cache';
import { startServe } from './server/start-serve';

// The only file that reads process.env, process.argv and exits (docs/CONVENTIONS.md).
const argv = process.argv.slice(2);
const serving = argv[0] === 'serve';
const rawLevel = process.env.LOG_LEVEL?.trim() ?? '';
// An invalid LOG_LEVEL is reported by loadConfig with every other problem; the logger must exist to say so.
const level = (LOG_LEVELS as readonly string[]).includes(rawLevel) ? rawLevel : serving ? 'info' : 'warn';
// The server logs JSON lines to stdout; the CLI keeps stdout for its table and logs warnings to stderr.
const logger = createLogger({
  name: 'infer',
  level,
  ...(serving ? {} : { destination: process.stderr }),
});

void runCliMain(
  async () => {
    const config = loadConfig(process.env);
    // CLOCK_NOW freezes the clock for replays over past data.
    const clock = clockFromEnv(process.env);
    if (serving) return startServe(config, logger, clock);
    return runCli(argv, {
      config,
      logger,
      clock,
      versionCache: createVersionCache(),
      print: (text) => process.stdout.write(text),
    });
  },
  { logger },
);
