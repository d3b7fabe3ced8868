import { CfError } from '@cf/core';

/** Every stable error code of `@cf/model`, with what it means (the README's table is checked against it). */
export const MODEL_ERROR_CODES = {
  MODEL_NOT_FOUND: 'a model version (its metadata.json or one of its files) is missing from the store',
  MODEL_CORRUPT:
    "a stored model file exists but cannot be read, or its bytes do not match metadata.json's sha256",
  MODEL_INVALID_METADATA: 'metadata.json lacks a field the reader needs, or the field has the wrong type',
  MODEL_INSUFFICIENT_DATA: 'too few consecutive candles before an origin for the model to forecast',
  MODEL_NON_FINITE_FORECAST:
    "an asset's candles lead the model to a forecast that is not a finite positive price (extreme or degenerate input)",
  MODEL_VERSION_CHANGED: 'a model version was rewritten while it was being read, several times in a row',
  MODEL_DATASET_NOT_FOUND:
    'a requested training dataset (symbol) is not in the data source, or the source holds none',
  MODEL_INVALID_DATASET:
    'a training dataset exists but is empty, not the standard CSV schema, or breaks a series invariant',
  MODEL_VERSION_EXISTS:
    'the model version (or output folder) to write already holds a model: versions never overwrite',
} as const;

/** A stable `MODEL_*` code. */
export type ModelErrorCode = keyof typeof MODEL_ERROR_CODES;

/** Base of every `@cf/model` error: a stable `code`, a `kind`, the offending value in the message, a `cause`. */
export class ModelError extends CfError<ModelErrorCode> {}

/** A model version or one of its files is missing; `key` names it. */
export class ModelNotFoundError extends ModelError {
  constructor(
    readonly key: string,
    what = 'model file',
  ) {
    super('MODEL_NOT_FOUND', 'not-found', `${what} not found at key '${key}'`);
  }
}

/** A stored model file cannot be used; `key` names it. */
export class ModelCorruptError extends ModelError {
  constructor(
    readonly key: string,
    reason: string,
    cause?: unknown,
  ) {
    super('MODEL_CORRUPT', 'input', `model file at key '${key}' is corrupt: ${reason}`, { cause });
  }
}

/** `metadata.json` lacks a needed field or has it with the wrong type. */
export class InvalidModelMetadataError extends ModelError {
  constructor(
    readonly key: string,
    readonly field: string,
    reason: string,
  ) {
    super('MODEL_INVALID_METADATA', 'input', `metadata at key '${key}': field '${field}' ${reason}`);
  }
}

/** Too few consecutive candles before an origin. */
export class InsufficientDataError extends ModelError {
  constructor(
    readonly needed: number,
    readonly available: number,
    detail: string,
  ) {
    super('MODEL_INSUFFICIENT_DATA', 'input', `${detail}: need at least ${needed} rows, got ${available}`);
  }
}

/** The model's forecast for an asset is not finite (its input is extreme); names the asset and the day. */
export class NonFiniteForecastError extends ModelError {
  constructor(
    readonly symbol: string,
    detail: string,
  ) {
    super('MODEL_NON_FINITE_FORECAST', 'input', `${symbol}: ${detail}`);
  }
}

/** A model version kept changing under a reader (a promotion or a re-run writing it at the same moment). */
export class ModelVersionChangedError extends ModelError {
  constructor(
    readonly prefix: string,
    attempts: number,
  ) {
    super(
      'MODEL_VERSION_CHANGED',
      'conflict',
      `model version at '${prefix}' changed while being read (${attempts} attempts)`,
    );
  }
}

/** No dataset for a requested symbol (`key` names where it was looked for), or none at all under a prefix. */
export class DatasetNotFoundError extends ModelError {
  constructor(
    readonly key: string,
    message: string,
  ) {
    super('MODEL_DATASET_NOT_FOUND', 'not-found', message);
  }
}

/** A dataset cannot be used for training; the message names the key and what is wrong with it. */
export class InvalidDatasetError extends ModelError {
  constructor(
    readonly key: string,
    reason: string,
    cause?: unknown,
  ) {
    super('MODEL_INVALID_DATASET', 'input', `dataset at key '${key}' is not usable: ${reason}`, { cause });
  }
}

/** The output prefix (`models/{version}/`, or a model folder) already holds a model; `key` names what was found. */
export class ModelVersionExistsError extends ModelError {
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
