import { CfError } from '@cf/core';

export type { ErrorKind } from '@cf/core';

/** Base of every `@cf/service` error: a stable `code`, a `kind`, the offending value in the message, a `cause`. */
export class ServiceError extends CfError<string> {}

/** The environment is not a usable configuration; `problems` lists every bad variable, one sentence each. */
export class ConfigError extends ServiceError {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super('SERVICE_CONFIG', 'input', `Invalid configuration: ${problems.join('; ')}`);
    this.problems = Object.freeze([...problems]);
  }
}

/** The service is already doing this work (a job is running); try again later. */
export class BusyError extends ServiceError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('SERVICE_BUSY', 'conflict', message, options);
  }
}

/** A readiness check did not answer in time. */
export class ReadinessTimeoutError extends ServiceError {
  constructor(check: string, timeoutMs: number) {
    super(
      'SERVICE_READINESS_TIMEOUT',
      'unavailable',
      `readiness check '${check}' timed out after ${timeoutMs} ms`,
    );
  }
}

/** Tests found no headless browser to drive, or could not unpack or start the one they chose. */
export class TestBrowserError extends ServiceError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('SERVICE_TEST_BROWSER_UNAVAILABLE', 'unavailable', message, options);
  }
}
