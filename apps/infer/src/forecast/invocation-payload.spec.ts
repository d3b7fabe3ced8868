import { formatCandlesCsv } from '@cf/ohlcv';
import { loadSampleCandles } from '@cf/ohlcv/testing';
import { formatInvocationJson, parseInvocationBody } from './invocation-payload';

const btc = loadSampleCandles('BTC', { from: '2024-01-01' });
const eth = loadSampleCandles('ETH', { from: '2024-01-01' });
const json = (value: unknown) => Buffer.from(JSON.stringify(value));

describe('parseInvocationBody', () => {
  it('reads back what formatInvocationJson writes, exactly, for several symbols', () => {
    const body = formatInvocationJson(
      new Map([
        ['BTC', btc],
        ['ETH', eth],
      ]),
      3,
    );

    const parsed = parseInvocationBody(Buffer.from(body), 'application/json; charset=utf-8');

    expect([...parsed.candles.keys()]).toEqual(['BTC', 'ETH']);
    expect(parsed.candles.get('BTC')).toEqual(btc);
    expect(parsed.candles.get('ETH')).toEqual(eth);
    expect(parsed.oodZLimit).toBe(3);
  });

  it('reads CSV in the standard schema with one or many symbols, in any column order', () => {
    const csv = formatCandlesCsv([...btc, ...eth]);
    const reordered =
      'close,date,symbol,volume,open,high,low\n' +
      btc.map((c) => [c.close, c.date, c.symbol, c.volume, c.open, c.high, c.low].join(',')).join('\n');

    const both = parseInvocationBody(Buffer.from(csv), 'text/csv');
    const single = parseInvocationBody(Buffer.from(reordered), 'text/csv');

    expect(both.candles.get('ETH')).toEqual(eth);
    expect(single.candles.get('BTC')).toEqual(btc);
  });

  const row = { date: '2024-01-01', open: 100, high: 110, low: 90, close: 105, volume: 1e6 };
  const rows = (extra: object = {}) => [row, { ...row, date: '2024-01-02', ...extra }];
  const cases: [string, Buffer, string | undefined, RegExp][] = [
    ['no content type', json({ candles: {} }), undefined, /no Content-Type header is not supported/],
    [
      'an unknown content type',
      Buffer.from('<x/>'),
      'application/xml',
      /content type 'application\/xml' is not supported/,
    ],
    ['an empty JSON body', Buffer.from(''), 'application/json', /body is empty/],
    ['JSON that does not parse', Buffer.from('{"candles": '), 'application/json', /not valid JSON/],
    ['a JSON array', json([row]), 'application/json', /must be a JSON object .* got an array/],
    ['the instances shape', json({ instances: [row] }), 'application/json', /unknown field 'instances'/],
    ['no symbols', json({ candles: {} }), 'application/json', /names no symbol/],
    [
      'a bad symbol',
      json({ candles: { 'btc-usd': [row] } }),
      'application/json',
      /symbol 'btc-usd' is not valid/,
    ],
    [
      'rows that are not an array',
      json({ candles: { BTC: row } }),
      'application/json',
      /candles.BTC must be an array/,
    ],
    [
      'a missing field',
      json({ candles: { BTC: [{ ...row, close: undefined }] } }),
      'application/json',
      /BTC row 1 has missing field\(s\) close/,
    ],
    [
      'an unknown field',
      json({ candles: { BTC: [{ ...row, adj_close: 1 }] } }),
      'application/json',
      /BTC row 1 has unknown field\(s\) adj_close/,
    ],
    [
      'a non-numeric value',
      json({ candles: { BTC: rows({ close: '105.5' }) } }),
      'application/json',
      /BTC row 2 \(2024-01-02\): non-numeric value\(s\) close "105.5"/,
    ],
    [
      'a null value',
      json({ candles: { BTC: rows({ volume: null }) } }),
      'application/json',
      /non-numeric value\(s\) volume null/,
    ],
    [
      'a duplicate day',
      json({ candles: { BTC: rows({ date: '2024-01-01' }) } }),
      'application/json',
      /BTC has the day 2024-01-01 twice \(rows 1 and 2\)/,
    ],
    [
      'unsorted days',
      json({ candles: { BTC: [{ ...row, date: '2024-01-03' }, row] } }),
      'application/json',
      /not sorted by date: row 2 \(2024-01-01\) comes after row 1 \(2024-01-03\)/,
    ],
    [
      'a malformed day',
      json({ candles: { BTC: [{ ...row, date: '2024-02-30' }] } }),
      'application/json',
      /BTC row 1 \(2024-02-30\) is not a valid candle: date "2024-02-30"/,
    ],
    [
      'high below close',
      json({ candles: { BTC: [{ ...row, high: 100 }] } }),
      'application/json',
      /high 100 is below max\(open 100, close 105\)/,
    ],
    [
      'a row symbol that differs from its key',
      json({ candles: { BTC: [{ ...row, symbol: 'ETH' }] } }),
      'application/json',
      /has symbol "ETH" but is listed under BTC/,
    ],
    [
      'a bad oodZLimit',
      json({ candles: { BTC: [row] }, oodZLimit: -1 }),
      'application/json',
      /oodZLimit must be a positive number, got -1/,
    ],
    [
      'CSV with unknown and missing columns',
      Buffer.from('date,symbol,open,hi,low,close,volume\n'),
      'text/csv',
      /unknown column\(s\) 'hi' and missing column\(s\) high/,
    ],
    [
      'CSV in the original volumefrom/volumeto columns',
      Buffer.from('time,open,high,low,close,volumefrom,volumeto\n'),
      'text/csv',
      /unknown column\(s\) 'time', 'volumefrom', 'volumeto' and missing column\(s\) date, symbol, volume/,
    ],
    [
      'CSV with a non-numeric value',
      Buffer.from('date,symbol,open,high,low,close,volume\n2024-01-01,BTC,1,2,0.5,abc,10\n'),
      'text/csv',
      /line 2: close "abc" is not a number/,
    ],
    ['an empty CSV body', Buffer.from(''), 'text/csv', /CSV body is empty/],
  ];

  it.each(cases)('refuses %s with an input error naming the problem', (_name, body, contentType, message) => {
    let error: unknown;
    try {
      parseInvocationBody(body, contentType);
    } catch (caught) {
      error = caught;
    }

    expect(error).toMatchObject({ kind: 'input' });
    expect((error as Error).message).toMatch(message);
  });
});
