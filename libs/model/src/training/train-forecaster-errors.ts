// The training pipeline's errors live in the library's one catalogue (`../errors`); this module keeps the
// names importable from their former place.
export {
  DatasetNotFoundError,
  InvalidDatasetError,
  InvalidTrainRequestError,
  ModelVersionExistsError,
  TRAINING_ERROR_CODES,
  TrainingError,
  type TrainingErrorCode,
} from '../errors';
