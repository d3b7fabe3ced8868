import { describeError } from './error-mapping';
import type { Logger } from './logger';

/** The part of the Lambda context object the handlers use (no dependency on `@types/aws-lambda`). */
export interface LambdaContext {
  readonly awsRequestId: string;
  readonly functionName: string;
  getRemainingTimeInMillis?(): number;
}

/** Options of `createLambdaHandler`. */
export interface LambdaHandlerOptions<Deps, Event, Result> {
  /** Function name for logs. */
  readonly name: string;
  /** Builds the dependencies once per container (cold start); retried on the next invocation if it fails. */
  readonly init: () => Promise<Deps>;
  /** Handles one invocation, usually by calling the job with `deps`. */
  readonly handle: (deps: Deps, event: Event, context: LambdaContext) => Promise<Result>;
  readonly logger: Logger;
}

/**
 * Wraps a job as a Lambda handler: `init` runs once per container (its promise is cached, but a failed
 * init is not, so the next invocation retries it), every invocation logs its request id, and a failure
 * is logged once with `describeError` and rethrown so Lambda marks the invocation failed.
 *
 * @example
 * export const handler = createLambdaHandler({
 *   name: 'ingest', logger,
 *   init: async () => ({ store: openStore(config.storeUrl) }),
 *   handle: (deps, event) => runIngest(deps, requestFrom(event)),
 * });
 */
export function createLambdaHandler<Deps, Event, Result>(
  options: LambdaHandlerOptions<Deps, Event, Result>,
): (event: Event, context: LambdaContext) => Promise<Result> {
  let deps: Promise<Deps> | undefined;
  let coldStart = true;

  const initOnce = (): Promise<Deps> => {
    if (deps === undefined) {
      const attempt = options.init();
      deps = attempt;
      attempt.catch(() => {
        if (deps === attempt) deps = undefined;
      });
    }
    return deps;
  };

  return async (event, context) => {
    const log = options.logger.child({ function: options.name, requestId: context.awsRequestId });
    const started = performance.now();
    log.info({ coldStart }, 'invocation started');
    coldStart = false;
    try {
      const result = await options.handle(await initOnce(), event, context);
      log.info({ ms: Math.round(performance.now() - started) }, 'invocation succeeded');
      return result;
    } catch (error) {
      log.error(
        { ...describeError(error), ms: Math.round(performance.now() - started) },
        'invocation failed',
      );
      throw error;
    }
  };
}

/** An EventBridge scheduled event (a cron or rate rule). */
export interface ScheduledEvent {
  readonly source: 'aws.events';
  readonly 'detail-type': 'Scheduled Event';
  readonly time: string;
  readonly resources?: readonly string[];
  readonly id?: string;
  readonly account?: string;
  readonly region?: string;
}

/** One record of an S3 event notification. */
export interface S3EventRecord {
  readonly eventSource: string;
  readonly eventName: string;
  readonly eventTime?: string;
  readonly s3: {
    readonly bucket: { readonly name: string };
    /** URL-encoded, with spaces as `+`, exactly as S3 sends it. */
    readonly object: { readonly key: string; readonly size?: number };
  };
}

/** An S3 event notification (`s3:ObjectCreated:*` and others). */
export interface S3Event {
  readonly Records: readonly S3EventRecord[];
}

/** True for EventBridge scheduled events (`source: 'aws.events'`, `detail-type: 'Scheduled Event'`). */
export function isScheduledEvent(event: unknown): event is ScheduledEvent {
  if (typeof event !== 'object' || event === null) return false;
  const record = event as Record<string, unknown>;
  return record.source === 'aws.events' && record['detail-type'] === 'Scheduled Event';
}

/** True for an S3 event notification (has `Records` from `aws:s3`). */
export function isS3Event(event: unknown): event is S3Event {
  if (typeof event !== 'object' || event === null) return false;
  const records = (event as { Records?: unknown }).Records;
  return (
    Array.isArray(records) &&
    records.length > 0 &&
    records.every(
      (r) => typeof r === 'object' && r !== null && (r as { eventSource?: unknown }).eventSource === 'aws:s3',
    )
  );
}

/**
 * The object keys of the `ObjectCreated` records of an S3 notification, decoded (`+` is a space,
 * `%3D` is `=`), in record order; other records and non-S3 events give none.
 */
export function s3ObjectKeysFromEvent(event: unknown): string[] {
  if (!isS3Event(event)) return [];
  return event.Records.filter((record) => record.eventName.startsWith('ObjectCreated:')).map((record) =>
    decodeURIComponent(record.s3.object.key.replace(/\+/g, ' ')),
  );
}
