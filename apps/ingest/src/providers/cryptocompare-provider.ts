import { addDays, daysBetween, dayToEpochMs, parseCryptoCompareRows } from '@cf/ohlcv';
import { BadResponseError, ProviderRejectedError } from '../errors';
import { parseJsonAnswer } from '../http/parse-json-answer';
import { bodySnippet, type AttemptOutcome, type HttpAnswer } from '../http/provider-http';
import type {
  CandleProvider,
  DayClose,
  DayRange,
  ProviderContext,
  ProviderResponse,
} from './candle-provider';
import { jsonPageResponse, rowsOf, validCloses, type JsonPage } from './page-candles';

/** CryptoCompare answers at most `limit + 1` rows with `limit <= 2000`. */
export const CRYPTOCOMPARE_MAX_LIMIT = 2000;

/** Options of {@link CryptoCompareProvider}. */
export interface CryptoCompareOptions {
  /** e.g. `https://min-api.cryptocompare.com`; a path prefix is kept (mirrors). */
  readonly baseUrl: string;
  /** Sent as `authorization: Apikey <key>`; never logged, never stored. */
  readonly apiKey?: string;
  /** `tsym`; default `USD`. */
  readonly quote?: string;
  /** Days per request, at most 2001 (limit 2000); smaller pages are for tests. */
  readonly pageDays?: number;
}

/**
 * CryptoCompare `GET /data/v2/histoday?fsym&tsym&limit&toTs`. `toTs` is the last second of the page's last
 * day, so the current day is never asked for; pages are fetched newest first (CryptoCompare pages back in
 * time) and paging stops at the first page without real candles. Error bodies (`"Response": "Error"`, sent
 * with HTTP 200) are errors; its rate-limit error (Type 99) is retried. Rows are read with
 * `parseCryptoCompareRows` of `@cf/ohlcv`, the rules preprocess applies: zero padding before an asset
 * existed and malformed rows stay in the body as received but are not candles.
 */
export class CryptoCompareProvider implements CandleProvider {
  readonly name = 'cryptocompare' as const;
  readonly pageOrder = 'backward' as const;
  readonly requiresFrom = true;
  readonly maxDaysPerRequest: number;
  private readonly quote: string;

  constructor(private readonly options: CryptoCompareOptions) {
    this.quote = options.quote ?? 'USD';
    this.maxDaysPerRequest = Math.min(
      options.pageDays ?? CRYPTOCOMPARE_MAX_LIMIT + 1,
      CRYPTOCOMPARE_MAX_LIMIT + 1,
    );
  }

  async fetchPage(symbol: string, range: DayRange, context: ProviderContext): Promise<ProviderResponse> {
    const from = range.from ?? range.to;
    // `limit` counts the rows before toTs' day; CryptoCompare refuses limit 0.
    const limit = Math.max(1, daysBetween(from, range.to));
    const toTs = dayToEpochMs(addDays(range.to, 1)) / 1000 - 1;
    const request = { fsym: symbol, tsym: this.quote, limit, toTs };
    const url = new URL(`${this.options.baseUrl.replace(/\/+$/, '')}/data/v2/histoday`);
    for (const [name, value] of Object.entries(request)) url.searchParams.set(name, String(value));
    const label = `cryptocompare histoday fsym=${symbol} tsym=${this.quote} toTs=${toTs} (${from}..${range.to})`;
    const headers: Record<string, string> = {};
    if (this.options.apiKey) headers.authorization = `Apikey ${this.options.apiKey}`;

    const fetched = await context.http.get({ url, label, headers }, (answer) =>
      interpret(answer, label, symbol),
    );
    return jsonPageResponse(this.name, request, { from, to: range.to }, fetched, label);
  }

  closesOf(body: unknown, symbol: string): DayClose[] {
    return validCloses(rowsOf(parseCryptoCompareRows(body, symbol)));
  }
}

function interpret(answer: HttpAnswer, label: string, symbol: string): AttemptOutcome<JsonPage> {
  const parsed = parseJsonAnswer(answer, label);
  if (!parsed.ok) return parsed;
  const page = parseCryptoCompareRows(parsed.body, symbol);
  if (!page.ok && page.reason === 'provider-error') {
    const envelope = parsed.body as { Message?: unknown; Type?: unknown };
    const message =
      typeof envelope.Message === 'string' ? envelope.Message : JSON.stringify(envelope.Message);
    const rateLimited = envelope.Type === 99 || /rate limit/i.test(message);
    const error = new ProviderRejectedError(`${label} was refused: ${message}`);
    return rateLimited ? { ok: false, retryable: true, error } : { ok: false, retryable: false, error };
  }
  if (answer.status >= 400) {
    const error = new ProviderRejectedError(
      `${label} answered HTTP ${answer.status}: ${bodySnippet(answer.text)}`,
    );
    return { ok: false, retryable: false, error };
  }
  if (!page.ok) {
    const error = new BadResponseError(`${label} answered JSON that is not a page of rows: ${page.detail}`);
    return { ok: false, retryable: false, error };
  }
  return { ok: true, value: { page, text: parsed.text, bytes: answer.bytes } };
}
