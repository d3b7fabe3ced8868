import type { LoadedModelVersion } from '@cf/model';
import { describeError } from '@cf/service';
import { ModelLoadingError } from '../errors';

/**
 * The endpoint's model: empty while it loads (so `/ping` answers 503 and `/invocations` 503 with the reason),
 * then the loaded version, or the load failure's reason.
 */
export interface ModelSlot {
  /** The loaded version, or `undefined` while loading or after a failed load. */
  current(): LoadedModelVersion | undefined;
  /** The loaded version; throws `ModelLoadingError` (503) saying why there is none. */
  require(): LoadedModelVersion;
  set(loaded: LoadedModelVersion): void;
  fail(error: unknown): void;
}

/** An empty slot; `source` names where the model comes from, for messages (e.g. the model folder). */
export function createModelSlot(source: string): ModelSlot {
  let loaded: LoadedModelVersion | undefined;
  let failure: string | undefined;
  return {
    current: () => loaded,
    require() {
      if (loaded !== undefined) return loaded;
      throw new ModelLoadingError(
        failure === undefined ? `still loading from ${source}` : `loading from ${source} failed: ${failure}`,
      );
    },
    set(version) {
      loaded = version;
      failure = undefined;
    },
    fail(error) {
      failure = describeError(error).message;
    },
  };
}
