import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { ModelKind, TrainingParameters } from '@cf/forecasting';
import { DatasetNotFoundError } from '@cf/model';
import { describeError, exitCodeFor, type Logger } from '@cf/service';
import { LocalObjectStore } from '@cf/storage';
import { InvalidHyperparametersFileError } from './errors';
import { readTrainingParameters } from './parameters';
import { checkPublishTarget, publishModelVersion, type PublishTarget } from './sagemaker-publish';
import { runTrainJob } from './train-job';

/** The files of the SageMaker training-container contract under its root (`/opt/ml`). */
export interface SageMakerPaths {
  readonly hyperparameters: string;
  /** The `train` channel: `symbol=BTC/ohlcv.csv` (or the store's processed layout). */
  readonly data: string;
  /** Where the model files go; SageMaker uploads the folder as model.tar.gz. */
  readonly model: string;
  /** Written on failure; SageMaker shows its text as the job's FailureReason. */
  readonly failure: string;
}

/** The contract's paths under `smRoot`. */
export function sageMakerPaths(smRoot: string): SageMakerPaths {
  return {
    hyperparameters: path.join(smRoot, 'input', 'config', 'hyperparameters.json'),
    data: path.join(smRoot, 'input', 'data', 'train'),
    model: path.join(smRoot, 'model'),
    failure: path.join(smRoot, 'output', 'failure'),
  };
}

/** What the SageMaker entry needs. */
export interface SageMakerDeps {
  readonly smRoot: string;
  readonly logger: Logger;
  readonly clock: () => Date;
  readonly kinds: readonly ModelKind[];
  /** Aborted on SIGTERM (SageMaker's stop); its reason's message becomes the failure text. */
  readonly signal?: AbortSignal;
  /**
   * Where to publish the trained version too: `() => publishTargetOf(config)` (undefined when STORE_URL is
   * unset). Called inside the entry so a bad STORE_URL ends in the failure file like any other error.
   */
  readonly publish?: () => PublishTarget | undefined;
}

/**
 * `main.js train`: reads the hyperparameters (the one parameter table's names), trains on the `train` channel
 * and writes the version's files and metadata.json straight into the model folder. With a `publish` target (STORE_URL set) it
 * checks the store is reachable before training and afterwards publishes the version to its
 * `models/{version}/` (never overwriting one) and, for a named run, `models/{runId}/published-version.json`.
 * On any failure (bad hyperparameters, missing data, a stop by SIGTERM, publishing) writes the reason to
 * `output/failure` and returns a non-zero exit code.
 */
export async function runSageMakerTraining(deps: SageMakerDeps): Promise<number> {
  const { logger, signal } = deps;
  const paths = sageMakerPaths(deps.smRoot);
  try {
    const parameters = await readHyperparameters(paths.hyperparameters, deps.kinds);
    if (!(await isFolder(paths.data))) {
      throw new DatasetNotFoundError(
        paths.data,
        `the training channel folder ${paths.data} does not exist: give the job a 'train' input channel`,
      );
    }
    const publish = deps.publish?.();
    if (publish !== undefined) await checkPublishTarget(publish);
    logger.info(
      {
        parameters,
        paths,
        publishTo: publish === undefined ? null : publish.store.url,
        runId: publish?.runId ?? null,
      },
      'SageMaker training started',
    );
    const result = await runTrainJob(
      {
        kinds: deps.kinds,
        logger,
        clock: deps.clock,
        onEpoch: (e) => logger.info(e, 'epoch'),
        onProgress: (e) => {
          if (e.type === 'epoch')
            logger.info({ ...e.epoch, evaluation: { model: e.model, cutoff: e.cutoff } }, 'epoch');
          if (e.type === 'refit')
            logger.info({ model: e.model, cutoff: e.cutoff, refit: e.refit }, 'evaluation refit');
        },
        ...(signal === undefined ? {} : { signal }),
      },
      { parameters },
      { dataDir: paths.data, modelDir: paths.model },
    );
    logger.info(
      {
        version: result.version,
        model: paths.model,
        evaluation: result.metadata.evaluation.models.map((m) => ({
          role: m.role,
          ratio: m.scores.overall.ratio,
        })),
      },
      'SageMaker training done',
    );
    if (publish !== undefined) {
      const published = await publishModelVersion(new LocalObjectStore(paths.model), publish, deps.clock);
      logger.info(
        { version: published.version, location: published.location, record: published.record ?? null },
        'model version published to the store (not promoted)',
      );
    }
    return 0;
  } catch (error) {
    const reason = signal?.aborted === true ? abortReason(signal) : describeError(error).message;
    logger.error({ ...describeError(error), failure: paths.failure }, 'SageMaker training failed');
    await writeFailure(deps.smRoot, reason);
    return exitCodeFor(error);
  }
}

/** Writes `reason` to `{smRoot}/output/failure` (creating the folder). */
export async function writeFailure(smRoot: string, reason: string): Promise<void> {
  const file = sageMakerPaths(smRoot).failure;
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${reason}\n`, 'utf8');
}

/**
 * Reads hyperparameters.json: a JSON object whose values are all strings (SageMaker's contract). A value that
 * is itself a JSON string literal (`"\"BTC,ETH\""`, as the SageMaker Python SDK's framework estimators write)
 * is unwrapped. A missing file means no hyperparameters (the defaults).
 */
export async function readHyperparameters(
  file: string,
  kinds: readonly ModelKind[],
): Promise<TrainingParameters> {
  return readTrainingParameters(await readHyperparameterStrings(file), { kind: 'sagemaker' }, kinds);
}

/** The string values of hyperparameters.json (unwrapped as above); `{}` when the file is missing. */
export async function readHyperparameterStrings(file: string): Promise<Record<string, string>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new InvalidHyperparametersFileError(file, `cannot be read: ${(error as Error).message}`, {
      cause: error,
    });
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new InvalidHyperparametersFileError(file, `is not valid JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new InvalidHyperparametersFileError(file, 'must hold a JSON object of string values');
  }
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(doc)) {
    if (typeof value !== 'string') {
      throw new InvalidHyperparametersFileError(
        file,
        `has '${key}': ${JSON.stringify(value)}, but every value must be a string`,
      );
    }
    // The SageMaker Python SDK writes snake_case keys; the table's SageMaker names are kebab-case.
    values[key.replace(/_/g, '-')] = unwrapJsonString(value);
  }
  return values;
}

function unwrapJsonString(value: string): string {
  if (value.length < 2 || !value.startsWith('"') || !value.endsWith('"')) return value;
  try {
    const inner: unknown = JSON.parse(value);
    return typeof inner === 'string' ? inner : value;
  } catch {
    return value;
  }
}

function abortReason(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason.message : String(reason);
}

async function isFolder(dir: string): Promise<boolean> {
  try {
    return (await stat(dir)).isDirectory();
  } catch {
    return false;
  }
}
