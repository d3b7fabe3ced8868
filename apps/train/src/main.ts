import { initTfBackend, type TfBackendInfo } from '@cf/model';
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
import { backtestUsage, parseBacktestArgs } from './backtest/backtest-args';
import { runBacktestCli } from './backtest/backtest-cli';
import { parseCliArgs, runCli, USAGE, type CliCommand } from './cli';
import { loadConfig, type TrainConfig } from './config';
import { runSageMakerTraining, writeFailure } from './sagemaker';
import { isBacktestJob, runSageMakerBacktest } from './sagemaker-backtest';
import { publishTargetOf } from './sagemaker-publish';
import { buildServer } from './server';
import { runTrainJob } from './train-job';
import { TrainingRuns } from './training-runs';

// The only file that reads process.env, process.argv and calls process.exit.
// CLOCK_NOW freezes the clock for replays over past data; read on use so a bad value is reported as one line.
const clock = (): Date => clockFromEnv(process.env)();
const DEFAULT_SM_ROOT = '/opt/ml';

function backendFor(config: TrainConfig, logger: Logger): () => Promise<TfBackendInfo> {
  return () =>
    initTfBackend({ ...(config.tfBackend === 'auto' ? {} : { prefer: config.tfBackend }), logger });
}

/** Aborts `controller` on SIGTERM/SIGINT with `stopped by SIGNAL` as the reason. */
function abortOnSignals(controller: AbortController, logger: Logger): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.warn({ signal }, 'stopping the training after the running batch');
      controller.abort(new Error(`stopped by ${signal}`));
    });
  }
}

async function trainOnSageMaker(config: TrainConfig): Promise<void> {
  const logger = createLogger({ name: 'train', level: config.logLevel ?? 'info' });
  const controller = new AbortController();
  abortOnSignals(controller, logger);
  if (await isBacktestJob(config.smRoot)) {
    const backtestCode = await runSageMakerBacktest({
      config,
      logger,
      initBackend: backendFor(config, logger),
      now: () => performance.now(),
      signal: controller.signal,
    });
    logger.flush();
    process.exit(backtestCode);
  }
  const code = await runSageMakerTraining({
    smRoot: config.smRoot,
    logger,
    clock,
    initBackend: backendFor(config, logger),
    signal: controller.signal,
    // With STORE_URL set (the monitor sets it on the jobs it starts), the version is also published there.
    publish: () => publishTargetOf(config),
  });
  logger.flush();
  process.exit(code);
}

async function serve(command: Extract<CliCommand, { command: 'serve' }>, config: TrainConfig): Promise<void> {
  const logger = createLogger({ name: 'train', level: config.logLevel ?? 'info' });
  try {
    const store = openStore(command.storeUrl ?? config.storeUrl, {
      s3: { forcePathStyle: config.s3ForcePathStyle },
    });
    const { tf, name } = await backendFor(config, logger)();
    const runs = new TrainingRuns({
      clock,
      logger,
      start: (request, hooks) =>
        runTrainJob({ tf, backend: name, logger, clock, ...hooks }, request, { store }),
    });
    const server = buildServer({ logger, store, runs });
    const address = await listen(server, { port: command.port ?? config.port, host: '0.0.0.0' });
    logger.info({ address, store: store.url, backend: name }, 'train server listening');
    onShutdownSignal({ logger, close: () => server.close() });
  } catch (error) {
    logger.error(describeError(error), 'failed to start');
    logger.flush();
    process.exit(exitCodeFor(error));
  }
}

/** `npm run train -- backtest ...`: a walk-forward backtest, with its own flags, printed to stdout. */
function backtest(args: readonly string[]): void {
  const startupLogger = createLogger({ name: 'train', level: 'warn', destination: process.stderr });
  let parsed: ReturnType<typeof parseBacktestArgs>;
  let config: TrainConfig;
  try {
    parsed = parseBacktestArgs(args);
    if (parsed.command === 'backtest-help') {
      process.stdout.write(backtestUsage());
      return;
    }
    config = loadConfig(process.env);
  } catch (error) {
    void runCliMain(() => Promise.reject(error), { logger: startupLogger });
    return;
  }
  const command = parsed;
  const cliConfig = config;
  const logger = createLogger({
    name: 'train',
    level: cliConfig.logLevel ?? 'warn',
    destination: process.stderr,
  });
  const controller = new AbortController();
  abortOnSignals(controller, logger);
  void runCliMain(
    () =>
      runBacktestCli(command, {
        config: cliConfig,
        logger,
        out: (text) => void process.stdout.write(text),
        initBackend: backendFor(cliConfig, logger),
        now: () => performance.now(),
        signal: controller.signal,
      }),
    { logger },
  );
}

function main(): void {
  const argv = process.argv.slice(2);
  if (argv[0] === 'backtest') {
    backtest(argv.slice(1));
    return;
  }
  const startupLogger = createLogger({ name: 'train', level: 'warn', destination: process.stderr });
  let command: CliCommand;
  let config: TrainConfig;
  try {
    command = parseCliArgs(argv);
    if (command.command === 'help') {
      process.stdout.write(USAGE);
      return;
    }
    config = loadConfig(process.env);
  } catch (error) {
    // SageMaker reads the reason of a failed start from the failure file too.
    const failure =
      argv[0] === 'train'
        ? writeFailure(process.env['SM_ROOT'] || DEFAULT_SM_ROOT, describeError(error).message)
        : Promise.resolve();
    void failure.finally(() => runCliMain(() => Promise.reject(error), { logger: startupLogger }));
    return;
  }
  if (command.command === 'train') {
    void trainOnSageMaker(config);
    return;
  }
  if (command.command === 'serve') {
    void serve(command, config);
    return;
  }
  // CLI logs go to stderr so stdout holds only the progress lines and the report.
  const logger = createLogger({
    name: 'train',
    level: config.logLevel ?? 'warn',
    destination: process.stderr,
  });
  const controller = new AbortController();
  abortOnSignals(controller, logger);
  const run = command;
  const cliConfig = config;
  void runCliMain(
    () =>
      runCli(run, {
        config: cliConfig,
        logger,
        clock,
        out: (text) => void process.stdout.write(text),
        initBackend: backendFor(cliConfig, logger),
        signal: controller.signal,
      }),
    { logger },
  );
}

main();
