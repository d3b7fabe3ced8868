import type { ErrorKind } from './errors';

// The one place where errors become HTTP statuses and exit codes (docs/CONVENTIONS.md, "Errors").
const KINDS: Readonly<Record<ErrorKind, { status: number; exitCode: number }>> = {
  input: { status: 400, exitCode: 2 },
  'not-found': { status: 404, exitCode: 3 },
  conflict: { status: 409, exitCode: 4 },
  unavailable: { status: 503, exitCode: 5 },
  internal: { status: 500, exitCode: 1 },
};

const MAX_CAUSES = 3;
const MAX_PART_LENGTH = 300;

/** The `kind` of any thrown value: its own `kind` when it has a known one, `input` for request validation errors, else `internal`. */
export function errorKindOf(error: unknown): ErrorKind {
  const kind = field(error, 'kind');
  if (typeof kind === 'string' && kind in KINDS) return kind as ErrorKind;
  if (isValidationError(error)) return 'input';
  return 'internal';
}

/** HTTP status for a thrown value: input 400, not-found 404, conflict 409, unavailable 503, else 500 (fastify's own 4xx errors keep their status). */
export function httpStatusFor(error: unknown): number {
  const kind = errorKindOf(error);
  if (kind !== 'internal') return KINDS[kind].status;
  const status = field(error, 'statusCode');
  const code = field(error, 'code');
  // Fastify's own client errors (bad JSON 400, body too large 413, unsupported media type 415) keep their status.
  if (
    typeof status === 'number' &&
    status >= 400 &&
    status < 500 &&
    typeof code === 'string' &&
    code.startsWith('FST_')
  ) {
    return status;
  }
  return 500;
}

/** Process exit code for a thrown value: input 2, not-found 3, conflict 4, unavailable 5, else 1. */
export function exitCodeFor(error: unknown): number {
  return KINDS[errorKindOf(error)].exitCode;
}

/** One-line summary of a thrown value for logs and responses: its code, kind and message with causes in brief. */
export function describeError(error: unknown): { code: string; kind: string; message: string } {
  const parts = [oneLine(messageOf(error))];
  let cause = field(error, 'cause');
  for (let depth = 0; cause !== undefined && depth < MAX_CAUSES; depth++) {
    const part = oneLine(messageOf(cause));
    // Wrappers often quote their cause's message already; say it once.
    if (!parts[parts.length - 1].includes(part)) parts.push(part);
    cause = field(cause, 'cause');
  }
  return { code: codeOf(error), kind: errorKindOf(error), message: parts.join(': caused by: ') };
}

/** True for fastify/ajv request validation errors (`error.validation` set or code `FST_ERR_VALIDATION`). */
export function isValidationError(error: unknown): boolean {
  return Array.isArray(field(error, 'validation')) || field(error, 'code') === 'FST_ERR_VALIDATION';
}

function codeOf(error: unknown): string {
  if (isValidationError(error)) return 'SERVICE_INVALID_REQUEST';
  const code = field(error, 'code');
  if (typeof code === 'string' && code !== '') return code;
  return 'INTERNAL';
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message === '' ? error.name : `${error.message}`;
  const message = field(error, 'message');
  if (typeof message === 'string') return message;
  try {
    return typeof error === 'string' ? error : (JSON.stringify(error) ?? String(error));
  } catch {
    return String(error);
  }
}

function oneLine(text: string): string {
  const flat = text.replace(/\s*\n\s*/g, ' ').trim();
  return flat.length > MAX_PART_LENGTH ? `${flat.slice(0, MAX_PART_LENGTH - 1)}…` : flat;
}

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}
