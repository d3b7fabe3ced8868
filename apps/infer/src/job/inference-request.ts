import { isValidSymbol } from '@cf/ohlcv';
import { checkName, LATEST_MODEL_VERSION } from '@cf/storage';
import { DEFAULT_OOD_LIMIT } from '@cf/model';
import { DEFAULT_SYMBOLS } from '../config';
import { InvalidInferRequestError } from '../errors';

/** What one run of the job forecasts, and under which rules. */
export interface InferenceRequest {
  /** Default: the five assets (`DEFAULT_SYMBOLS`); adapters pass `INFER_SYMBOLS`. */
  readonly symbols?: readonly string[];
  /** `latest` (the promoted model, the default) or a version under `models/`. */
  readonly modelVersion?: string;
  /** Flag latest-day features beyond this many training standard deviations. Default 4. */
  readonly oodZLimit?: number;
  /** Refuse to publish when the model's training cut-off is more than this many days before today. */
  readonly maxModelAgeDays?: number;
}

/** A request with its defaults applied and every field checked. */
export interface ResolvedInferenceRequest {
  readonly symbols: readonly string[];
  readonly modelVersion: string;
  readonly oodZLimit: number;
  readonly maxModelAgeDays?: number;
}

/** Applies the defaults and checks every field; throws `InvalidInferRequestError` naming the first bad one. */
export function resolveInferenceRequest(request: InferenceRequest): ResolvedInferenceRequest {
  const symbols = [...new Set(request.symbols ?? DEFAULT_SYMBOLS)];
  if (symbols.length === 0) throw new InvalidInferRequestError('symbols: name at least one symbol');
  const bad = symbols.filter((s) => !isValidSymbol(s));
  if (bad.length > 0)
    throw new InvalidInferRequestError(
      `symbols: ${bad.map((s) => `'${s}'`).join(', ')} not valid: expected [A-Z0-9]{1,15}`,
    );
  const modelVersion = request.modelVersion ?? LATEST_MODEL_VERSION;
  try {
    checkName(modelVersion, 'model version');
  } catch (error) {
    throw new InvalidInferRequestError(`modelVersion: ${(error as Error).message}`);
  }
  const oodZLimit = request.oodZLimit ?? DEFAULT_OOD_LIMIT;
  if (!(Number.isFinite(oodZLimit) && oodZLimit > 0)) {
    throw new InvalidInferRequestError(`oodZLimit ${oodZLimit} is not a positive number`);
  }
  const { maxModelAgeDays } = request;
  if (maxModelAgeDays !== undefined && !(Number.isSafeInteger(maxModelAgeDays) && maxModelAgeDays >= 0)) {
    throw new InvalidInferRequestError(
      `maxModelAgeDays ${maxModelAgeDays} is not a whole number of days >= 0`,
    );
  }
  return { symbols, modelVersion, oodZLimit, ...(maxModelAgeDays === undefined ? {} : { maxModelAgeDays }) };
}
