import { daysBetween, dayToEpochMs, addDays, epochMsToDay } from '@cf/ohlcv';
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
import { candlesInRange, sha256Hex } from './day-closes';

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

interface HistodayRow {
  readonly time: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
}

/**
 * CryptoCompare `GET /data/v2/histoday?fsym&tsym&limit&toTs`. `toTs` is the last second of the page's last
 * day, so the current day is never asked for; pages are fetched newest first (CryptoCompare pages back in
 * time) and paging stops at the first page without real candles. Error bodies (`"Response": "Error"`, sent
 * with HTTP 200) are errors; its rate-limit error (Type 99) is retried. Rows padded with zero prices before an
 * asset existed stay in the body as received but are not candles.
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

    const { body, bytes } = await context.http.get({ url, label, headers }, (answer) =>
      interpret(answer, label),
    );
    const rows = (body as { Data: { Data: HistodayRow[] } }).Data.Data;
    return {
      request,
      contentType: 'application/json',
      bodySha256: sha256Hex(bytes),
      body,
      candles: candlesInRange(realCandles(rows), { from, to: range.to }, label),
    };
  }

  closesOf(body: unknown, _symbol: string): DayClose[] {
    const rows = histodayRows(body);
    return rows === undefined ? [] : realCandles(rows);
  }
}

function interpret(answer: HttpAnswer, label: string): AttemptOutcome<{ body: unknown; bytes: Buffer }> {
  const parsed = parseJsonAnswer(answer, label);
  if (!parsed.ok) return parsed;
  const body = parsed.body;
  const envelope = body as { Response?: unknown; Message?: unknown; Type?: unknown } | null;
  if (envelope !== null && typeof envelope === 'object' && envelope.Response === 'Error') {
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
  if (histodayRows(body) === undefined) {
    const error = new BadResponseError(
      `${label} answered JSON without a Data.Data array of rows: ${bodySnippet(answer.text)}`,
    );
    return { ok: false, retryable: false, error };
  }
  return { ok: true, value: { body, bytes: answer.bytes } };
}

function histodayRows(body: unknown): HistodayRow[] | undefined {
  const rows = (body as { Data?: { Data?: unknown } } | null)?.Data?.Data;
  if (!Array.isArray(rows)) return undefined;
  const valid = rows.every(
    (row: unknown) =>
      row !== null &&
      typeof row === 'object' &&
      ['time', 'open', 'high', 'low', 'close'].every(
        (field) => typeof (row as Record<string, unknown>)[field] === 'number',
      ),
  );
  return valid ? (rows as HistodayRow[]) : undefined;
}

function realCandles(rows: readonly HistodayRow[]): DayClose[] {
  return rows
    .filter((row) => !(row.open === 0 && row.high === 0 && row.low === 0 && row.close === 0))
    .map((row) => ({ day: epochMsToDay(row.time * 1000), close: row.close }));
}
