import { keyUnder, MODEL_JSON } from '../io/model-files';
import type { ModelVersionKeys } from './check-model-version';
import { METADATA_JSON, SCALER_JSON } from './model-version-files';

/** The keys of a version's model.json, scaler.json and metadata.json under `prefix`. */
export function modelVersionKeys(prefix: string): ModelVersionKeys {
  return {
    model: keyUnder(prefix, MODEL_JSON),
    scalers: keyUnder(prefix, SCALER_JSON),
    metadata: keyUnder(prefix, METADATA_JSON),
  };
}
