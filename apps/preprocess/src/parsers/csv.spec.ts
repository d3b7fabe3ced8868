import { loadSampleCandles } from '@cf/ohlcv/testing';
import { csvFixture, yahooText } from '../test-support/raw-fixtures';
import { parseCsvBody } from './csv';

const facts = { fetchedAt: '2024-02-12T00:05:00.000Z', from: '2020-04-10', to: '2024-02-11' };

describe('parseCsvBody', () => {
  it('reads a Yahoo file as received, every candle located at its line', () => {
    const { key, envelope } = csvFixture('SOL', yahooText('SOL'), facts);

    const { candles, problems } = parseCsvBody(envelope.body, envelope.symbol, key, '');

    expect(problems).toEqual([]);
    expect(candles.map((c) => c.candle)).toEqual(loadSampleCandles('SOL'));
    expect(candles[0]).toMatchObject({ at: 'line 2', row: yahooText('SOL').split('\n')[1] });
  });

  it('quarantines unreadable rows with their line as received and keeps the others at their lines', () => {
    const lines = yahooText('BTC').split('\n').slice(0, 5);
    lines[2] = '2014-09-18,NaN,456.8599853515625,413.10400390625,456.8599853515625,34483200';
    lines[3] = '2014-09-19,394.79,423.29';
    const { key, envelope } = csvFixture('BTC', `${lines.join('\r\n')}\r\n`, facts);

    const { candles, problems } = parseCsvBody(envelope.body, envelope.symbol, key, '');

    expect(problems.map((p) => [p.at, p.row, p.reasons])).toEqual([
      ['line 3', lines[2], ['bad-row']],
      ['line 4', lines[3], ['bad-row']],
    ]);
    expect(problems[0].detail).toContain('close "NaN" is not a number');
    expect(candles.map((c) => [c.at, c.candle.date])).toEqual([
      ['line 2', '2014-09-17'],
      ['line 5', '2014-09-20'],
    ]);
  });

  it('quarantines the whole object when the text is not a candle CSV or not text', () => {
    const { key, envelope } = csvFixture('BTC', 'when,price\n2024-01-01,1\n', facts);
    expect(parseCsvBody(envelope.body, envelope.symbol, key, '').problems[0]).toMatchObject({
      at: 'object',
      reasons: ['csv-format'],
    });
    expect(parseCsvBody(['a'], 'BTC', key, '').problems[0].reasons).toEqual(['bad-body-shape']);
  });
});
