import { InvalidModelInputError } from '@cf/fast-rnn';

/** The model families `buildForecastModel` knows. */
export type ArchitectureName = 'lstm' | 'gru' | 'dense';

/** Every architecture name, for validating configuration. */
export const ARCHITECTURES: readonly ArchitectureName[] = ['lstm', 'gru', 'dense'];

/** Recurrent (or, for `dense`, hidden) layer widths when a spec does not say. */
export const DEFAULT_UNITS: readonly number[] = [64, 32];

/** Width of the dense layer after the recurrent stack when a spec does not say. */
export const DEFAULT_DENSE_UNITS = 64;

/** What to build: a window of `featureCount` features over `window` days in, `horizon` values out. */
export interface ModelSpec {
  readonly architecture: ArchitectureName;
  readonly window: number;
  readonly featureCount: number;
  readonly horizon: number;
  /** Recurrent layer widths (lstm, gru), or hidden layer widths of the MLP (dense). Default [64, 32]. */
  readonly units?: readonly number[];
  /** Width of the relu layer after the recurrent stack (lstm, gru). Default 64. */
  readonly denseUnits?: number;
  readonly learningRate: number;
  /** Seeds every initializer: the same seed on the same backend gives the same initial weights. */
  readonly seed: number;
}

/** True when `value` names an architecture. */
export function isArchitectureName(value: string): value is ArchitectureName {
  return (ARCHITECTURES as readonly string[]).includes(value);
}

/** Throws `InvalidModelInputError` naming the first bad field of `spec`. */
export function assertValidSpec(spec: ModelSpec): void {
  if (!isArchitectureName(spec.architecture)) {
    throw new InvalidModelInputError(
      `model spec: architecture '${String(spec.architecture)}' is not one of ${ARCHITECTURES.join(', ')}`,
    );
  }
  for (const field of ['window', 'featureCount', 'horizon'] as const) {
    assertPositiveInteger(field, spec[field]);
  }
  const units = spec.units ?? DEFAULT_UNITS;
  if (units.length === 0)
    throw new InvalidModelInputError('model spec: units must name at least one layer width');
  units.forEach((u, i) => assertPositiveInteger(`units[${i}]`, u));
  if (spec.denseUnits !== undefined) assertPositiveInteger('denseUnits', spec.denseUnits);
  if (!Number.isFinite(spec.learningRate) || spec.learningRate <= 0) {
    throw new InvalidModelInputError(
      `model spec: learningRate ${spec.learningRate} is not a positive number`,
    );
  }
  if (!Number.isSafeInteger(spec.seed))
    throw new InvalidModelInputError(`model spec: seed ${spec.seed} is not an integer`);
}

function assertPositiveInteger(field: string, value: number): void {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new InvalidModelInputError(`model spec: ${field} ${value} is not a positive integer`);
  }
}
