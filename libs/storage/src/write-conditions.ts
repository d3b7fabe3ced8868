import { InvalidArgumentError } from './errors';
import type { WriteConditions } from './object-store';

/** The one precondition of a write, checked and normalized once for every store. */
export type WriteCondition =
  { readonly type: 'create-only' } | { readonly type: 'match'; readonly etag: string };

/**
 * Checks a write's preconditions: at most one of `ifNoneMatch` (only `'*'`, as S3 accepts) and `ifMatch`
 * (a non-empty ETag). `undefined` for an unconditional write; `InvalidArgumentError` naming the key otherwise.
 */
export function writeCondition(key: string, options: WriteConditions = {}): WriteCondition | undefined {
  const { ifNoneMatch, ifMatch } = options;
  if (ifNoneMatch !== undefined && ifMatch !== undefined) {
    throw new InvalidArgumentError(`write to '${key}' takes ifNoneMatch or ifMatch, not both`);
  }
  if (ifNoneMatch !== undefined) {
    if (ifNoneMatch !== '*') {
      throw new InvalidArgumentError(
        `write to '${key}': ifNoneMatch must be '*' (create-only, as on S3), got '${String(ifNoneMatch)}'`,
      );
    }
    return { type: 'create-only' };
  }
  if (ifMatch !== undefined) {
    if (typeof ifMatch !== 'string' || unquoted(ifMatch) === '') {
      throw new InvalidArgumentError(
        `write to '${key}': ifMatch must be a non-empty ETag, got '${String(ifMatch)}'`,
      );
    }
    return { type: 'match', etag: ifMatch };
  }
  return undefined;
}

/** The precondition as an HTTP header, for messages: `If-None-Match: *` or `If-Match: "<etag>"`. */
export function conditionHeader(condition: WriteCondition): string {
  return condition.type === 'create-only' ? 'If-None-Match: *' : `If-Match: "${unquoted(condition.etag)}"`;
}

/** Whether two ETags name the same version; quotes (S3 sends them, callers may drop them) do not count. */
export function sameEtag(a: string, b: string): boolean {
  return unquoted(a) === unquoted(b);
}

function unquoted(etag: string): string {
  const trimmed = etag.trim();
  return trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"')
    ? trimmed.slice(1, -1)
    : trimmed;
}
