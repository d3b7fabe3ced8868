import { createHash } from 'node:crypto';
import { parseProviderJson, type RawEnvelope } from '@cf/ohlcv';
import type { QuarantineReason } from './raw-problem';

/** A body ready for its source's parser (parsed JSON, or CSV text), or why the object cannot be used. */
export type DecodedBody =
  | { readonly ok: true; readonly body: unknown }
  | { readonly ok: false; readonly reason: QuarantineReason; readonly detail: string };

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function mismatch(what: string, actual: string, recorded: string, hint = ''): DecodedBody {
  return {
    ok: false,
    reason: 'sha256-mismatch',
    detail: `${what} hashes to ${actual}, but the envelope records bodySha256 ${recorded}: the body changed after it was fetched${hint}`,
  };
}

/**
 * Checks a well-formed envelope's body against its `bodySha256` and decodes it; a body that does not match is
 * `sha256-mismatch`, never used. A text body (schemaVersion 2, and CSV in version 1) must hash exactly to
 * `bodySha256`; JSON text is then read with `parseProviderJson` (a byte-order mark and bare `NaN` tokens are
 * tolerated, anything else that is not JSON is `invalid-json`). A version 1 JSON body was stored parsed, so
 * its compact JSON must reproduce the bytes received: the providers send compact JSON, so an untouched object
 * does, and one that does not is refused with a hint to re-ingest its days.
 */
export function decodeRawBody(envelope: RawEnvelope): DecodedBody {
  const json = envelope.source !== 'csv';
  if (envelope.schemaVersion === 1 && json) {
    const actual = sha256(JSON.stringify(envelope.body) ?? '');
    if (actual === envelope.bodySha256) return { ok: true, body: envelope.body };
    return mismatch(
      "the body's compact JSON",
      actual,
      envelope.bodySha256,
      ' (schemaVersion 1 stored the body parsed: if the provider did not send compact JSON, re-ingest these days so that ingest stores the text as received)',
    );
  }
  if (typeof envelope.body !== 'string') {
    return {
      ok: false,
      reason: 'bad-body-shape',
      detail: `body is not the response text: expected a string, got ${Array.isArray(envelope.body) ? 'an array' : typeof envelope.body}`,
    };
  }
  const actual = sha256(envelope.body);
  if (actual !== envelope.bodySha256) return mismatch('the body', actual, envelope.bodySha256);
  if (!json) return { ok: true, body: envelope.body };
  const parsed = parseProviderJson(envelope.body);
  if (!parsed.ok) return { ok: false, reason: 'invalid-json', detail: `body is not JSON: ${parsed.detail}` };
  return { ok: true, body: parsed.value };
}
