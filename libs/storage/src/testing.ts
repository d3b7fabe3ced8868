import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { LocalObjectStore } from './local-object-store';

export { startLocalS3, type LocalS3 } from './local-s3';
export { describeObjectStoreContract, type ObjectStoreSetup } from './object-store-contract';
export {
  openProcessStore,
  startScriptProcess,
  type ProcessStoreConfig,
  type ScriptProcess,
} from './script-process';

/** A `LocalObjectStore` on a fresh temp directory; `cleanup()` removes it. */
export async function makeTempStore(): Promise<{
  store: LocalObjectStore;
  dir: string;
  cleanup(): Promise<void>;
}> {
  const dir = await mkdtemp(path.join(tmpdir(), 'cf-store-'));
  return {
    store: new LocalObjectStore(dir),
    dir,
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}
