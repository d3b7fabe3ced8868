import {
  recipeProblem,
  resolveTrainingParameters,
  TRAINING_PARAMETERS,
  type ModelKind,
  type ParameterSource,
  type RawParameterValue,
  type TrainingParameters,
} from '@cf/forecasting';

/**
 * Training parameters from any interface of the train app (CLI flags, SageMaker hyperparameters, a `POST /runs`
 * body), checked against the one table and the registry's kinds, every problem reported at once.
 *
 * @example
 * const params = readTrainingParameters({ epochs: '5', model: 'ridge' }, { kind: 'cli' }, kinds);
 */
export function readTrainingParameters(
  raw: Readonly<Record<string, RawParameterValue>>,
  source: ParameterSource,
  kinds: readonly ModelKind[],
): TrainingParameters {
  return resolveTrainingParameters(raw, source, { modelCheck: (model) => recipeProblem(model, kinds) });
}

/** JSON schema of the `POST /runs` body: every parameter of the table by its name, typed. */
export function trainRequestBodySchema(): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const p of TRAINING_PARAMETERS) {
    const type = p.type;
    properties[p.name] =
      type.kind === 'integer'
        ? { type: 'integer' }
        : type.kind === 'number'
          ? { type: 'number' }
          : type.kind === 'choice'
            ? { type: 'string', enum: [...type.choices] }
            : type.kind === 'model'
              ? { type: 'string' }
              : type.kind === 'symbols'
                ? { type: 'array', items: { type: 'string' }, maxItems: 100 }
                : { type: 'array', items: { type: 'integer' }, minItems: 1, maxItems: type.maxCount };
  }
  // propertyNames rather than additionalProperties: fastify's Ajv drops unknown properties silently
  // (removeAdditional), and a misspelt parameter must be refused, not ignored.
  return { type: 'object', propertyNames: { enum: Object.keys(properties) }, properties };
}
