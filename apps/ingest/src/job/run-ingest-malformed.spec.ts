import { createHash } from 'node:crypto';
import { dayToEpochMs } from '@cf/ohlcv';
import { binanceSampleKlines, loadSampleCandles } from '@cf/ohlcv/testing';
import { listAll, rawCandlesKey } from '@cf/storage';
import { makeTempStore } from '@cf/storage/testing';
import type { RecordedRequest } from '../testing/fake-provider-server';
import { useProviderTestbed } from '../testing/provider-testbed';
import { readEnvelope, readResponse } from '../testing/store-snapshot';
import type { IngestRequest } from './ingest-request';
import { runIngest } from './run-ingest';

type Row = Record<string, unknown>;
type Histoday = { Data: { Data: Row[] } };

const bed = useProviderTestbed({
  cryptocompare: { BTC: loadSampleCandles('BTC'), ETH: loadSampleCandles('ETH') },
  binance: { BTCUSDT: binanceSampleKlines() },
});
const deps = (extra?: Parameters<typeof bed.deps>[0]) => bed.deps(extra);

const twoWeeks: IngestRequest = {
  mode: 'backfill',
  source: 'cryptocompare',
  symbols: ['BTC'],
  from: '2024-01-29',
  to: '2024-02-11',
};
const btc = (r: RecordedRequest): boolean => r.symbol === 'BTC' || r.symbol === 'BTCUSDT';
const ccKey = rawCandlesKey('cryptocompare', 'BTC', '2024-02-11');

/** A histoday answer with rows changed by `change` (index -> fields), serialized as the server does. */
function editRows(change: (row: Row, index: number) => Row): (text: string) => string {
  return (text) => {
    const body = JSON.parse(text) as Histoday;
    body.Data.Data = body.Data.Data.map(change);
    return JSON.stringify(body);
  };
}

