import { createHash } from 'node:crypto';

/** sha256 (hex) of bytes or UTF-8 text. */
export function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}
