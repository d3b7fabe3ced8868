import type * as tf from '@tensorflow/tfjs';
import type { ModelScalers } from '@cf/features';
import { InvalidModelMetadataError, ModelCorruptError } from '../errors';
import type { ModelMetadata } from '../metadata';

/** Where the three parts of a version live, for error messages. */
export interface ModelVersionKeys {
  readonly model: string;
  readonly scalers: string;
  readonly metadata: string;
}

/**
 * Throws unless metadata, scalers and model describe the same forecaster: same feature set and feature
 * names, window and horizon, and a model taking `[window, features]` and giving `horizon` values.
 */
export function checkModelVersion(
  model: tf.LayersModel,
  scalers: ModelScalers,
  metadata: ModelMetadata,
  keys: ModelVersionKeys,
): void {
  const disagree = (field: string, ours: unknown, theirs: unknown) =>
    new InvalidModelMetadataError(
      keys.metadata,
      field,
      `is ${JSON.stringify(ours)} but ${keys.scalers} says ${JSON.stringify(theirs)}`,
    );
  if (metadata.featureSet !== scalers.featureSet)
    throw disagree('featureSet', metadata.featureSet, scalers.featureSet);
  if (metadata.window !== scalers.window) throw disagree('window', metadata.window, scalers.window);
  if (metadata.horizon !== scalers.horizon) throw disagree('horizon', metadata.horizon, scalers.horizon);
  const names = scalers.features.names;
  if (metadata.features.length !== names.length || metadata.features.some((f, i) => f !== names[i])) {
    throw disagree('features', metadata.features, names);
  }
  const input = model.inputs[0]?.shape;
  const output = model.outputs[0]?.shape;
  const fits =
    model.inputs.length === 1 &&
    model.outputs.length === 1 &&
    input?.length === 3 &&
    input[1] === metadata.window &&
    input[2] === names.length &&
    output?.length === 2 &&
    output[1] === metadata.horizon;
  if (!fits) {
    throw new ModelCorruptError(
      keys.model,
      `the model takes ${JSON.stringify(input)} and gives ${JSON.stringify(output)}, but ${keys.metadata} says window ` +
        `${metadata.window} x ${names.length} features and horizon ${metadata.horizon}`,
    );
  }
}
