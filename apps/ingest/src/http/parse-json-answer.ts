import { BadResponseError } from '../errors';
import { bodySnippet, type AttemptOutcome, type HttpAnswer } from './provider-http';

/** A failed attempt, whatever the value type. */
export type FailedAttempt = Extract<AttemptOutcome<never>, { ok: false }>;

/**
 * The answer's body parsed as JSON, or the failed attempt it makes. A body that is not JSON (a proxy's HTML
 * error page, a truncated transfer) is usually gone on the next attempt, so it is retryable unless the
 * status already says the request was refused.
 */
export function parseJsonAnswer(
  answer: HttpAnswer,
  label: string,
): { ok: true; body: unknown } | FailedAttempt {
  try {
    return { ok: true, body: JSON.parse(answer.text) as unknown };
  } catch (error) {
    return {
      ok: false,
      retryable: answer.status < 400,
      error: new BadResponseError(
        `${label} answered HTTP ${answer.status} with a body that is not JSON: ${bodySnippet(answer.text)}`,
        { cause: error },
      ),
    };
  }
}
