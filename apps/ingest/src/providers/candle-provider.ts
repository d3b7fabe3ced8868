import type { IsoDay, RawEnvelope, RawSource } from '@cf/ohlcv';
import type { Logger } from '@cf/service';
import type { ProviderHttp } from '../http/provider-http';

/** Inclusive UTC days; `from` is open only for a CSV import of a whole file. */
export interface DayRange {
  readonly from?: IsoDay;
  readonly to: IsoDay;
}

/** The close of one real candle in a response: enough to place it in time and to compare it with history. */
export interface DayClose {
  readonly day: IsoDay;
  readonly close: number;
}

/** How many rows of a page are malformed (stored as received, quarantined by preprocess), and the first. */
export interface PageRowsSummary {
  readonly count: number;
  /** `Data.Data[3]: close null is not a number`. */
  readonly first?: string;
}

/** One provider response (one page), ready to be wrapped in a {@link RawEnvelope}. */
export interface ProviderResponse {
  /** Request parameters as sent, without secrets. */
  readonly request: Readonly<Record<string, string | number>>;
  readonly contentType: RawEnvelope['contentType'];
  /** sha256 (hex) of the body bytes as received (CSV: as stored). */
  readonly bodySha256: string;
  /** The body's text exactly as received (CSV: the lines kept); its UTF-8 bytes hash to `bodySha256`. */
  readonly body: string;
  /** Valid candles of the requested days, sorted by day; padding and malformed rows are not candles. */
  readonly candles: readonly DayClose[];
  /** The rows preprocess will quarantine (the page is stored with them, as received). */
  readonly malformed: PageRowsSummary;
}

/** What a provider may use while fetching. */
export interface ProviderContext {
  readonly http: ProviderHttp;
  readonly logger: Logger;
  readonly signal?: AbortSignal;
}

/**
 * A source of daily candles. The job plans the pages (at most `maxDaysPerRequest` days each, aligned to
 * the requested range) and asks for them one by one in `pageOrder`, writing each before the next.
 */
export interface CandleProvider {
  readonly name: RawSource;
  /** Days one request may cover; `Infinity` when one request reads everything (CSV). */
  readonly maxDaysPerRequest: number;
  /** `backward`: newest page first, and a page without candles ends the paging (nothing older exists). */
  readonly pageOrder: 'forward' | 'backward';
  /** Whether a backfill needs an explicit first day (APIs do; a CSV import reads the whole file). */
  readonly requiresFrom: boolean;
  /** Fetches one page of `symbol`; throws an `IngestError` when it cannot. */
  fetchPage(symbol: string, range: DayRange, context: ProviderContext): Promise<ProviderResponse>;
  /** The valid candles of a stored envelope's decoded body (parsed JSON or CSV text), to compare with history. */
  closesOf(body: unknown, symbol: string): DayClose[];
}
