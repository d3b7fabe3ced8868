/** Every error code of the infrastructure app, with what it means (the README's table is checked against it). */
export const INFRA_ERROR_CODES = {
  INFRA_SETTINGS: 'a CDK context value (or prop) is missing or malformed; every problem is listed at once',
} as const;

/** A stable `INFRA_*` code. */
export type InfraErrorCode = keyof typeof INFRA_ERROR_CODES;

/** Base of the infrastructure app's errors: a stable `code`, a `kind`, the offending value in the message. */
export class InfraError extends Error {
  constructor(
    readonly code: InfraErrorCode,
    readonly kind: 'input' | 'internal',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The deployment settings are unusable; `problems` names every bad context key, one sentence each. */
export class SettingsError extends InfraError {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super('INFRA_SETTINGS', 'input', `Invalid deployment settings: ${problems.join('; ')}`);
    this.problems = Object.freeze([...problems]);
  }
}
