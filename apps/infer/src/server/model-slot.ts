import type { Forecaster } from '@cf/model';
import { describeError } from '@cf/service';
import { ModelLoadingError } from '../errors';

/**
 * The endpoint's model: empty while it loads (so `/ping` answers 503 and `/invocations` 503 with the reason),
 * then the loaded forecaster, or the load failure's reason.
 */
export interface ModelSlot {
  /** The loaded forecaster, or `undefined` while loading or after a failed load. */
  current(): Forecaster | undefined;
  /** The loaded forecaster; throws `ModelLoadingError` (503) saying why there is none. */
  require(): Forecaster;
  set(forecaster: Forecaster): void;
  fail(error: unknown): void;
}

/** An empty slot; `source` names where the model comes from, for messages (e.g. the model folder). */
export function createModelSlot(source: string): ModelSlot {
  let forecaster: Forecaster | undefined;
  let failure: string | undefined;
  return {
    current: () => forecaster,
    require() {
      if (forecaster !== undefined) return forecaster;
      throw new ModelLoadingError(
        failure === undefined ? `still loading from ${source}` : `loading from ${source} failed: ${failure}`,
      );
    },
    set(loaded) {
      forecaster = loaded;
      failure = undefined;
    },
    fail(error) {
      failure = describeError(error).message;
    },
  };
}
