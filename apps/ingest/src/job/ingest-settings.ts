import { DEFAULT_MAX_RAW_OBJECT_BYTES } from '@cf/ohlcv';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../http/retry-policy';

/** How the job reaches its providers and paces itself (from the environment, see `config.ts`). */
export interface IngestSettings {
  readonly cryptocompare: {
    readonly baseUrl: string;
    /** Sent as a header only; never logged or stored. */
    readonly apiKey?: string;
    readonly quote: string;
    /** Days per request (max 2001); smaller only in tests. */
    readonly pageDays?: number;
  };
  readonly binance: {
    readonly baseUrl: string;
    readonly quoteAsset: string;
    /** Days per request (max 1000); smaller only in tests. */
    readonly pageDays?: number;
  };
  /** Directory of the CSV files. */
  readonly csvDir: string;
  /** Complete days a daily run asks for, ending with the last complete day. */
  readonly dailyLookbackDays: number;
  /** Symbols fetched at the same time. */
  readonly concurrency: number;
  /** Sustained request rate to the provider. */
  readonly requestsPerSecond: number;
  /** Requests that may go out back to back before the rate applies. */
  readonly burst: number;
  /** Per request, answer included. */
  readonly timeoutMs: number;
  readonly retry: RetryPolicy;
  /** Largest raw object stored (and answer read), shared with preprocess: `RAW_MAX_OBJECT_BYTES`. */
  readonly maxRawObjectBytes: number;
}

/** Defaults: the public endpoints, USD / USDT quotes, 3-day lookback, 2 symbols at once, 2 requests/s. */
export const DEFAULT_INGEST_SETTINGS: IngestSettings = Object.freeze({
  cryptocompare: Object.freeze({ baseUrl: 'https://min-api.cryptocompare.com', quote: 'USD' }),
  binance: Object.freeze({ baseUrl: 'https://api.binance.com', quoteAsset: 'USDT' }),
  csvDir: 'sample-data/yahoo',
  dailyLookbackDays: 3,
  concurrency: 2,
  requestsPerSecond: 2,
  burst: 1,
  timeoutMs: 15_000,
  retry: DEFAULT_RETRY_POLICY,
  maxRawObjectBytes: DEFAULT_MAX_RAW_OBJECT_BYTES,
});

/** Settings with some fields overridden; nested groups merge field by field. */
export interface IngestSettingsInput {
  readonly cryptocompare?: Partial<IngestSettings['cryptocompare']>;
  readonly binance?: Partial<IngestSettings['binance']>;
  readonly csvDir?: string;
  readonly dailyLookbackDays?: number;
  readonly concurrency?: number;
  readonly requestsPerSecond?: number;
  readonly burst?: number;
  readonly timeoutMs?: number;
  readonly retry?: Partial<RetryPolicy>;
  readonly maxRawObjectBytes?: number;
}

/** The defaults with `input` applied. */
export function resolveSettings(input: IngestSettingsInput = {}): IngestSettings {
  const d = DEFAULT_INGEST_SETTINGS;
  return Object.freeze({
    cryptocompare: Object.freeze({ ...d.cryptocompare, ...input.cryptocompare }),
    binance: Object.freeze({ ...d.binance, ...input.binance }),
    csvDir: input.csvDir ?? d.csvDir,
    dailyLookbackDays: input.dailyLookbackDays ?? d.dailyLookbackDays,
    concurrency: input.concurrency ?? d.concurrency,
    requestsPerSecond: input.requestsPerSecond ?? d.requestsPerSecond,
    burst: input.burst ?? d.burst,
    timeoutMs: input.timeoutMs ?? d.timeoutMs,
    retry: Object.freeze({ ...d.retry, ...input.retry }),
    maxRawObjectBytes: input.maxRawObjectBytes ?? d.maxRawObjectBytes,
  });
}
