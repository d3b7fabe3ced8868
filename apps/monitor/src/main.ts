// CLI and server entry: `node main.js <command>` (see cli.ts) or `node main.js serve`.
import pino from 'pino';
import { clockFromEnv, createLogger, listen, LOG_LEVELS, onShutdownSignal, runCliMain } from '@cf/service';
import { openStore } from '@cf/storage';
import { parseCliArgs, runCli } from './cli';
import { loadConfig } from './config';
import { createMonitorDeps } from './deps';
import { buildServer } from './server';

const argv = process.argv.slice(2);
const serving = argv[0] === 'serve';
const level = process.env.LOG_LEVEL;
// A command's output goes to stdout; its log lines go to stderr. A server logs to stdout.
const logger = createLogger({
  name: 'monitor',
  level: LOG_LEVELS.some((l) => l === level) ? level : 'info',
  ...(serving ? {} : { destination: pino.destination({ dest: 2, sync: true }) }),
});

async function serve(): Promise<number> {
  const config = loadConfig(process.env);
  const { values } = parseCliArgs(argv);
  const store =
    values.store === undefined
      ? undefined
      : openStore(values.store, { s3: { forcePathStyle: config.s3ForcePathStyle } });
  const clock = clockFromEnv(process.env);
  const server = buildServer(createMonitorDeps(config, logger, { clock, ...(store ? { store } : {}) }));
  const address = await listen(server, { port: config.port, host: config.host });
  logger.info({ address, store: store?.url ?? config.storeUrl }, 'monitor listening');
  onShutdownSignal({ logger, close: () => server.close() });
  return new Promise<number>(() => undefined);
}

void runCliMain(
  () =>
    serving
      ? serve()
      : runCli(argv, {
          config: loadConfig(process.env),
          logger,
          clock: clockFromEnv(process.env),
          out: (line) => process.stdout.write(`${line}\n`),
        }),
  { logger },
);
