import { isValidSymbol } from '@cf/ohlcv';
import { InvalidParametersError } from '../errors';
import {
  DEFAULT_TRAINING_PARAMETERS,
  envSuffix,
  kebabName,
  TRAINING_PARAMETERS,
  type ParameterDefinition,
  type TrainingParameters,
} from './training-parameters';

/**
 * Where values come from, which decides how a parameter is named in messages: `cli` (`--batch-size`), `env`
 * (`{prefix}BATCH_SIZE`), `http` (`batchSize`), `sagemaker` (`batch-size`).
 */
export type ParameterSource =
  | { readonly kind: 'cli' }
  | { readonly kind: 'env'; readonly prefix: string }
  | { readonly kind: 'http' }
  | { readonly kind: 'sagemaker' };

/** A raw value: strings from argv, the environment and SageMaker; JSON values from an HTTP body. */
export type RawParameterValue = string | number | boolean | readonly (string | number)[] | null | undefined;

/** The name a source uses for a parameter. */
export function parameterLabel(name: string, source: ParameterSource): string {
  switch (source.kind) {
    case 'cli':
      return `--${kebabName(name)}`;
    case 'env':
      return `${source.prefix}${envSuffix(name)}`;
    case 'http':
      return name;
    case 'sagemaker':
      return kebabName(name);
  }
}

/**
 * Reads parameters given by their source's names (`{ 'batch-size': '32' }` from SageMaker, `{ batchSize: 32 }`
 * from HTTP) over `base` (the table's defaults unless given), checking every value against the table and
 * reporting every problem at once (`InvalidParametersError`). Unknown names are problems too. `model` is checked
 * for its syntax only; `modelCheck` may check it further (the registry knows the kinds).
 *
 * @example
 * resolveTrainingParameters({ 'batch-size': '32', epochs: '5' }, { kind: 'sagemaker' });
 */
export function resolveTrainingParameters(
  raw: Readonly<Record<string, RawParameterValue>>,
  source: ParameterSource,
  options: {
    readonly base?: TrainingParameters;
    readonly modelCheck?: (model: string) => string | undefined;
  } = {},
): TrainingParameters {
  const problems: string[] = [];
  const values: Record<string, unknown> = { ...(options.base ?? DEFAULT_TRAINING_PARAMETERS) };
  // In the table's order, so that the same problems always read the same whatever order they were given in.
  for (const definition of TRAINING_PARAMETERS) {
    const value = raw[labelKey(definition.name, source)];
    if (value === undefined) continue;
    const parsed = parseValue(definition, value, parameterLabel(definition.name, source));
    if (typeof parsed === 'string') problems.push(parsed);
    else values[definition.name] = parsed.value;
  }
  const known = new Set(TRAINING_PARAMETERS.map((p) => labelKey(p.name, source)));
  for (const key of Object.keys(raw)) {
    if (!known.has(key) && raw[key] !== undefined) problems.push(`unknown parameter '${key}'`);
  }
  const model = values.model as string;
  const modelProblem = options.modelCheck?.(model);
  if (modelProblem !== undefined) problems.push(`${parameterLabel('model', source)} ${modelProblem}`);
  if (problems.length > 0) throw new InvalidParametersError(problems, sourceWords(source));
  return Object.freeze(values) as unknown as TrainingParameters;
}

/** Parameters as SageMaker hyperparameters (string values, kebab-case keys); defaults are left out. */
export function formatSageMakerHyperparameters(params: TrainingParameters): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of TRAINING_PARAMETERS) {
    const value = params[p.name];
    if (value === undefined || sameValue(value, p.default)) continue;
    out[kebabName(p.name)] = Array.isArray(value) ? value.join(',') : String(value);
  }
  return out;
}

/** The subset of `params` a kind reads, for metadata and records (plain JSON). */
export function parametersUsedBy(
  params: TrainingParameters,
  kinds: readonly string[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of TRAINING_PARAMETERS) {
    if (p.usedBy !== 'all' && !p.usedBy.some((k) => kinds.includes(k))) continue;
    const value = params[p.name];
    if (value !== undefined) out[p.name] = value;
  }
  return out;
}

