import {
  clockFromEnv,
  createLogger,
  describeError,
  exitCodeFor,
  listen,
  onShutdownSignal,
  runCliMain,
  type Logger,
} from '@cf/service';
import { openStore } from '@cf/storage';
import { formatReport, parseCliArgs, USAGE, type CliCommand } from './cli';
import { loadConfig, runOptionsOf, type PreprocessConfig } from './config';
import { runPreprocess } from './job/run-preprocess';
import { buildServer } from './server';

// The only file that reads process.env, process.argv and calls process.exit.
// CLOCK_NOW freezes the clock for replays over past data; read on use so a bad value is reported by the
// CLI's error handling as one line.
const clock = (): Date => clockFromEnv(process.env)();

function storeOf(command: { storeUrl?: string }, config: PreprocessConfig): ReturnType<typeof openStore> {
  return openStore(command.storeUrl ?? config.storeUrl, { s3: { forcePathStyle: config.s3ForcePathStyle } });
}

async function runOnce(
  command: Extract<CliCommand, { command: 'run' }>,
  config: PreprocessConfig,
  logger: Logger,
): Promise<number> {
  const store = storeOf(command, config);
  const report = await runPreprocess(
    { store, clock, logger, ...runOptionsOf(config) },
    { full: command.full, rawKeys: command.rawKeys },
  );
  process.stdout.write(
    command.json ? `${JSON.stringify(report, null, 2)}\n` : `store: ${store.url}\n${formatReport(report)}`,
  );
  return 0;
}

async function serve(
  command: Extract<CliCommand, { command: 'serve' }>,
  config: PreprocessConfig,
): Promise<void> {
  const logger = createLogger({ name: 'preprocess', level: config.logLevel ?? 'info' });
  try {
    const store = storeOf(command, config);
    const server = buildServer({ store, clock, logger, ...runOptionsOf(config) });
    const address = await listen(server, { port: command.port ?? config.port, host: '0.0.0.0' });
    logger.info({ address, store: store.url }, 'preprocess server listening');
    onShutdownSignal({ logger, close: () => server.close() });
  } catch (error) {
    logger.error(describeError(error), 'failed to start');
    logger.flush();
    process.exit(exitCodeFor(error));
  }
}

function main(): void {
  const startupLogger = createLogger({ name: 'preprocess', level: 'warn', destination: process.stderr });
  let command: CliCommand;
  let config: PreprocessConfig;
  try {
    command = parseCliArgs(process.argv.slice(2));
    if (command.command === 'help') {
      process.stdout.write(USAGE);
      return;
    }
    config = loadConfig(process.env);
  } catch (error) {
    void runCliMain(() => Promise.reject(error), { logger: startupLogger });
    return;
  }
  if (command.command === 'serve') {
    void serve(command, config);
    return;
  }
  // CLI logs go to stderr so stdout holds only the summary.
  const logger = createLogger({
    name: 'preprocess',
    level: config.logLevel ?? 'warn',
    destination: process.stderr,
  });
  const run = command;
  void runCliMain(() => runOnce(run, config, logger), { logger });
}

main();
