import { InvalidRunRequestError } from './errors';
import type { PreprocessRequest } from './job/run-preprocess';

/** Largest number of raw keys one request may name. */
export const MAX_REQUEST_RAW_KEYS = 1000;

/** Longest raw key a request may name (the store's key limit). */
export const MAX_REQUEST_KEY_LENGTH = 1024;

/**
 * JSON schema of a run request (`POST /runs` body, direct Lambda invocation): `{ full?: boolean,
 * rawKeys?: string[] }`, nothing else. {@link parseRunRequest} enforces exactly this schema, strictly: no
 * type coercion, and an unknown (misspelt) field is refused rather than dropped.
 */
export const RUN_REQUEST_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    full: { type: 'boolean' },
    rawKeys: {
      type: 'array',
      maxItems: MAX_REQUEST_RAW_KEYS,
      items: { type: 'string', pattern: '^raw/', maxLength: MAX_REQUEST_KEY_LENGTH },
    },
  },
} as const;

/**
 * Checks a run request given as plain JSON against {@link RUN_REQUEST_SCHEMA} (an absent body is `{}`);
 * throws `InvalidRunRequestError` naming the first bad field.
 */
export function parseRunRequest(value: unknown): PreprocessRequest {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new InvalidRunRequestError(`run request must be a JSON object, got ${JSON.stringify(value)}`);
  }
  const record = value as Record<string, unknown>;
  const unknown = Object.keys(record).filter((name) => name !== 'full' && name !== 'rawKeys');
  if (unknown.length > 0) {
    throw new InvalidRunRequestError(
      `run request has an unknown field '${unknown[0]}' (allowed: full, rawKeys)`,
    );
  }
  const request: { full?: boolean; rawKeys?: string[] } = {};
  if (record['full'] !== undefined) {
    if (typeof record['full'] !== 'boolean') {
      throw new InvalidRunRequestError(
        `run request field 'full' must be true or false, got ${JSON.stringify(record['full'])}`,
      );
    }
    request.full = record['full'];
  }
  const keys = record['rawKeys'];
  if (keys !== undefined) {
    if (!Array.isArray(keys) || keys.length > MAX_REQUEST_RAW_KEYS) {
      throw new InvalidRunRequestError(
        `run request field 'rawKeys' must be an array of at most ${MAX_REQUEST_RAW_KEYS} keys`,
      );
    }
    keys.forEach((key: unknown, index) => {
      if (typeof key !== 'string' || !key.startsWith('raw/') || key.length > MAX_REQUEST_KEY_LENGTH) {
        throw new InvalidRunRequestError(
          `run request field 'rawKeys[${index}]' must be a key under raw/ of at most ${MAX_REQUEST_KEY_LENGTH} characters, got ${JSON.stringify(key)}`,
        );
      }
    });
    request.rawKeys = keys as string[];
  }
  return request;
}
