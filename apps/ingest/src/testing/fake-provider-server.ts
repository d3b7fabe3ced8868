import type { Candle } from '@cf/ohlcv';
import { addDays, dayToEpochMs, epochMsToDay } from '@cf/ohlcv';
import { cryptoCompareRowsOf, type KlineRow } from '@cf/ohlcv/testing';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A fault the server answers instead of the normal response. */
export type Fault =
  /** Any status, body and headers (429 with Retry-After, 500, Binance's 400 `{code,msg}`). */
  | {
      readonly type: 'status';
      readonly status: number;
      readonly body?: string;
      readonly headers?: Record<string, string>;
    }
  /** The socket is destroyed without an answer. */
  | { readonly type: 'drop' }
  /** No answer at all, until the client gives up or the server closes. */
  | { readonly type: 'hang' }
  /** HTTP 200 with a truncated JSON body. */
  | { readonly type: 'malformed' }
  /** CryptoCompare's error body (`"Response": "Error"`) with HTTP 200; Type 99 is its rate limit. */
  | { readonly type: 'cc-error'; readonly message: string; readonly ccType?: number }
  /** A success with no rows. */
  | { readonly type: 'empty' }
  /** The normal answer, but built from another symbol's data. */
  | { readonly type: 'symbol'; readonly symbol: string }
  /** Runs `action` (e.g. aborts the run), then answers normally. */
  | { readonly type: 'hook'; readonly action: () => void }
  /** The normal answer's text changed by `edit` (malformed rows, a byte-order mark, bytes that are not UTF-8). */
  | { readonly type: 'edit'; readonly edit: (text: string) => string | Buffer };

/** What a request looked like when it arrived. */
export interface RecordedRequest {
  readonly provider: 'cryptocompare' | 'binance' | 'unknown';
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** `fsym` or the Binance market. */
  readonly symbol: string;
  /** `performance.now()` at arrival. */
  readonly at: number;
  readonly fault?: Fault['type'];
}

/** A rule: the first `times` requests matching `when` get `fault`. */
export interface FaultRule {
  readonly when?: (request: RecordedRequest) => boolean;
  readonly times?: number;
  readonly fault: Fault;
}

/** Options of {@link startFakeProviderServer}. */
export interface FakeProviderOptions {
  /** CryptoCompare data by `fsym` (prices in USD). */
  readonly cryptocompare?: Readonly<Record<string, readonly Candle[]>>;
  /** Binance klines by market (`BTCUSDT`). */
  readonly binance?: Readonly<Record<string, readonly KlineRow[]>>;
  /** Real milliseconds each answer waits, so concurrent requests overlap. */
  readonly delayMs?: number;
  /** How CryptoCompare pads days before the first candle: real timestamps (default) or `time: 0`. */
  readonly padding?: 'timestamps' | 'time-zero';
}

/** A running fake. */
export interface FakeProviderServer {
  /** `http://127.0.0.1:<port>`: the base URL of both providers. */
  readonly url: string;
  readonly requests: readonly RecordedRequest[];
  /** Most requests that were in flight at once. */
  readonly maxInFlight: number;
  addFault(rule: FaultRule): void;
  close(): Promise<void>;
}

/**
 * A loopback HTTP server replaying CryptoCompare `GET /data/v2/histoday` and Binance `GET /api/v3/klines`
 * from given candles with the real paging rules: CryptoCompare answers `limit + 1` daily rows ending at the
 * day of `toTs`, zero-padded before the asset existed; Binance answers the klines whose open time lies in
 * `[startTime, endTime]`, at most `limit` (default 500, max 1000). Faults are injected per request.
 */
