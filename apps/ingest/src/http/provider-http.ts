import type { Logger } from '@cf/service';
import {
  errorMessage,
  IngestAbortedError,
  ProviderUnavailableError,
  RawObjectTooLargeError,
} from '../errors';
import { backoffDelayMs, isRetryableStatus, parseRetryAfterMs, type RetryPolicy } from './retry-policy';
import type { Sleep } from './sleep';
import type { TokenBucket } from './token-bucket';

/** One HTTP answer, read whole: the bytes as received and their UTF-8 text (for messages; lenient). */
export interface HttpAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly bytes: Buffer;
  readonly text: string;
}

/** What a provider makes of one answer: a value, or a failure that another attempt may or may not fix. */
export type AttemptOutcome<T> =
  | { readonly ok: true; readonly value: T }
  | {
      readonly ok: false;
      readonly retryable: boolean;
      readonly error: Error;
      readonly retryAfterMs?: number;
    };

/** One GET: `label` names it in errors and logs, so it must not hold secrets (headers may). */
export interface HttpRequestSpec {
  readonly url: URL;
  readonly label: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** The polite HTTP access a provider gets: rate-limited, timed out, retried. */
export interface ProviderHttp {
  get<T>(spec: HttpRequestSpec, interpret: (answer: HttpAnswer) => AttemptOutcome<T>): Promise<T>;
}

/** Everything {@link createProviderHttp} needs; all of it injected so tests control time and faults. */
export interface ProviderHttpOptions {
  readonly fetch: typeof fetch;
  readonly sleep: Sleep;
  readonly random: () => number;
  readonly clock: () => Date;
  readonly logger: Logger;
  readonly limiter: TokenBucket;
  readonly timeoutMs: number;
  readonly retry: RetryPolicy;
  /** Answers longer than this are not read further (they could not be stored): the shared raw size limit. */
  readonly maxBodyBytes: number;
  readonly signal?: AbortSignal;
}

/**
 * Sends GETs for one provider: each attempt waits for a rate-limit token, runs under a timeout, and is
 * retried with full-jitter backoff on transient faults only: network errors, timeouts, 429, 408 and 5xx (or
 * when the provider says its answer is worth retrying, like a rate-limit message), honouring `Retry-After`.
 * An answer longer than `maxBodyBytes` is not read further and fails at once (`RawObjectTooLargeError`). Fails with `ProviderUnavailableError` when the
 * attempts run out, with the provider's own error when it is not retryable, and with `IngestAbortedError`
 * as soon as the run's signal aborts.
 */
export function createProviderHttp(options: ProviderHttpOptions): ProviderHttp {
  const { retry, signal } = options;

  const aborted = (cause?: unknown): IngestAbortedError =>
    new IngestAbortedError(`run aborted: ${describeReason(signal?.reason ?? cause)}`, { cause });

  const waitFor = async <T>(work: Promise<T>): Promise<T> => {
    try {
      return await work;
    } catch (error) {
      if (signal?.aborted) throw aborted(error);
      throw error;
    }
  };

  async function attempt<T>(
    spec: HttpRequestSpec,
    interpret: (answer: HttpAnswer) => AttemptOutcome<T>,
  ): Promise<AttemptOutcome<T>> {
    const timeout = AbortSignal.timeout(options.timeoutMs);
    const requestSignal = signal === undefined ? timeout : AbortSignal.any([timeout, signal]);
    let answer: HttpAnswer;
    try {
      const response = await options.fetch(spec.url, {
        method: 'GET',
        headers: { accept: 'application/json', ...spec.headers },
        signal: requestSignal,
      });
      const bytes = await readBody(response, options.maxBodyBytes);
      if (bytes === undefined) {
        const error = new RawObjectTooLargeError(
          `${spec.label} answered more than ${options.maxBodyBytes} bytes, the raw object size limit ` +
            `(RAW_MAX_OBJECT_BYTES) that preprocess reads; nothing stored: ask for fewer days per page`,
        );
        return { ok: false, retryable: false, error };
      }
      answer = answerOf(response, bytes);
    } catch (error) {
      if (signal?.aborted) throw aborted(error);
      const reason = timeout.aborted
        ? `no complete answer within ${options.timeoutMs} ms`
        : `network error: ${describeNetworkError(error)}`;
      return { ok: false, retryable: true, error: new Error(reason, { cause: error }) };
    }
    if (isRetryableStatus(answer.status)) {
      const retryAfterMs = parseRetryAfterMs(answer.headers.get('retry-after'), options.clock());
      const error = new Error(`HTTP ${answer.status}: ${snippet(answer.text)}`);
      return retryAfterMs === undefined
        ? { ok: false, retryable: true, error }
        : { ok: false, retryable: true, error, retryAfterMs };
    }
    return interpret(answer);
  }

  return {
    async get<T>(spec: HttpRequestSpec, interpret: (answer: HttpAnswer) => AttemptOutcome<T>): Promise<T> {
      for (let n = 1; ; n++) {
        if (signal?.aborted) throw aborted();
        await waitFor(options.limiter.acquire(signal));
        const outcome = await attempt(spec, interpret);
        if (outcome.ok) return outcome.value;
        if (!outcome.retryable) throw outcome.error;
        if (n >= retry.maxAttempts) {
          throw new ProviderUnavailableError(
            `${spec.label} failed after ${n} attempt(s): ${outcome.error.message}`,
            { cause: outcome.error },
          );
        }
        if (outcome.retryAfterMs !== undefined && outcome.retryAfterMs > retry.maxRetryAfterMs) {
          throw new ProviderUnavailableError(
            `${spec.label} failed: the provider asks to retry after ${Math.ceil(outcome.retryAfterMs / 1000)} s, ` +
              `more than the ${retry.maxRetryAfterMs / 1000} s this run waits (${outcome.error.message})`,
            { cause: outcome.error },
          );
        }
        const delayMs = outcome.retryAfterMs ?? backoffDelayMs(retry, n, options.random);
        options.logger.warn(
          { request: spec.label, attempt: n, delayMs, reason: outcome.error.message },
          'request failed; retrying',
        );
        await waitFor(options.sleep(delayMs, signal));
      }
    },
  };
}

/** An answer whose `text` is decoded only if asked for (error messages): a page is decoded once, strictly. */
function answerOf(response: Response, bytes: Buffer): HttpAnswer {
  let text: string | undefined;
  return {
    status: response.status,
    headers: response.headers,
    bytes,
    get text() {
      text ??= bytes.toString('utf8');
      return text;
    },
  };
}

/** The whole body, or `undefined` as soon as it is known to be longer than `maxBytes` (the rest is not read). */
async function readBody(response: Response, maxBytes: number): Promise<Buffer | undefined> {
  const length = response.headers.get('content-length');
  const declared = length === null ? Number.NaN : Number(length);
  if (declared > maxBytes) {
    await response.body?.cancel();
    return undefined;
  }
  // A declared length within the limit (the usual case): read at once, one buffer, as fetch sizes it.
  if (Number.isInteger(declared) && declared >= 0) {
    const bytes = Buffer.from(await response.arrayBuffer());
    return bytes.length > maxBytes ? undefined : bytes;
  }
  if (response.body === null) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total);
}

function snippet(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat === '') return '(empty body)';
  return flat.length > 160 ? `${flat.slice(0, 160)}…` : flat;
}

/** The first 160 characters of a body on one line, for error messages. */
export const bodySnippet = snippet;

function describeNetworkError(error: unknown): string {
  const cause =
    error instanceof Error ? (error.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
  const detail = [cause?.code, cause?.message]
    .filter((part) => typeof part === 'string' && part !== '')
    .join(' ');
  return detail === '' ? errorMessage(error) : `${errorMessage(error)} (${detail})`;
}

function describeReason(reason: unknown): string {
  if (reason === undefined) return 'signal aborted';
  return errorMessage(reason);
}