describe('runIngest with a page whose rows are partly malformed', () => {
  it('stores a CryptoCompare page as received, its coverage from the valid rows only', async () => {
    let sent = '';
    bed.server.addFault({
      when: btc,
      fault: {
        type: 'edit',
        edit: (text) => {
          const edited = editRows((row, i) => {
            if (i === 2) return { ...row, close: 'NAN-TOKEN' };
            if (i === 3) return { ...row, open: null };
            if (i === 4) return { ...row, high: String(row['high']) };
            if (i === 5) return { ...row, time: (row['time'] as number) * 1000 };
            // The last day is malformed too: the coverage must end on the last valid day.
            if (i === 13) return { ...row, low: (row['high'] as number) * 2 };
            return row;
          })(text).replace('"close":"NAN-TOKEN"', '"close":NaN');
          sent = edited;
          return edited;
        },
      },
    });
    const d = deps();

    const report = await runIngest(d, twoWeeks);

    expect(report.status).toBe('succeeded');
    const key = rawCandlesKey('cryptocompare', 'BTC', '2024-02-10');
    expect(report.symbols[0]).toMatchObject({
      written: 1,
      candles: 9,
      malformedRows: 5,
      firstDay: '2024-01-29',
      lastDay: '2024-02-10',
    });
    const envelope = await readEnvelope<string>(bed.store, key);
    expect(envelope.body).toBe(sent);
    expect(envelope.bodySha256).toBe(createHash('sha256').update(sent).digest('hex'));
    expect(envelope.coverage).toEqual({ from: '2024-01-29', to: '2024-02-10' });
    expect(d.lines().find((l) => String(l.msg).startsWith('page stored as received'))).toMatchObject({
      level: 'warn',
      malformedRows: 5,
      first: 'Data.Data[2]: close NaN is not a finite number',
    });
  });

  it('stores a Binance page with a short kline and a "NaN" price, without those rows in the coverage', async () => {
    bed.server.addFault({
      when: btc,
      fault: {
        type: 'edit',
        edit: (text) => {
          const klines = JSON.parse(text) as unknown[][];
          klines[0] = klines[0].slice(0, 5);
          klines[1][4] = 'NaN';
          return JSON.stringify(klines);
        },
      },
    });

    const report = await runIngest(deps(), { ...twoWeeks, source: 'binance' });

    expect(report.symbols[0]).toMatchObject({
      status: 'succeeded',
      candles: 12,
      malformedRows: 2,
      firstDay: '2024-01-31',
      lastDay: '2024-02-11',
    });
    const klines = await readResponse<unknown[][]>(bed.store, rawCandlesKey('binance', 'BTC', '2024-02-11'));
    expect(klines).toHaveLength(14);
    expect(klines[1][4]).toBe('NaN');
  });

  it('checks continuity on the valid rows only: an absurd value in a malformed row is not "another asset"', async () => {
    await runIngest(deps(), { mode: 'daily', source: 'cryptocompare', symbols: ['BTC'] });
    // Two of the three days come back with a close 100x off and a low above the high: invalid rows.
    bed.server.addFault({
      when: btc,
      fault: {
        type: 'edit',
        edit: editRows((row, i) =>
          i === 0
            ? row
            : { ...row, close: (row['close'] as number) * 100, low: (row['high'] as number) * 200 },
        ),
      },
    });
    const report = await runIngest(deps(), { mode: 'daily', source: 'cryptocompare', symbols: ['BTC'] });

    expect(report.symbols[0]).toMatchObject({ status: 'succeeded', malformedRows: 2 });
  });

  it('stores a page with a day after the requested ones, but only the requested days count', async () => {
    bed.server.addFault({
      when: btc,
      fault: {
        type: 'edit',
        edit: (text) => {
          const body = JSON.parse(text) as Histoday;
          const last = body.Data.Data[body.Data.Data.length - 1];
          body.Data.Data.push({ ...last, time: dayToEpochMs('2024-02-12') / 1000 });
          return JSON.stringify(body);
        },
      },
    });

    const report = await runIngest(deps(), twoWeeks);

    expect(report.symbols[0]).toMatchObject({ status: 'succeeded', candles: 14, malformedRows: 1 });
    expect((await readEnvelope(bed.store, ccKey)).coverage).toEqual({
      from: '2024-01-29',
      to: '2024-02-11',
    });
  });
});

describe('runIngest with an answer it cannot use', () => {
  it('refuses a page whose every timestamp is in milliseconds, naming the field and the unit; nothing written', async () => {
    bed.server.addFault({
      when: btc,
      fault: { type: 'edit', edit: editRows((row) => ({ ...row, time: (row['time'] as number) * 1000 })) },
    });

    const report = await runIngest(deps(), twoWeeks);

    expect(report.status).toBe('failed');
    expect(report.symbols[0].error).toMatchObject({ code: 'INGEST_BAD_RESPONSE', kind: 'unavailable' });
    expect(report.symbols[0].error!.message).toBe(
      'cryptocompare histoday fsym=BTC tsym=USD toTs=1707695999 (2024-01-29..2024-02-11) has 14 malformed ' +
        'row(s) and no usable candle; nothing stored. First: Data.Data[0]: time 1706486400000 is epoch ' +
        'milliseconds (2024-01-29T00:00:00.000Z); expected epoch seconds, not converted',
    );
    expect(bed.server.requests.filter(btc)).toHaveLength(1);
    expect(await listAll(bed.store, '')).toEqual([]);
  });

  it('refuses JSON that is not a page, naming the field and what was expected, without retrying', async () => {
    bed.server.addFault({
      when: btc,
      fault: { type: 'status', status: 200, body: '{"Response":"Success","Data":{}}' },
    });

    const report = await runIngest(deps(), twoWeeks);

    expect(report.symbols[0].error!.message).toBe(
      'cryptocompare histoday fsym=BTC tsym=USD toTs=1707695999 (2024-01-29..2024-02-11) answered JSON that ' +
        'is not a page of rows: field Data.Data is nothing (the field is missing); expected a histoday ' +
        'response { Data: { Data: [rows] } }',
    );
    expect(bed.server.requests.filter(btc)).toHaveLength(1);
  });

  it('refuses bytes that are not UTF-8 at once, saying so', async () => {
    bed.server.addFault({
      when: btc,
      fault: { type: 'edit', edit: (text) => Buffer.concat([Buffer.from(text), Buffer.from([0xff, 0xfe])]) },
    });

    const report = await runIngest(deps(), twoWeeks);

    expect(report.symbols[0].error!.message).toContain('with a body that is not JSON (not UTF-8)');
    expect(bed.server.requests.filter(btc)).toHaveLength(1);
  });
});

