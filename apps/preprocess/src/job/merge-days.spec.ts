import type { Candle } from '@cf/ohlcv';
import { compareSourced, mergeDays } from './merge-days';
import type { SourcedCandle, ValidatedObject } from './validate-reading';

function candle(date: string, close: number): Candle {
  return { date, symbol: 'BTC', open: close, high: close, low: close, close, volume: 1 };
}
function object(
  rawKey: string,
  fetchedAt: string,
  closes: Record<string, number>,
  duplicates = 0,
): ValidatedObject {
  const candles = Object.entries(closes).map(([date, close]) => ({
    candle: candle(date, close),
    rawKey,
    fetchedAt,
  }));
  return { rawKey, symbol: 'BTC', candles, duplicates, problems: [] };
}
function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}
const closes = (days: readonly SourcedCandle[]) => days.map((d) => [d.candle.date, d.candle.close, d.rawKey]);

describe('mergeDays', () => {
  const objects = [
    object('raw/source=csv/symbol=BTC/dt=2024-01-03/candles.json', '2024-01-04T00:00:00.000Z', {
      '2024-01-01': 1,
      '2024-01-02': 2,
      '2024-01-03': 3,
    }),
    object('raw/source=binance/symbol=BTC/dt=2024-01-04/candles.json', '2024-01-05T00:00:00.000Z', {
      '2024-01-03': 30,
      '2024-01-04': 40,
    }),
    object('raw/source=cryptocompare/symbol=BTC/dt=2024-01-02/candles.json', '2024-01-05T00:00:00.000Z', {
      '2024-01-02': 20,
      '2024-01-03': 33,
    }),
    object(
      'raw/source=cryptocompare/symbol=BTC/dt=2024-01-01/candles.json',
      '2024-01-02T00:00:00.000Z',
      { '2024-01-01': 1 },
      2,
    ),
  ];

  it('orders by fetch instant, then by raw key bytes', () => {
    expect(compareSourced(objects[1].candles[0], objects[0].candles[0])).toBeGreaterThan(0);
    // Same instant: 'raw/source=cryptocompare' > 'raw/source=binance'.
    expect(compareSourced(objects[2].candles[0], objects[1].candles[0])).toBeGreaterThan(0);
    // Offsets are instants: 01:00+01:00 is midnight UTC.
    expect(
      compareSourced(
        { rawKey: 'a', fetchedAt: '2024-01-05T01:00:00+01:00' },
        { rawKey: 'a', fetchedAt: '2024-01-05T00:00:00.000Z' },
      ),
    ).toBe(0);
  });

  it('gives the same days whatever the order of the objects or how they are split over runs', () => {
    const expected = [
      ['2024-01-01', 1, objects[0].rawKey],
      ['2024-01-02', 20, objects[2].rawKey],
      ['2024-01-03', 33, objects[2].rawKey],
      ['2024-01-04', 40, objects[1].rawKey],
    ];
    for (const order of permutations(objects)) {
      expect(closes(mergeDays(new Map(), order, new Map()).days)).toEqual(expected);
      for (let split = 1; split < order.length; split++) {
        const first = mergeDays(new Map(), order.slice(0, split), new Map());
        const published = new Map(first.days.map((d) => [d.candle.date, d]));
        expect(closes(mergeDays(published, order.slice(split), published).days)).toEqual(expected);
      }
    }
  });

  it('counts accepted, duplicate and superseded rows and lists added and revised days against what was published', () => {
    const published = new Map(
      mergeDays(new Map(), [objects[0]], new Map()).days.map((d) => [d.candle.date, d]),
    );

    const merge = mergeDays(published, objects.slice(1), published);

    // 01-02 -> 20 and 01-03 -> 33 (cryptocompare, latest): accepted; 01-04: accepted (added);
    // binance 01-03 (30) lost to 33: superseded; the old 01-01 object repeats 1 (duplicate) plus 2 in-object repeats.
    expect(merge).toMatchObject({ accepted: 3, duplicate: 3, superseded: 1, added: ['2024-01-04'] });
    expect(merge.revised.map((r) => [r.date, r.old.close, r.new.close, r.oldRawKey, r.newRawKey])).toEqual([
      ['2024-01-02', 2, 20, objects[0].rawKey, objects[2].rawKey],
      ['2024-01-03', 3, 33, objects[0].rawKey, objects[2].rawKey],
    ]);
    expect(merge.removed).toEqual([]);
  });

  it('reports days published before but absent from a rebuild as removed', () => {
    const published = new Map(mergeDays(new Map(), objects, new Map()).days.map((d) => [d.candle.date, d]));

    const merge = mergeDays(new Map(), [objects[0]], published);

    expect(merge.removed.map((c) => c.date)).toEqual(['2024-01-04']);
    expect(merge.revised.map((r) => r.date)).toEqual(['2024-01-02', '2024-01-03']);
  });
});
