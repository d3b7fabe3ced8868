import { CfError } from '@cf/core';

/** Every stable error code of `@cf/networks`, with what it means (the README's table is checked against it). */
export const NETWORKS_ERROR_CODES = {
  MODEL_NETWORK_CORRUPT:
    'the model.json or weights.bin of a network version cannot be parsed or do not match each other',
} as const;

/** A stable code of this library. */
export type NetworksErrorCode = keyof typeof NETWORKS_ERROR_CODES;

/** Base of this library's errors. */
export class NetworksError extends CfError<NetworksErrorCode> {}

/** A network file is unreadable; `file` names it. */
export class NetworkCorruptError extends NetworksError {
  constructor(
    readonly file: string,
    reason: string,
    cause?: unknown,
  ) {
    super('MODEL_NETWORK_CORRUPT', 'input', `network file ${file} is corrupt: ${reason}`, { cause });
  }
}
