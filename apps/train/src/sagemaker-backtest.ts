import { InvalidParametersError, type ModelKind } from '@cf/forecasting';
import { describeError, exitCodeFor, type Logger } from '@cf/service';
import { parseBacktestArgs } from './backtest/backtest-args';
import { runBacktestCli } from './backtest/backtest-cli';
import type { TrainConfig } from './config';
import { UsageError } from './errors';
import { readHyperparameterStrings, sageMakerPaths, writeFailure } from './sagemaker';

/** The hyperparameter that turns a SageMaker training job into a backtest. */
export const MODE_HYPERPARAMETER = 'mode';

/** What the backtest mode of the SageMaker entry needs. */
export interface SageMakerBacktestDeps {
  readonly config: TrainConfig;
  readonly logger: Logger;
  readonly kinds: readonly ModelKind[];
  /** The tfjs backend's name, initialised only when a model needs it. */
  readonly backend: () => Promise<string>;
  /** Milliseconds of a monotonic clock. */
  readonly now: () => number;
  /** Aborted on SIGTERM (SageMaker's stop). */
  readonly signal?: AbortSignal;
}

/**
 * True when the job's hyperparameters.json says `mode=backtest`. An unreadable file is not a backtest: the
 * training entry then reports it in the failure file like any other bad hyperparameters.
 */
export async function isBacktestJob(smRoot: string): Promise<boolean> {
  try {
    return (
      (await readHyperparameterStrings(sageMakerPaths(smRoot).hyperparameters))[MODE_HYPERPARAMETER] ===
      'backtest'
    );
  } catch {
    return false;
  }
}

/**
 * `main.js train` with `mode=backtest`: the same walk-forward backtest as `npm run train -- backtest`, run by a
 * SageMaker training job. Every other hyperparameter is one of that command's flags without its dashes
 * (`from`, `to`, `model`, `refit-every`, `epochs`, ...). The data is the store's `processed/daily/` and the
 * report goes to its `backtests/{id}/`, so STORE_URL is required. Progress and the summary become log lines.
 * On failure the reason goes to `output/failure` and the exit code is non-zero, as for training.
 */
export async function runSageMakerBacktest(deps: SageMakerBacktestDeps): Promise<number> {
  const { config, logger } = deps;
  try {
    const values = await readHyperparameterStrings(sageMakerPaths(config.smRoot).hyperparameters);
    const flags = Object.entries(values).filter(([name]) => name !== MODE_HYPERPARAMETER);
    const refused = flags.find(([name]) => name === 'store' || name === 'help');
    if (refused !== undefined) {
      throw new InvalidParametersError(
        [`hyperparameter '${refused[0]}' is not accepted by a backtest job (the store is STORE_URL)`],
        'SageMaker hyperparameters',
      );
    }
    if (!config.storeUrlSet) {
      throw new UsageError(
        "a backtest job reads processed/daily/ from and writes backtests/{id}/ to STORE_URL: set it in the job's Environment",
      );
    }
    const command = parseBacktestArgs(
      flags.flatMap(([name, value]) => [`--${name}`, value]),
      deps.kinds,
    );
    if (command.command !== 'backtest') throw new UsageError('the backtest job needs its flags, not help');
    logger.info({ request: command.request, store: config.storeUrl }, 'SageMaker backtest started');
    return await runBacktestCli(command, {
      config,
      logger,
      out: (text) => {
        for (const line of text.split('\n').filter((l) => l.trim() !== '')) logger.info(line);
      },
      kinds: deps.kinds,
      backend: deps.backend,
      now: deps.now,
      ...(deps.signal === undefined ? {} : { signal: deps.signal }),
    });
  } catch (error) {
    const reason =
      deps.signal?.aborted === true && deps.signal.reason instanceof Error
        ? deps.signal.reason.message
        : describeError(error).message;
    logger.error({ ...describeError(error) }, 'SageMaker backtest failed');
    await writeFailure(config.smRoot, reason);
    return exitCodeFor(error);
  }
}
