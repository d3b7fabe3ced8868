import type { RawSource } from '@cf/ohlcv';
import { createLambdaHandler, isScheduledEvent, type LambdaContext, type Logger } from '@cf/service';
import { openStore, type ObjectStore } from '@cf/storage';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { withApiKeyFromSecret } from './api-key-secret';
import { loadConfig, type IngestConfig } from './config';
import { InvalidIngestRequestError } from './errors';
import type { Sleep } from './http/sleep';
import type { IngestReport } from './job/ingest-report';
import type { IngestMode, IngestRequest } from './job/ingest-request';
import { runFailureOf } from './job/run-failure';
import { runIngest } from './job/run-ingest';

/** An explicit invocation: `{ "mode": "backfill", "source": "binance", "symbols": ["BTC"], "from": "2020-01-01" }`. */
export interface IngestLambdaEvent {
  readonly mode: IngestMode;
  readonly source?: RawSource;
  readonly symbols?: readonly string[];
  readonly from?: string;
  readonly to?: string;
}

/** What the handler needs; `lambda.ts` passes the real ones. */
export interface IngestLambdaDeps {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly fetch: typeof fetch;
  readonly clock: () => Date;
  readonly logger: Logger;
  readonly sleep?: Sleep;
  readonly random?: () => number;
  /** Reads CRYPTOCOMPARE_API_KEY_SECRET; default a client with the SDK's own settings. */
  readonly secretsManager?: () => SecretsManagerClient;
}

/** Time left for the run to stop cleanly and report before Lambda's own timeout kills it. */
const DEADLINE_MARGIN_MS = 10_000;
const EVENT_FIELDS = new Set(['mode', 'source', 'symbols', 'from', 'to']);

/**
 * The Lambda handler: an EventBridge scheduled event runs `daily` with the configured source and symbols;
 * an explicit `{ mode, source?, symbols?, from?, to? }` event runs that. Returns the run report; a run with
 * a failed symbol throws `IngestRunFailedError` (so the invocation counts as failed and alarms fire),
 * after the job has logged the report. The run is aborted 10 s before the Lambda deadline.
 */
export function createIngestHandler(
  deps: IngestLambdaDeps,
): (event: unknown, context: LambdaContext) => Promise<IngestReport> {
  return createLambdaHandler<{ config: IngestConfig; store: ObjectStore }, unknown, IngestReport>({
    name: 'ingest',
    logger: deps.logger,
    init: async () => {
      const config = await withApiKeyFromSecret(
        loadConfig(deps.env),
        deps.secretsManager ?? (() => new SecretsManagerClient({})),
      );
      return {
        config,
        store: openStore(config.storeUrl, { s3: { forcePathStyle: config.s3ForcePathStyle } }),
      };
    },
    handle: async ({ config, store }, event, context) => {
      const remaining = context.getRemainingTimeInMillis?.();
      const signal =
        remaining === undefined
          ? undefined
          : AbortSignal.timeout(Math.max(1000, remaining - DEADLINE_MARGIN_MS));
      const report = await runIngest(
        {
          store,
          fetch: deps.fetch,
          clock: deps.clock,
          logger: deps.logger,
          settings: config.settings,
          ...(deps.sleep === undefined ? {} : { sleep: deps.sleep }),
          ...(deps.random === undefined ? {} : { random: deps.random }),
        },
        { ...requestOf(event, config), ...(signal === undefined ? {} : { signal }) },
      );
      const failure = runFailureOf(report);
      if (failure !== undefined) throw failure;
      return report;
    },
  });
}

/** The run an event asks for; throws `InvalidIngestRequestError` for anything else. */
export function requestOf(event: unknown, config: IngestConfig): IngestRequest {
  if (isScheduledEvent(event)) return { mode: 'daily', source: config.source, symbols: config.symbols };
  if (typeof event !== 'object' || event === null || !('mode' in event)) {
    throw new InvalidIngestRequestError(
      'unsupported event: expected an EventBridge scheduled event or { mode, source?, symbols?, from?, to? }',
    );
  }
  const fields = event as Record<string, unknown>;
  const unknown = Object.keys(fields).filter((name) => !EVENT_FIELDS.has(name));
  if (unknown.length > 0) {
    throw new InvalidIngestRequestError(
      `event has unknown field(s) ${unknown.join(', ')} (allowed: ${[...EVENT_FIELDS].join(', ')})`,
    );
  }
  const text = (name: string): string | undefined => {
    const value = fields[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'string')
      throw new InvalidIngestRequestError(
        `event field ${name} must be a string, got ${JSON.stringify(value)}`,
      );
    return value;
  };
  const symbols = fields.symbols;
  if (symbols !== undefined && !(Array.isArray(symbols) && symbols.every((s) => typeof s === 'string'))) {
    throw new InvalidIngestRequestError(
      `event field symbols must be an array of strings, got ${JSON.stringify(symbols)}`,
    );
  }
  const from = text('from');
  const to = text('to');
  return {
    mode: text('mode') as IngestMode,
    source: (text('source') ?? config.source) as RawSource,
    symbols: (symbols as string[] | undefined) ?? config.symbols,
    ...(from === undefined ? {} : { from }),
    ...(to === undefined ? {} : { to }),
  };
}
