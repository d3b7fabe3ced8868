/** `scaler.json`: the feature and target scalers of a model version (`@cf/features` `serializeScalers`). */
export const SCALER_JSON = 'scaler.json';

/** `metadata.json`: the `ModelMetadata` of a version, written last so its presence means "complete". */
export const METADATA_JSON = 'metadata.json';
