import { dayToEpochMs } from '@cf/ohlcv';
import { loadSampleCandles } from '@cf/ohlcv/testing';
import { cryptoCompareFixture, cryptoCompareRowsOf } from '../test-support/raw-fixtures';
import { parseCryptoCompare } from './cryptocompare';

const facts = { fetchedAt: '2024-02-12T00:05:00.000Z', from: '2024-01-01', to: '2024-02-11' };

function parse(rows: readonly unknown[]) {
  const { key, envelope } = cryptoCompareFixture('ETH', rows, facts);
  return parseCryptoCompare(envelope, key, '');
}

describe('parseCryptoCompare', () => {
  it('reads real histoday rows: the UTC day from epoch seconds, volume := volumeto', () => {
    const source = loadSampleCandles('ETH', { from: '2024-01-01', to: '2024-02-11' });

    const { candles, problems } = parse(cryptoCompareRowsOf(source));

    expect(problems).toEqual([]);
    expect(candles.map((c) => c.candle)).toEqual(source);
    expect(candles[0].at).toBe('Data.Data[0]');
  });

  it('quarantines the all-zero rows CryptoCompare pads before an asset existed, but not a later zero row', () => {
    const [first, second] = cryptoCompareRowsOf(
      loadSampleCandles('SOL', { from: '2020-04-10', to: '2020-04-11' }),
    );
    const zero = (day: string) => ({
      time: dayToEpochMs(day) / 1000,
      high: 0,
      low: 0,
      open: 0,
      volumefrom: 0,
      volumeto: 0,
      close: 0,
    });
    const padding = [zero('2020-04-08'), zero('2020-04-09')];

    const { candles, problems } = parse([...padding, first, zero('2020-04-11'), second]);

    expect(problems.map((p) => [p.at, p.reasons])).toEqual([
      ['Data.Data[0]', ['pre-listing-zeros']],
      ['Data.Data[1]', ['pre-listing-zeros']],
    ]);
    expect(problems[0].row).toEqual(padding[0]);
    // The zero row after a real price is a candidate: validateCandles refuses it as non-positive-price.
    expect(candles.map((c) => [c.at, c.candle.date, c.candle.close])).toEqual([
      ['Data.Data[2]', '2020-04-10', first['close']],
      ['Data.Data[3]', '2020-04-11', 0],
      ['Data.Data[4]', '2020-04-11', second['close']],
    ]);
  });

  it('quarantines numbers sent as strings instead of coercing them, naming every bad field', () => {
    const [row] = cryptoCompareRowsOf(loadSampleCandles('BTC', { from: '2024-01-02', to: '2024-01-02' }));
    const bad = { ...row, close: String(row['close']), volumeto: String(row['volumeto']) };

    const { candles, problems } = parse([bad]);

    expect(candles).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0].reasons).toEqual(['number-as-string']);
    expect(problems[0].detail).toContain(`close "${row['close']}" is a string`);
    expect(problems[0].detail).toContain('volumeto');
    expect(problems[0].row).toEqual(bad);
  });

  it('refuses timestamps that are not midnight UTC, wrong types and rows that are not objects', () => {
    const [row] = cryptoCompareRowsOf(loadSampleCandles('BTC', { from: '2024-01-02', to: '2024-01-02' }));
    const rows = [
      { ...row, time: (row['time'] as number) + 3600 },
      { ...row, time: '1704153600' },
      { ...row, open: null },
      { ...row, high: true },
      { ...row, low: undefined },
      [row['time'], row['open']],
      'row',
    ];

    const { candles, problems } = parse(rows);

    expect(candles).toEqual([]);
    expect(problems.map((p) => p.reasons)).toEqual([
      ['not-midnight-utc'],
      ['number-as-string'],
      ['wrong-type'],
      ['wrong-type'],
      ['wrong-type'],
      ['wrong-shape'],
      ['wrong-shape'],
    ]);
    expect(problems[0].detail).toBe('time 1704157200 (2024-01-02T01:00:00.000Z) is not 00:00:00 UTC');
  });

  it('quarantines the whole object for an error body or a body without Data.Data', () => {
    const error = cryptoCompareFixture('BTC', [], facts);
    const errorBody = {
      ...error.envelope,
      body: { Response: 'Error', Message: 'fsym param is invalid', Data: {} },
    };

    expect(parseCryptoCompare(errorBody, error.key, 'x').problems).toEqual([
      {
        rawKey: error.key,
        at: 'object',
        row: 'x',
        reasons: ['provider-error'],
        detail: 'CryptoCompare error: "fsym param is invalid"',
      },
    ]);
    const noData = { ...error.envelope, body: { Response: 'Success', Data: { Data: {} } } };
    expect(parseCryptoCompare(noData, error.key, '').problems[0].reasons).toEqual(['bad-body-shape']);
  });

  it('reads an empty Data array as no rows and no problems', () => {
    expect(parse([])).toEqual({ candles: [], problems: [] });
  });
});
