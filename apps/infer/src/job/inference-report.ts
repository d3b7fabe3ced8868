import type { CfError } from '@cf/core';
import { InsufficientDataError } from '@cf/model';
import type { Forecast } from '@cf/ohlcv';

/** A requested symbol that got no forecast, and why (`predictions/latest/missing_symbols.json`). */
export interface MissingSymbol {
  readonly symbol: string;
  /** Stable code: `INFER_NO_DATASET`, `INFER_INVALID_DATASET`, `MODEL_INSUFFICIENT_DATA`, `INFER_ENDPOINT_REJECTED`... */
  readonly code: string;
  readonly reason: string;
  /** For too few rows: the rows the model needs and the rows available. */
  readonly needed?: number;
  readonly available?: number;
}

/** What a run of the job did. */
export interface InferenceReport {
  /** `in-process` (the model runs in this process) or `remote` (a SageMaker endpoint). */
  readonly mode: 'in-process' | 'remote';
  readonly endpointName?: string;
  readonly modelVersion: string;
  /** The model's recipe. */
  readonly model: string;
  readonly modelTrainedThrough: string;
  /** The published forecasts, by symbol. */
  readonly forecasts: readonly Forecast[];
  readonly missing: readonly MissingSymbol[];
  /** Store keys written (their bytes changed), left as they were (same bytes), and deleted. */
  readonly written: readonly string[];
  readonly unchanged: readonly string[];
  readonly deleted: readonly string[];
}

/** The missing-symbol record of an asset the model refused (too few rows: with what it needs and has). */
export function missingFromError(symbol: string, error: CfError): MissingSymbol {
  return {
    symbol,
    code: error.code,
    reason: error.message,
    ...(error instanceof InsufficientDataError ? { needed: error.needed, available: error.available } : {}),
  };
}