/** Help lines for a CLI: `--batch-size N  windows per gradient step (default 64)`. */
export function formatParameterHelp(names?: readonly string[]): string {
  const rows = TRAINING_PARAMETERS.filter((p) => names === undefined || names.includes(p.name)).map((p) => {
    const flag = `--${kebabName(p.name)} ${placeholder(p)}`;
    const def =
      p.default === undefined
        ? ''
        : ` (default ${Array.isArray(p.default) ? p.default.join(',') || 'all' : String(p.default)})`;
    const used = p.usedBy === 'all' ? '' : ` [${p.usedBy.join(', ')}]`;
    return `  ${flag.padEnd(30)} ${p.help}${def}${used}`;
  });
  return rows.join('\n');
}

function placeholder(p: ParameterDefinition): string {
  switch (p.type.kind) {
    case 'integer':
      return 'N';
    case 'number':
      return 'X';
    case 'choice':
      return p.type.choices.join('|');
    case 'integers':
      return 'N,N';
    case 'symbols':
      return 'SYM,SYM';
    case 'model':
      return 'NAME';
  }
}

function labelKey(name: string, source: ParameterSource): string {
  return source.kind === 'cli' ? kebabName(name) : parameterLabel(name, source);
}

function sourceWords(source: ParameterSource): string {
  switch (source.kind) {
    case 'cli':
      return 'command line';
    case 'env':
      return `environment ${source.prefix}*`;
    case 'http':
      return 'request body';
    case 'sagemaker':
      return 'SageMaker hyperparameters';
  }
}

function parseValue(
  p: ParameterDefinition,
  raw: RawParameterValue,
  label: string,
): { value: unknown } | string {
  const shown = JSON.stringify(raw);
  const type = p.type;
  switch (type.kind) {
    case 'integer':
    case 'number': {
      const n = toNumber(raw);
      const inRange =
        n !== undefined &&
        (type.kind === 'number' || Number.isSafeInteger(n)) &&
        (type.kind === 'number' && type.exclusiveMin === true ? n > type.min : n >= type.min) &&
        n <= type.max;
      if (!inRange) {
        const what =
          type.kind === 'integer'
            ? `an integer from ${type.min} to ${type.max}`
            : `a number in ${type.kind === 'number' && type.exclusiveMin === true ? '(' : '['}${type.min}, ${type.max}]`;
        return `${label} must be ${what}, got ${shown}`;
      }
      return { value: n };
    }
    case 'choice': {
      if (typeof raw !== 'string' || !type.choices.includes(raw)) {
        return `${label} must be one of ${type.choices.join(', ')}, got ${shown}`;
      }
      return { value: raw };
    }
    case 'integers': {
      const items = listOf(raw);
      const numbers = items?.map(toNumber);
      const ok =
        numbers !== undefined &&
        numbers.length > 0 &&
        numbers.length <= type.maxCount &&
        numbers.every((n) => n !== undefined && Number.isSafeInteger(n) && n >= type.min && n <= type.max);
      if (!ok) {
        return `${label} must list 1 to ${type.maxCount} integers from ${type.min} to ${type.max}, got ${shown}`;
      }
      return { value: Object.freeze(numbers as number[]) };
    }
    case 'symbols': {
      const items = listOf(raw);
      if (items === undefined) return `${label} must be a comma-separated list of symbols, got ${shown}`;
      const symbols = [...new Set(items.map((s) => String(s).trim()).filter((s) => s !== ''))].sort();
      const bad = symbols.find((s) => !isValidSymbol(s));
      if (bad !== undefined) return `${label} has '${bad}', which is not a symbol [A-Z0-9]{1,15}`;
      return { value: Object.freeze(symbols) };
    }
    case 'model': {
      if (typeof raw !== 'string' || !/^[a-z][a-z0-9-]*(\/[a-z0-9-]+)?(\+[a-z][a-z0-9-]*)?$/.test(raw)) {
        return `${label} must be a model name POINT[+SCALE] such as lstm/scale-free or persistence+garch, got ${shown}`;
      }
      return { value: raw };
    }
  }
}

function toNumber(raw: RawParameterValue): number | undefined {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : undefined;
  if (typeof raw !== 'string' || raw.trim() === '') return undefined;
  const n = Number(raw);
  return Number.isFinite(n) ? n : undefined;
}

function listOf(raw: RawParameterValue): readonly (string | number)[] | undefined {
  if (Array.isArray(raw)) return raw as readonly (string | number)[];
  if (typeof raw === 'string') return raw === '' ? [] : raw.split(',').map((s) => s.trim());
  if (typeof raw === 'number') return [raw];
  return undefined;
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
