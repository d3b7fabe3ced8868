import { open } from 'node:fs/promises';
import { fileEtag } from './content-etag';
import { PreconditionFailedError } from './errors';
import { isMissing } from './fs-errors';
import { conditionHeader, sameEtag, type WriteCondition } from './write-conditions';

/**
 * Checks a write's precondition against the object file now at `target`, hashing it for `ifMatch`; throws
 * `PreconditionFailedError` when it does not hold. The caller holds the key's lock, so nothing changes the
 * file between this check and the caller's rename.
 */
export async function checkLocalCondition(
  key: string,
  target: string,
  condition: WriteCondition,
): Promise<void> {
  const header = conditionHeader(condition);
  let current: string | undefined;
  try {
    const handle = await open(target, 'r');
    try {
      // A directory at the key is no object; the rename reports it as a key conflict.
      if ((await handle.stat()).isFile()) current = await fileEtag(handle);
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (!isMissing(error)) throw error;
  }
  if (condition.type === 'create-only') {
    if (current !== undefined) throw new PreconditionFailedError(key, 'exists', header);
    return;
  }
  if (current === undefined) throw new PreconditionFailedError(key, 'missing', header);
  if (!sameEtag(current, condition.etag)) throw new PreconditionFailedError(key, 'changed', header);
}
