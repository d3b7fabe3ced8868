import { clockFromEnv, createLogger, LOG_LEVELS, listen, onShutdownSignal, runCliMain } from '@cf/service';
import { openStore } from '@cf/storage';
import { runCli } from './cli';
import { loadConfig } from './config';
import { buildServer } from './server';

// The CLI and server entry (dist/apps/ingest/main.js): `serve` starts the HTTP service, anything else is
// the CLI (`daily`, `backfill`). The only file that touches process.env, process.argv and process.exit.
const argv = process.argv.slice(2);
const envLevel = process.env.LOG_LEVEL;
const level = (fallback: string): string =>
  envLevel !== undefined && (LOG_LEVELS as readonly string[]).includes(envLevel) ? envLevel : fallback;

if (argv[0] === 'serve') {
  const logger = createLogger({ name: 'ingest', level: level('info') });
  void runCliMain(
    async () => {
      const config = loadConfig(process.env);
      const store = openStore(config.storeUrl, { s3: { forcePathStyle: config.s3ForcePathStyle } });
      const server = buildServer({ store, fetch, clock: clockFromEnv(process.env), logger, config });
      const address = await listen(server, { port: config.port, host: '0.0.0.0' });
      logger.info({ address, store: store.url }, 'ingest server listening');
      onShutdownSignal({ logger, close: () => server.close() });
      // Keep running until a signal: runCliMain exits only when this promise settles.
      return new Promise<number>(() => undefined);
    },
    { logger },
  );
} else {
  // The CLI's stdout is the summary; logs (warnings and above unless LOG_LEVEL says otherwise) go to stderr.
  const logger = createLogger({ name: 'ingest', level: level('warn'), destination: process.stderr });
  const controller = new AbortController();
  let signals = 0;
  const stop = (signal: NodeJS.Signals): void => {
    signals++;
    if (signals > 1) process.exit(130);
    process.stderr.write(`\n${signal}: stopping after the requests in flight (again to quit now)\n`);
    controller.abort(new Error(`${signal} received`));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  void runCliMain(
    () =>
      runCli(argv, {
        env: process.env,
        fetch,
        clock: clockFromEnv(process.env),
        logger,
        stdout: process.stdout,
        stderr: process.stderr,
        signal: controller.signal,
      }),
    { logger },
  );
}