export async function startFakeProviderServer(options: FakeProviderOptions): Promise<FakeProviderServer> {
  const requests: RecordedRequest[] = [];
  const rules: { rule: FaultRule; left: number }[] = [];
  const hanging = new Set<ServerResponse>();
  let inFlight = 0;
  let maxInFlight = 0;

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    let done = false;
    const finished = (): void => {
      if (done) return;
      done = true;
      inFlight--;
    };
    res.on('close', finished);

    const url = new URL(req.url ?? '/', 'http://fake');
    const query = Object.fromEntries(url.searchParams.entries());
    const provider =
      url.pathname === '/data/v2/histoday'
        ? 'cryptocompare'
        : url.pathname === '/api/v3/klines'
          ? 'binance'
          : 'unknown';
    const symbol = provider === 'cryptocompare' ? (query.fsym ?? '') : (query.symbol ?? '');
    const base = {
      provider,
      path: url.pathname,
      query,
      headers: req.headers,
      symbol,
      at: performance.now(),
    } as const;
    const entry = rules.find(({ rule, left }) => left > 0 && (rule.when === undefined || rule.when(base)));
    if (entry !== undefined) entry.left--;
    const fault = entry?.rule.fault;
    requests.push(fault === undefined ? base : { ...base, fault: fault.type });

    const answer = (status: number, text: string, headers: Record<string, string> = {}): void => {
      const body = fault?.type === 'edit' && status === 200 ? fault.edit(text) : text;
      setTimeout(() => {
        if (res.destroyed) return;
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(body);
      }, options.delayMs ?? 0);
    };

    if (fault?.type === 'drop') {
      req.socket.destroy();
      return;
    }
    if (fault?.type === 'hang') {
      hanging.add(res);
      return;
    }
    if (fault?.type === 'status')
      return answer(fault.status, fault.body ?? `{"error":"injected ${fault.status}"}`, fault.headers);
    if (fault?.type === 'malformed') return answer(200, '{"Response":"Success","Data":{"Data":[{"time":16');
    if (fault?.type === 'cc-error') {
      return answer(200, JSON.stringify(ccError(fault.message, fault.ccType ?? 2)));
    }
    if (fault?.type === 'hook') fault.action();

    const dataSymbol = fault?.type === 'symbol' ? fault.symbol : symbol;
    const empty = fault?.type === 'empty';
    if (provider === 'cryptocompare') {
      const candles = options.cryptocompare?.[dataSymbol];
      if (candles === undefined) {
        return answer(
          200,
          JSON.stringify(
            ccError(
              `cccagg_or_exchange market does not exist for this coin pair (${symbol}-${query.tsym})`,
              2,
            ),
          ),
        );
      }
      const rows = empty
        ? []
        : histodayRows(candles, Number(query.toTs), Number(query.limit), options.padding ?? 'timestamps');
      return answer(200, JSON.stringify(histodayBody(rows)));
    }
    if (provider === 'binance') {
      const klines = options.binance?.[dataSymbol];
      if (klines === undefined) return answer(400, '{"code":-1121,"msg":"Invalid symbol."}');
      const limit = Math.min(Number(query.limit ?? 500), 1000);
      const rows = empty
        ? []
        : klines
            .filter((k) => k[0] >= Number(query.startTime) && k[0] <= Number(query.endTime))
            .slice(0, limit);
      return answer(200, JSON.stringify(rows));
    }
    return answer(404, '{"error":"not found"}');
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get maxInFlight() {
      return maxInFlight;
    },
    addFault(rule) {
      rules.push({ rule, left: rule.times ?? 1 });
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}

function ccError(message: string, type: number): Record<string, unknown> {
  return {
    Response: 'Error',
    Message: message,
    HasWarning: false,
    Type: type,
    RateLimit: {},
    Data: {},
    ParamWithError: 'fsym',
  };
}

function histodayBody(rows: readonly Record<string, unknown>[]): Record<string, unknown> {
  const times = rows.map((row) => row.time as number);
  return {
    Response: 'Success',
    Message: '',
    HasWarning: false,
    Type: 100,
    RateLimit: {},
    Data: { Aggregated: false, TimeFrom: times[0] ?? 0, TimeTo: times[times.length - 1] ?? 0, Data: rows },
  };
}

function histodayRows(
  candles: readonly Candle[],
  toTs: number,
  limit: number,
  padding: 'timestamps' | 'time-zero',
): Record<string, unknown>[] {
  const lastDay = epochMsToDay(toTs * 1000);
  const byDay = new Map(candles.map((c) => [c.date, c]));
  const first = candles[0]?.date ?? lastDay;
  const rows: Record<string, unknown>[] = [];
  for (let i = limit; i >= 0; i--) {
    const day = addDays(lastDay, -i);
    const candle = byDay.get(day);
    const time = dayToEpochMs(day) / 1000;
    if (candle !== undefined) {
      rows.push(cryptoCompareRowsOf([candle])[0]);
    } else if (day < first) {
      const zero = {
        high: 0,
        low: 0,
        open: 0,
        volumefrom: 0,
        volumeto: 0,
        close: 0,
        conversionType: 'direct',
        conversionSymbol: '',
      };
      rows.push({ time: padding === 'time-zero' ? 0 : time, ...zero });
    }
  }
  return rows;
}
