import { loadVersionForecaster, type LoadedModelVersion } from '@cf/model';
import type { ModelKind } from '@cf/forecasting';
import type { ObjectStore } from '@cf/storage';

/**
 * The process-wide cache of loaded model versions, one per store prefix (`models/latest/`,
 * `models/{version}/`). A warm Lambda container keeps its model between invocations; the job re-reads
 * `metadata.json` on every run and passes the version it found, so a promotion (a new version under
 * `models/latest/`) is picked up on the next run while an unchanged version is never loaded twice.
 */
export interface VersionCache {
  /**
   * The version under `prefix`: the cached one when its version is `version`, else freshly loaded through the
   * registry (the replaced one is disposed). Concurrent calls for the same prefix and version share one load.
   */
  obtain(
    store: ObjectStore,
    prefix: string,
    version: string,
    kinds: readonly ModelKind[],
  ): Promise<LoadedModelVersion>;
  /** Disposes every cached version. */
  clear(): void;
}

interface Entry {
  readonly version: string;
  readonly storeUrl: string;
  readonly loading: Promise<LoadedModelVersion>;
}

/**
 * A new, empty cache; create one per process (module scope of `lambda.ts`) and pass it to every run.
 *
 * @example
 * const versionCache = createVersionCache();
 * await runInference({ store, clock, logger, kinds, versionCache }, {});
 */
export function createVersionCache(): VersionCache {
  const entries = new Map<string, Entry>();

  const dispose = (entry: Entry): void => {
    entry.loading.then(
      (loaded) => loaded.forecaster.dispose(),
      () => undefined,
    );
  };

  return {
    obtain(store, prefix, version, kinds) {
      const cached = entries.get(prefix);
      if (cached !== undefined && cached.version === version && cached.storeUrl === store.url)
        return cached.loading;
      const loading = loadVersionForecaster(store, prefix, kinds);
      const entry: Entry = { version, storeUrl: store.url, loading };
      entries.set(prefix, entry);
      if (cached !== undefined) dispose(cached);
      loading.then(
        (loaded) => {
          // The version actually loaded (a promotion may land between reading metadata.json and loading).
          if (loaded.metadata.version !== version && entries.get(prefix) === entry) {
            entries.set(prefix, { ...entry, version: loaded.metadata.version });
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
