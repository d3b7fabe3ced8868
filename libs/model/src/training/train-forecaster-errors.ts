import type { ModelErrorKind } from '../errors';

/**
 * Error codes of the training pipeline (datasets, request, versions), with what they mean. They carry the
 * `MODEL_` prefix of this library; they live beside `MODEL_ERROR_CODES` rather than inside it until the
 * library's catalogue adopts them.
 */
export const TRAINING_ERROR_CODES = {
  MODEL_DATASET_NOT_FOUND:
    'a requested training dataset (symbol) is not in the data source, or the source holds none',
  MODEL_INVALID_DATASET:
    'a training dataset exists but is empty, not the standard CSV schema, or breaks a series invariant',
  MODEL_INVALID_TRAIN_REQUEST: 'a training hyperparameter is missing, of the wrong type or out of range',
  MODEL_VERSION_EXISTS:
    'the model version (or output folder) to write already holds a model: versions never overwrite',
} as const;

/** A stable training error code. */
export type TrainingErrorCode = keyof typeof TRAINING_ERROR_CODES;

/** Base of the training errors: a stable `code`, a `kind`, the offending value in the message, a `cause`. */
export class TrainingError extends Error {
  constructor(
    readonly code: TrainingErrorCode,
    readonly kind: ModelErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** No dataset for a requested symbol (`key` names where it was looked for), or none at all under a prefix. */
export class DatasetNotFoundError extends TrainingError {
  constructor(
    readonly key: string,
    message: string,
  ) {
    super('MODEL_DATASET_NOT_FOUND', 'not-found', message);
  }
}

/** A dataset cannot be used for training; the message names the key and what is wrong with it. */
export class InvalidDatasetError extends TrainingError {
  constructor(
    readonly key: string,
    reason: string,
    cause?: unknown,
  ) {
    super('MODEL_INVALID_DATASET', 'input', `dataset at key '${key}' is not usable: ${reason}`, { cause });
  }
}

/** A training hyperparameter is invalid; `field` names it. */
export class InvalidTrainRequestError extends TrainingError {
  constructor(
    readonly field: string,
    reason: string,
  ) {
    super('MODEL_INVALID_TRAIN_REQUEST', 'input', `training parameter '${field}' ${reason}`);
  }
}

/** The output prefix (`models/{version}/`, or a model folder) already holds a model; `key` names what was found. */
export class ModelVersionExistsError extends TrainingError {
  constructor(
    readonly key: string,
    storeUrl: string,
    version: string,
  ) {
    super(
      'MODEL_VERSION_EXISTS',
      'conflict',
      `'${key}' already exists in ${storeUrl}: model version '${version}' was not written there, versions are never overwritten`,
    );
  }
}
