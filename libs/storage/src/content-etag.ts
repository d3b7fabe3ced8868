import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';

/**
 * The ETag of bytes in the local store: the MD5 of the content in hex, in double quotes. It is what S3
 * gives an object uploaded in one PutObject without SSE-KMS, so the same bytes carry the same ETag in both
 * stores. Derived from the content alone, it is stable across processes, restarts and copies. MD5 serves
 * only as a version tag here; integrity checks use SHA-256.
 */
export function contentEtag(bytes: Buffer): string {
  return `"${createHash('md5').update(bytes).digest('hex')}"`;
}

const CHUNK = 1 << 20;

/** {@link contentEtag} of an open file, read in chunks from its start, so large objects are not held in memory. */
export async function fileEtag(handle: FileHandle): Promise<string> {
  const hash = createHash('md5');
  const buffer = Buffer.allocUnsafe(CHUNK);
  for (let position = 0; ;) {
    const { bytesRead } = await handle.read(buffer, 0, CHUNK, position);
    if (bytesRead === 0) break;
    hash.update(buffer.subarray(0, bytesRead));
    position += bytesRead;
  }
  return `"${hash.digest('hex')}"`;
}
