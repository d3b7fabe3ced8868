import { addDays, daysBetween, dayToEpochMs, parseBinanceRows } from '@cf/ohlcv';
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

/** Binance answers at most 1000 klines per request. */
export const BINANCE_MAX_LIMIT = 1000;

/** Options of {@link BinanceProvider}. */
export interface BinanceOptions {
  /** e.g. `https://api.binance.com`; a path prefix is kept (mirrors). */
  readonly baseUrl: string;
  /** Quote asset appended to the symbol: BTC -> BTCUSDT. Default `USDT`. */
  readonly quoteAsset?: string;
  /** Days per request, at most 1000; smaller pages are for tests. */
  readonly pageDays?: number;
}

/**
 * Binance spot `GET /api/v3/klines?symbol&interval=1d&startTime&endTime&limit`, paging forward. The body is
 * an array of arrays `[openTime, open, high, low, close, volume, closeTime, quoteVolume, ...]` with prices
 * as strings. Error bodies `{ code, msg }` with a 4xx status are errors (418, an IP ban, included).
 */
export class BinanceProvider implements CandleProvider {
  readonly name = 'binance' as const;
  readonly pageOrder = 'forward' as const;
  readonly requiresFrom = true;
  readonly maxDaysPerRequest: number;
  private readonly quoteAsset: string;

  constructor(private readonly options: BinanceOptions) {
    this.quoteAsset = options.quoteAsset ?? 'USDT';
    this.maxDaysPerRequest = Math.min(options.pageDays ?? BINANCE_MAX_LIMIT, BINANCE_MAX_LIMIT);
  }

  /** The Binance market of a symbol: `BTC` -> `BTCUSDT`. */
  marketOf(symbol: string): string {
    return `${symbol}${this.quoteAsset}`;
  }

  async fetchPage(symbol: string, range: DayRange, context: ProviderContext): Promise<ProviderResponse> {
    const from = range.from ?? range.to;
    const request = {
      symbol: this.marketOf(symbol),
      interval: '1d',
      startTime: dayToEpochMs(from),
      endTime: dayToEpochMs(addDays(range.to, 1)) - 1,
      limit: daysBetween(from, range.to) + 1,
    };
    const url = new URL(`${this.options.baseUrl.replace(/\/+$/, '')}/api/v3/klines`);
    for (const [name, value] of Object.entries(request)) url.searchParams.set(name, String(value));
    const label = `binance klines symbol=${request.symbol} (${from}..${range.to})`;

    const fetched = await context.http.get({ url, label }, (answer) => interpret(answer, label, symbol));
    return jsonPageResponse(this.name, request, { from, to: range.to }, fetched, label);
  }

  closesOf(body: unknown, symbol: string): DayClose[] {
    return validCloses(rowsOf(parseBinanceRows(body, symbol)));
  }
}

function interpret(answer: HttpAnswer, label: string, symbol: string): AttemptOutcome<JsonPage> {
  const parsed = parseJsonAnswer(answer, label);
  if (!parsed.ok) return parsed;
  if (answer.status >= 400) {
    const { code, msg } = (parsed.body ?? {}) as { code?: unknown; msg?: unknown };
    const detail = typeof msg === 'string' ? `${String(code)} ${msg}` : bodySnippet(answer.text);
    return {
      ok: false,
      retryable: false,
      error: new ProviderRejectedError(`${label} was refused with HTTP ${answer.status}: ${detail}`),
    };
  }
  const page = parseBinanceRows(parsed.body, symbol);
  if (!page.ok) {
    const error = new BadResponseError(`${label} answered JSON that is not a page of klines: ${page.detail}`);
    return { ok: false, retryable: false, error };
  }
  return { ok: true, value: { page, text: parsed.text, bytes: answer.bytes } };
}
