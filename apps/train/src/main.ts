import type { ModelKind } from '@cf/forecasting';
import { lazyTensorflow, modelKinds } from '@cf/model';
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
import { parseCliArgs, runCli, usage, type CliCommand } from './cli';
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

/** The registry's kinds, with tfjs initialised on first use on the backend TF_BACKEND asks for. */
function runtimeFor(config: TrainConfig, logger: Logger) {
  const tensorflow = lazyTensorflow({
    ...(config.tfBackend === 'auto' ? {} : { prefer: config.tfBackend }),
    logger,
  });
  const kinds: readonly ModelKind[] = modelKinds(tensorflow);
  return { kinds, backend: async () => (await tensorflow()).backend };
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
      ...runtimeFor(config, logger),
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
    kinds: runtimeFor(config, logger).kinds,
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
    const { kinds } = runtimeFor(config, logger);
    const runs = new TrainingRuns({
      clock,
      logger,
      start: (parameters, hooks) =>
        runTrainJob(
          {
            kinds,
            logger,
            clock,
            onEpoch: hooks.onEpoch,
            // The held-out evaluation's fits report their epochs too, so a long run shows progress.
            onProgress: (event) => event.type === 'epoch' && hooks.onEpoch(event.epoch),
            signal: hooks.signal,
          },
          { parameters },
          { store },
        ),
    });
    const server = buildServer({ logger, store, runs, kinds });
    const address = await listen(server, { port: command.port ?? config.port, host: '0.0.0.0' });
    logger.info({ address, store: store.url }, 'train server listening');
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
    config = loadConfig(process.env);
    parsed = parseBacktestArgs(args, runtimeFor(config, startupLogger).kinds);
    if (parsed.command === 'backtest-help') {
      process.stdout.write(backtestUsage());
      return;
    }
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
  const runtime = runtimeFor(cliConfig, logger);
  void runCliMain(
    () =>
      runBacktestCli(command, {
        config: cliConfig,
        logger,
        out: (text) => void process.stdout.write(text),
        kinds: runtime.kinds,
        backend: runtime.backend,
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
    config = loadConfig(process.env);
    command = parseCliArgs(argv, runtimeFor(config, startupLogger).kinds);
    if (command.command === 'help') {
      process.stdout.write(usage());
      return;
    }
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
        kinds: runtimeFor(cliConfig, logger).kinds,
        logger,
        clock,
        out: (text) => void process.stdout.write(text),
        signal: controller.signal,
      }),
    { logger },
  );
}

main();
