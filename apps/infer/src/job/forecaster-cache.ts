import type * as tfTypes from '@tensorflow/tfjs';
import { loadForecaster, type Forecaster } from '@cf/model';
import type { ObjectStore } from '@cf/storage';

/**
 * The process-wide cache of loaded model versions, one per store prefix (`models/latest/`,
 * `models/{version}/`). A warm Lambda container keeps its model between invocations; the job re-reads
 * `metadata.json` on every run and passes the version it found, so a promotion (a new version under
 * `models/latest/`) is picked up on the next run while an unchanged version is never loaded twice.
 */
export interface ForecasterCache {
  /**
   * The forecaster under `prefix`: the cached one when its version is `version`, else freshly loaded (the
   * replaced one is disposed). Concurrent calls for the same prefix and version share one load.
   */
  obtain(tf: typeof tfTypes, store: ObjectStore, prefix: string, version: string): Promise<Forecaster>;
  /** Disposes every cached forecaster. */
  clear(): void;
}

interface Entry {
  readonly version: string;
  readonly storeUrl: string;
  readonly loading: Promise<Forecaster>;
}

/**
 * A new, empty cache; create one per process (module scope of `lambda.ts`) and pass it to every run.
 *
 * @example
 * const forecasterCache = createForecasterCache();
 * await runInference({ store, clock, logger, tf, forecasterCache }, {});
 */
export function createForecasterCache(): ForecasterCache {
  const entries = new Map<string, Entry>();

  const dispose = (entry: Entry): void => {
    entry.loading.then(
      (forecaster) => forecaster.dispose(),
      () => undefined,
    );
  };

  return {
    obtain(tf, store, prefix, version) {
      const cached = entries.get(prefix);
      if (cached !== undefined && cached.version === version && cached.storeUrl === store.url)
        return cached.loading;
      const loading = loadForecaster(tf, store, prefix);
      // The version that was actually loaded (a promotion may land between reading metadata.json and loading).
      const entry: Entry = { version, storeUrl: store.url, loading };
      entries.set(prefix, entry);
      if (cached !== undefined) dispose(cached);
      loading.then(
        (forecaster) => {
          if (forecaster.metadata.version !== version && entries.get(prefix) === entry) {
            entries.set(prefix, { ...entry, version: forecaster.metadata.version });
          }
        },
        () => {
          if (entries.get(prefix) === entry) entries.delete(prefix);
        },
      );
      return loading;
    },
    clear() {
      for (const entry of entries.values()) dispose(entry);
      entries.clear();
    },
  };
}
