import { isUtf8 } from 'node:buffer';
import { parseProviderJson } from '@cf/ohlcv';
import { BadResponseError } from '../errors';
import { bodySnippet, type AttemptOutcome, type HttpAnswer } from './provider-http';

/** A failed attempt, whatever the value type. */
export type FailedAttempt = Extract<AttemptOutcome<never>, { ok: false }>;

/** A JSON answer: the parsed body and the text exactly as received (byte-order mark included). */
export interface JsonAnswer {
  readonly ok: true;
  readonly body: unknown;
  readonly text: string;
}

/**
 * The answer's body parsed as a provider's JSON (`parseProviderJson` of `@cf/ohlcv`: a byte-order mark and
 * bare `NaN` tokens are tolerated, so one bad cell is a malformed row rather than a lost page), or the failed
 * attempt it makes. A body that is not UTF-8 or not JSON (a proxy's HTML page, a truncated answer) is not a
 * transient fault: retrying would fetch the same thing, so it fails at once and says why.
 */
export function parseJsonAnswer(answer: HttpAnswer, label: string): JsonAnswer | FailedAttempt {
  const refuse = (why: string, cause?: unknown): FailedAttempt => ({
    ok: false,
    retryable: false,
    error: new BadResponseError(
      `${label} answered HTTP ${answer.status} with a body that is not JSON (${why}): ${bodySnippet(answer.text)}`,
      { cause },
    ),
  });
  // Bytes that are not UTF-8 are not JSON (RFC 8259), and would not hash the same once stored as text.
  if (!isUtf8(answer.bytes)) return refuse('not UTF-8');
  // Valid UTF-8 decodes to a text whose UTF-8 bytes are the bytes received, byte-order mark included.
  const text = answer.bytes.toString('utf8');
  const parsed = parseProviderJson(text);
  if (!parsed.ok) return refuse(parsed.detail);
  return { ok: true, body: parsed.value, text };
}
