import { CfError } from '@cf/core';

/** Every error code of the monitor, with what it means (the README's table is checked against it). */
export const MONITOR_ERROR_CODES = {
  MONITOR_INVALID_ARGUMENT: 'a command-line argument or job request is malformed (a day, a range, a version)',
  MONITOR_NOT_OBSERVED: 'a day to evaluate has no actual close yet in any processed dataset',
  MONITOR_INVALID_DATASET: 'a processed dataset in the store cannot be read as candles',
  MONITOR_MODEL_NOT_FOUND:
    'a model version named for promotion has no complete metadata.json, or a completed SageMaker job published no complete version',
  MONITOR_NOTHING_TO_ROLL_BACK: 'rollback found no earlier promoted version in the promotion records',
  MONITOR_CYCLE_FAILED: 'a step of the scheduled daily cycle failed (the others still ran); the log names it',
  MONITOR_SAGEMAKER_FAILED:
    'SageMaker refused CreateTrainingJob or failed DescribeTrainingJob; in a run record, the job failed or stopped',
  MONITOR_ALERT_DELIVERY_FAILED:
    'alerts written to the store could not be delivered to SNS or the webhook (retried on the next run)',
} as const;

/** A stable `MONITOR_*` code. */
export type MonitorErrorCode = keyof typeof MONITOR_ERROR_CODES;

/** Base of every monitor error: a stable `code`, a `kind`, the offending value in the message, a `cause`. */
export class MonitorError extends CfError<MonitorErrorCode> {}

/** A request or argument is malformed; the message names it. */
export class InvalidArgumentError extends MonitorError {
  constructor(message: string) {
    super('MONITOR_INVALID_ARGUMENT', 'input', message);
  }
}

/** A channel (SNS, the webhook) did not accept the day's alerts; they are in the store all the same. */
export class AlertDeliveryError extends MonitorError {
  constructor(
    readonly channel: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super('MONITOR_ALERT_DELIVERY_FAILED', 'unavailable', message, options);
  }
}
