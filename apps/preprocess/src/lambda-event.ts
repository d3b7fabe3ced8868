import { isS3Event, isScheduledEvent, s3ObjectKeysFromEvent } from '@cf/service';
import { assertValidKey, rawPrefix } from '@cf/storage';
import type { PreprocessRequest } from './job/run-preprocess';
import { parseRunRequest } from './run-request';

/** What a Lambda event asks of preprocess: a run, or nothing (with why). */
export type LambdaRunDecision =
  | { readonly run: true; readonly request: PreprocessRequest }
  | { readonly run: false; readonly reason: string; readonly ignoredKeys: readonly string[] };

function isValidKey(key: string): boolean {
  try {
    assertValidKey(key);
    return true;
  } catch {
    return false;
  }
}

/**
 * The run an event asks for. An S3 notification runs an incremental pass that processes at least its
 * `ObjectCreated` keys under raw/ (decoded, with the store's own key prefix removed); keys elsewhere (for
 * example preprocess's own writes to processed/, if the trigger is not filtered) are ignored so the function
 * can never trigger itself. A key that is not a valid store key (a backslash, a control character) is ignored
 * too rather than failing the invocation: the run lists it anyway and quarantines it unread. A scheduled event runs an incremental pass; any other event is read as a run
 * request `{ full?, rawKeys? }` (direct invocation) and refused with the bad field named.
 */
export function decideLambdaRun(event: unknown, storeKeyPrefix: string): LambdaRunDecision {
  if (isS3Event(event)) {
    const root = storeKeyPrefix === '' ? '' : `${storeKeyPrefix}/`;
    const keys = s3ObjectKeysFromEvent(event);
    const wanted = (key: string): boolean =>
      key.startsWith(root + rawPrefix()) && isValidKey(key.slice(root.length));
    const rawKeys = keys.filter(wanted).map((key) => key.slice(root.length));
    const ignoredKeys = keys.filter((key) => !wanted(key));
    if (rawKeys.length === 0) {
      return {
        run: false,
        reason: `no valid ObjectCreated key under ${root}${rawPrefix()} in the S3 event`,
        ignoredKeys,
      };
    }
    return { run: true, request: { rawKeys: [...new Set(rawKeys)] } };
  }
  if (isScheduledEvent(event)) return { run: true, request: {} };
  return { run: true, request: parseRunRequest(event) };
}
