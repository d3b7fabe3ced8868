import { FEATURE_SETS } from '@cf/features';
import {
  ARCHITECTURES,
  FIT_PATH_CHOICES,
  InvalidTrainRequestError,
  resolveTrainRequest,
  type ResolvedTrainRequest,
  type TrainRequest,
} from '@cf/model';
import { InvalidHyperparameterError } from './errors';

type Kind = 'integer' | 'number' | 'symbols' | 'units' | 'choice';

/** One training hyperparameter: its `TrainRequest` field, its CLI flag / hyperparameters.json key, its type. */
export interface HyperparameterDefinition {
  readonly field: keyof TrainRequest;
  /** Flag name without dashes; also the hyperparameters.json key (`_` accepted for `-`). */
  readonly name: string;
  readonly kind: Kind;
  readonly choices?: readonly string[];
  readonly help: string;
}

/** Every hyperparameter the CLI, SageMaker's hyperparameters.json and `POST /runs` accept. */
export const HYPERPARAMETERS: readonly HyperparameterDefinition[] = [
  {
    field: 'symbols',
    name: 'symbols',
    kind: 'symbols',
    help: 'comma-separated symbols (default: every dataset found)',
  },
  {
    field: 'featureSet',
    name: 'features',
    kind: 'choice',
    choices: Object.keys(FEATURE_SETS),
    help: 'feature set (scale-free)',
  },
  {
    field: 'architecture',
    name: 'architecture',
    kind: 'choice',
    choices: ARCHITECTURES,
    help: 'model (lstm)',
  },
  { field: 'window', name: 'window', kind: 'integer', help: 'days per input window (60)' },
  {
    field: 'horizon',
    name: 'horizon',
    kind: 'integer',
    help: 'days forecast, and days between split parts (7)',
  },
  { field: 'epochs', name: 'epochs', kind: 'integer', help: 'most epochs (30)' },
  { field: 'batchSize', name: 'batch-size', kind: 'integer', help: 'minibatch size (64)' },
  { field: 'learningRate', name: 'learning-rate', kind: 'number', help: 'Adam learning rate (0.001)' },
  { field: 'patience', name: 'patience', kind: 'integer', help: 'early-stopping patience in epochs (5)' },
  { field: 'seed', name: 'seed', kind: 'integer', help: 'seed of weights and shuffles (42)' },
  {
    field: 'trainFraction',
    name: 'train-fraction',
    kind: 'number',
    help: 'share of dates for training (0.7)',
  },
  {
    field: 'validationFraction',
    name: 'validation-fraction',
    kind: 'number',
    help: 'share of dates for validation (0.15)',
  },
  { field: 'units', name: 'units', kind: 'units', help: 'comma-separated layer widths (64,32)' },
  {
    field: 'fitPath',
    name: 'fit-path',
    kind: 'choice',
    choices: FIT_PATH_CHOICES,
    help: 'trainer: auto, fast or stock (auto)',
  },
];

const BY_NAME = new Map(HYPERPARAMETERS.map((p) => [p.name, p]));
const BY_FIELD = new Map(HYPERPARAMETERS.map((p) => [p.field as string, p]));

/**
 * Turns hyperparameters written as strings (CLI flag values, SageMaker's hyperparameters.json) into a checked
 * request. `values` is keyed by name (`batch-size`; `batch_size` also accepted); `label` says how to name one
 * in messages (`--batch-size`, `hyperparameter 'batch-size'`). Unknown names, malformed and out-of-range
 * values throw `InvalidHyperparameterError` naming the parameter and the value.
 *
 * @example
 * parseHyperparameterStrings({ epochs: '10', symbols: 'BTC,ETH' }, (name) => `--${name}`);
 */
export function parseHyperparameterStrings(
  values: Readonly<Record<string, string>>,
  label: (name: string) => string,
): ResolvedTrainRequest {
  const request: Record<string, unknown> = {};
  for (const [rawName, text] of Object.entries(values)) {
    const name = rawName.replace(/_/g, '-');
    const definition = BY_NAME.get(name);
    if (definition === undefined) {
      throw new InvalidHyperparameterError(
        rawName,
        `${label(rawName)} is not a training hyperparameter; known: ${HYPERPARAMETERS.map((p) => p.name).join(', ')}`,
      );
    }
    request[definition.field] = parseValue(definition, text.trim(), label(rawName));
  }
  return resolveWithLabels(request as TrainRequest, label);
}

/**
 * Checks a request given as typed values (the `POST /runs` body), naming a bad parameter as `label` does, by
 * its hyperparameter name (`batch-size`) or, with `naming: 'field'`, by its request field (`batchSize`).
 *
 * @example
 * resolveWithLabels({ epochs: 0 }, (field) => `body.${field}`, 'field'); // throws naming body.epochs
 */
export function resolveWithLabels(
  request: TrainRequest,
  label: (name: string) => string,
  naming: 'name' | 'field' = 'name',
): ResolvedTrainRequest {
  try {
    return resolveTrainRequest(request);
  } catch (error) {
    if (!(error instanceof InvalidTrainRequestError)) throw error;
    const name = naming === 'field' ? error.field : (BY_FIELD.get(error.field)?.name ?? error.field);
    const reason = error.message.replace(/^training parameter '[^']+' /, '');
    throw new InvalidHyperparameterError(name, `${label(name)} ${reason}`, { cause: error });
  }
}

function parseValue(definition: HyperparameterDefinition, text: string, where: string): unknown {
  const bad = (expected: string) =>
    new InvalidHyperparameterError(definition.name, `${where}: '${text}' is not ${expected}`);
  switch (definition.kind) {
    case 'integer':
      if (!/^[+-]?\d+$/.test(text)) throw bad('an integer');
      return Number(text);
    case 'number': {
      const value = Number(text);
      if (text === '' || !Number.isFinite(value)) throw bad('a number');
      return value;
    }
    case 'symbols': {
      const symbols = text
        .split(',')
        .map((s) => s.trim().toUpperCase())
        .filter((s) => s !== '');
      if (symbols.length === 0) throw bad('a comma-separated list of symbols');
      return symbols;
    }
    case 'units': {
      const parts = text.split(',').map((s) => s.trim());
      if (parts.some((p) => !/^\d+$/.test(p)))
        throw bad('a comma-separated list of layer widths such as 64,32');
      return parts.map(Number);
    }
    case 'choice':
      if (!(definition.choices ?? []).includes(text))
        throw bad(`one of ${(definition.choices ?? []).join(', ')}`);
      return text;
  }
}

/** JSON schema of the `POST /runs` body: the same hyperparameters, by `TrainRequest` field, typed. */
export function trainRequestBodySchema(): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const p of HYPERPARAMETERS) {
    properties[p.field] =
      p.kind === 'integer'
        ? { type: 'integer' }
        : p.kind === 'number'
          ? { type: 'number' }
          : p.kind === 'choice'
            ? { type: 'string', enum: [...(p.choices ?? [])] }
            : p.kind === 'symbols'
              ? { type: 'array', items: { type: 'string', pattern: '^[A-Z0-9]{1,15}$' }, maxItems: 100 }
              : { type: 'array', items: { type: 'integer', minimum: 1 }, minItems: 1, maxItems: 8 };
  }
  // propertyNames rather than additionalProperties: fastify's Ajv drops unknown properties silently
  // (removeAdditional), and a misspelt hyperparameter must be refused, not ignored.
  return { type: 'object', propertyNames: { enum: Object.keys(properties) }, properties };
}
