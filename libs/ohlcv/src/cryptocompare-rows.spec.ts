import { dayToEpochMs } from './days';
import { parseCryptoCompareRows } from './cryptocompare-rows';
import type { ProviderRows } from './provider-rows';
import { cryptoCompareRowsOf, loadSampleCandles } from './testing';

function parse(rows: readonly unknown[]): Extract<ProviderRows, { ok: true }> {
  const page = parseCryptoCompareRows({ Response: 'Success', Data: { Data: rows } }, 'ETH');
  if (!page.ok) throw new Error(`refused: ${page.detail}`);
  return page;
}

describe('parseCryptoCompareRows', () => {
  it('reads real histoday rows: the UTC day from epoch seconds, volume := volumeto', () => {
    const source = loadSampleCandles('ETH', { from: '2024-01-01', to: '2024-02-11' });

    const { rows, problems } = parse(cryptoCompareRowsOf(source));

    expect(problems).toEqual([]);
    expect(rows.map((c) => c.candle)).toEqual(source);
    expect(rows[0].at).toBe('Data.Data[0]');
  });

  it('marks the all-zero rows CryptoCompare pads before an asset existed, but not a later zero row', () => {
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

    const { rows, problems } = parse([...padding, first, zero('2020-04-11'), second]);

    expect(problems.map((p) => [p.at, p.reasons])).toEqual([
      ['Data.Data[0]', ['pre-listing-zeros']],
      ['Data.Data[1]', ['pre-listing-zeros']],
    ]);
    expect(problems[0].row).toEqual(padding[0]);
    // The zero row after a real price is a candidate: validateCandles refuses it as non-positive-price.
    expect(rows.map((c) => [c.at, c.candle.date, c.candle.close])).toEqual([
      ['Data.Data[2]', '2020-04-10', first['close']],
      ['Data.Data[3]', '2020-04-11', 0],
      ['Data.Data[4]', '2020-04-11', second['close']],
    ]);
  });

  it('refuses numbers sent as strings instead of coercing them, naming every bad field', () => {
    const [row] = cryptoCompareRowsOf(loadSampleCandles('BTC', { from: '2024-01-02', to: '2024-01-02' }));
    const bad = { ...row, close: String(row['close']), volumeto: String(row['volumeto']) };

    const { rows, problems } = parse([bad]);

    expect(rows).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0].reasons).toEqual(['number-as-string']);
    expect(problems[0].detail).toBe(
      `close "${row['close']}" is a string, expected a JSON number; ` +
        `volumeto "${row['volumeto']}" is a string, expected a JSON number`,
    );
    expect(problems[0].row).toEqual(bad);
  });

  it('refuses timestamps that are not midnight UTC or in milliseconds, wrong types and rows that are not objects', () => {
    const [row] = cryptoCompareRowsOf(loadSampleCandles('BTC', { from: '2024-01-02', to: '2024-01-02' }));
    const rows = [
      { ...row, time: (row['time'] as number) + 3600 },
      { ...row, time: '1704153600' },
      { ...row, open: null },
      { ...row, high: true },
      { ...row, low: undefined },
      [row['time'], row['open']],
      'row',
      { ...row, time: (row['time'] as number) * 1000 },
      { ...row, close: NaN },
    ];

    const { rows: candles, problems } = parse(rows);

    expect(problems.map((p) => [p.at, p.reasons])).toEqual([
      ['Data.Data[0]', ['not-midnight-utc']],
      ['Data.Data[1]', ['number-as-string']],
      ['Data.Data[2]', ['wrong-type']],
      ['Data.Data[3]', ['wrong-type']],
      ['Data.Data[4]', ['wrong-type']],
      ['Data.Data[5]', ['wrong-shape']],
      ['Data.Data[6]', ['wrong-shape']],
      ['Data.Data[7]', ['wrong-time-unit']],
    ]);
    expect(problems[0].detail).toBe('time 1704157200 (2024-01-02T01:00:00.000Z) is not 00:00:00 UTC');
    expect(problems[2].detail).toBe('open null is not a number');
    expect(problems[7].detail).toBe(
      'time 1704153600000 is epoch milliseconds (2024-01-02T00:00:00.000Z); expected epoch seconds, not converted',
    );
    // NaN is a JSON-number-typed value: a candidate that validateCandles refuses as non-finite-price.
    expect(candles.map((c) => [c.at, c.candle.close])).toEqual([['Data.Data[8]', NaN]]);
  });

  it('refuses an error body, and a body without Data.Data naming the field and what was expected', () => {
    expect(
      parseCryptoCompareRows({ Response: 'Error', Message: 'fsym param is invalid', Data: {} }, 'BTC'),
    ).toEqual({
      ok: false,
      reason: 'provider-error',
      detail: 'CryptoCompare error: "fsym param is invalid"',
    });
    expect(parseCryptoCompareRows({ Response: 'Success', Data: { Data: {} } }, 'BTC')).toEqual({
      ok: false,
      reason: 'bad-body-shape',
      detail: 'field Data.Data is an empty object; expected a histoday response { Data: { Data: [rows] } }',
    });
    expect(parseCryptoCompareRows({ Response: 'Success' }, 'BTC')).toMatchObject({
      detail:
        'field Data is nothing (the field is missing); expected a histoday response { Data: { Data: [rows] } }',
    });
    expect(parseCryptoCompareRows([1, 2], 'BTC')).toMatchObject({
      detail: 'the body is an array of 2; expected a histoday response { Data: { Data: [rows] } }',
    });
  });

  it('reads an empty Data array as no rows and no problems', () => {
    expect(parse([])).toEqual({ ok: true, rows: [], problems: [] });
  });
});
