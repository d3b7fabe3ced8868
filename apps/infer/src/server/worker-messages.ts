import { CfError } from '@cf/core';
import { describeError, errorKindOf, type LogLevel } from '@cf/service';
import type { InvocationAnswer, InvocationInput, InvocationSettings } from './answer-invocation';

/** What a worker thread of `/invocations` is started with (its `workerData`). */
export interface InvocationWorkerData {
  /** The model folder the worker loads (`MODEL_DIR`), as the main thread does. */
  readonly modelDir: string;
  readonly settings: InvocationSettings;
  readonly logLevel: LogLevel;
  /** The tfjs backend the worker tries first. */
  readonly tfBackend: 'wasm' | 'cpu';
}

/** An error as it crosses from a worker thread: what the endpoint needs to answer and log it. */
export interface ForwardedError {
  readonly name: string;
  readonly code?: string;
  readonly kind?: string;
  readonly message: string;
  /** The error's causes in brief (`describeError` of its `cause`), when it has one. */
  readonly causes?: string;
}

/** Main thread to worker: one request to answer. */
export interface WorkerRequest {
  readonly id: number;
  readonly input: InvocationInput;
}

/** Worker to main thread. */
export type WorkerMessage =
  | { readonly type: 'ready'; readonly modelVersion: string }
  | { readonly type: 'load-failed'; readonly error: ForwardedError }
  | { readonly type: 'answer'; readonly id: number; readonly answer: InvocationAnswer }
  | { readonly type: 'error'; readonly id: number; readonly error: ForwardedError };

/** An error as plain data (structured clone keeps neither `code` nor `kind` of an Error). */
export function forwardError(error: unknown): ForwardedError {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | undefined)?.code;
  const kind = (error as { kind?: unknown } | undefined)?.kind;
  const cause = error instanceof Error ? error.cause : undefined;
  return {
    name: error instanceof Error ? error.name : 'Error',
    ...(typeof code === 'string' ? { code } : {}),
    ...(typeof kind === 'string' ? { kind } : {}),
    message,
    ...(cause === undefined ? {} : { causes: describeError(cause).message }),
  };
}

/**
 * The error a worker reported, rebuilt on the main thread with its name, code, kind and message, so that it
 * is answered and logged exactly as if it had been thrown here. An untyped error stays untyped (a 500 that
 * hides its message from the client).
 */
export function restoreError(forwarded: ForwardedError): Error {
  const options = forwarded.causes === undefined ? undefined : { cause: new Error(forwarded.causes) };
  const error =
    forwarded.code === undefined
      ? new Error(forwarded.message, options)
      : new CfError(forwarded.code, errorKindOf(forwarded), forwarded.message, options);
  Object.defineProperty(error, 'name', { value: forwarded.name, configurable: true, writable: true });
  return error;
}