describe('runIngest with a byte-order mark', () => {
  it('accepts the body and stores it exactly as received, mark included', async () => {
    bed.server.addFault({ when: btc, fault: { type: 'edit', edit: (text) => `\uFEFF${text}` } });

    const report = await runIngest(deps(), twoWeeks);

    expect(report.symbols[0]).toMatchObject({ status: 'succeeded', candles: 14, malformedRows: 0 });
    const envelope = await readEnvelope<string>(bed.store, ccKey);
    expect(envelope.body.startsWith('\uFEFF{"Response":"Success"')).toBe(true);
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(envelope.body.slice(1))]);
    expect(envelope.bodySha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect((await readResponse<Histoday>(bed.store, ccKey)).Data.Data).toHaveLength(14);
  });
});

describe('runIngest and the raw object size limit shared with preprocess', () => {
  it('refuses an answer whose raw object would exceed the limit, naming sizes and variable; nothing written', async () => {
    // A limit between the size of the answer (so it is read) and that of its envelope (so it is not stored).
    const sizes = await makeTempStore();
    await runIngest({ ...deps(), store: sizes.store }, twoWeeks);
    const answer = Buffer.byteLength((await readEnvelope<string>(sizes.store, ccKey)).body);
    const object = (await sizes.store.head(ccKey))!.size;
    await sizes.cleanup();
    const limit = Math.floor((answer + object) / 2);
    const d = deps({ settings: { maxRawObjectBytes: limit } });

    const report = await runIngest(d, twoWeeks);

    expect(report.symbols[0].error).toMatchObject({ code: 'INGEST_TOO_LARGE', kind: 'input' });
    expect(report.symbols[0].error!.message).toContain(
      `cryptocompare response for BTC 2024-01-29..2024-02-11: the raw object is ${object} bytes, over the ` +
        `${limit}-byte limit (RAW_MAX_OBJECT_BYTES), which preprocess would not read; nothing written`,
    );
    expect(await listAll(bed.store, '')).toEqual([]);
  });

  it('stops reading a streamed answer (no declared length) once it passes the limit', async () => {
    bed.server.addFault({
      when: btc,
      fault: {
        type: 'status',
        status: 200,
        body: `{"Response":"Success","Data":{"Data":[${'{"time":0},'.repeat(1000)}]}}`,
        headers: { 'transfer-encoding': 'chunked' },
      },
    });

    const report = await runIngest(deps({ settings: { maxRawObjectBytes: 2048 } }), twoWeeks);

    expect(report.symbols[0].error).toMatchObject({ code: 'INGEST_TOO_LARGE' });
    expect(report.symbols[0].error!.message).toContain('answered more than 2048 bytes');
    expect(bed.server.requests.filter(btc)).toHaveLength(1);
  });

  it('stops reading an answer longer than the limit, without retrying', async () => {
    const d = deps({ settings: { maxRawObjectBytes: 2048 } });

    const report = await runIngest(d, twoWeeks);

    expect(report.symbols[0].error).toMatchObject({ code: 'INGEST_TOO_LARGE' });
    expect(report.symbols[0].error!.message).toContain('answered more than 2048 bytes');
    expect(bed.server.requests.filter(btc)).toHaveLength(1);
  });
});
