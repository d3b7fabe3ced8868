import type { Candle } from './candle';
import { OhlcvError } from './errors';
import { loadSampleCandles } from './testing';
import { checkCandleFields, validateCandle, validateCandles, type CandleRejectReason } from './validate';

const TODAY = '2024-02-12';
const good: Candle = {
  date: '2024-02-10',
  symbol: 'BTC',
  open: 100,
  high: 110,
  low: 90,
  close: 105,
  volume: 1000,
};

function reasons(candle: Candle): CandleRejectReason[] {
  return validateCandle(candle, { today: TODAY }).map((p) => p.reason);
}

describe('validateCandle', () => {
  it('accepts a well-formed candle, including flat bars and zero volume', () => {
    expect(validateCandle(good, { today: TODAY })).toEqual([]);
    expect(reasons({ ...good, open: 5, high: 5, low: 5, close: 5, volume: 0 })).toEqual([]);
  });

  it.each<[string, Partial<Candle>, CandleRejectReason, string]>([
    ['impossible calendar day', { date: '2023-02-29' }, 'malformed-date', '"2023-02-29"'],
    [
      'timestamp instead of a day',
      { date: '2024-02-10T00:00:00Z' },
      'malformed-date',
      '2024-02-10T00:00:00Z',
    ],
    ['lower-case symbol', { symbol: 'btc' }, 'bad-symbol', '"btc"'],
    ['NaN close', { close: NaN }, 'non-finite-price', 'close NaN'],
    ['infinite high', { high: Infinity }, 'non-finite-price', 'high Infinity'],
    ['zero low', { low: 0 }, 'non-positive-price', 'low 0'],
    [
      'high under the close',
      { high: 104 },
      'high-below-open-close',
      'high 104 is below max(open 100, close 105)',
    ],
    ['low over the open', { low: 101 }, 'low-above-open-close', 'low 101 is above min(open 100, close 105)'],
    ['NaN volume', { volume: NaN }, 'non-finite-volume', 'volume NaN'],
    ['negative volume', { volume: -1 }, 'negative-volume', 'volume -1'],
  ])('refuses a %s with a reason naming the value', (_name, change, reason, named) => {
    // Prepare
    const candle = { ...good, ...change };

    // Act
    const problems = validateCandle(candle, { today: TODAY });

    // Assert
    expect(problems).toHaveLength(1);
    expect(problems[0].reason).toBe(reason);
    expect(problems[0].detail).toContain(named);
  });

  it('treats today (incomplete) and later days as future, yesterday as complete', () => {
    expect(reasons({ ...good, date: '2024-02-11' })).toEqual([]);
    expect(reasons({ ...good, date: TODAY })).toEqual(['future-day']);
    expect(reasons({ ...good, date: '2025-01-01' })).toEqual(['future-day']);
  });

  it('reports every problem of a candle at once, and no order check on non-finite prices', () => {
    const candle = { ...good, symbol: '', open: -1, high: NaN, volume: -5 };

    const found = reasons(candle);

    expect(found).toEqual(['bad-symbol', 'non-positive-price', 'non-finite-price', 'negative-volume']);
  });

  it('catches values of the wrong type that slipped in from JSON', () => {
    const fromJson = JSON.parse(
      '{"date":20240210,"symbol":"BTC","open":"100","high":110,"low":90,"close":105,"volume":null}',
    );

    expect(new Set(reasons(fromJson as Candle))).toEqual(
      new Set(['malformed-date', 'non-finite-price', 'non-finite-volume']),
    );
  });

  it('refuses a malformed today with a typed error', () => {
    expect(() => validateCandle(good, { today: '12/02/2024' })).toThrow(OhlcvError);
    expect(() => validateCandle(good, { today: '12/02/2024' })).toThrow(/12\/02\/2024/);
  });
});

describe('validateCandles', () => {
  it('keeps the first valid row of a day, refuses later ones as duplicate-day, and sorts what it accepts', () => {
    // Prepare
    const input: Candle[] = [
      { ...good, date: '2024-02-09', close: 101 },
      { ...good, date: '2024-02-08' },
      { ...good, date: '2024-02-09', close: 102 },
      { ...good, date: '2024-02-08' },
    ];
    const snapshot = JSON.stringify(input);

    // Act
    const { accepted, rejected } = validateCandles(input, { today: TODAY });

    // Assert
    expect(accepted.map((c) => [c.date, c.close])).toEqual([
      ['2024-02-08', 105],
      ['2024-02-09', 101],
    ]);
    expect(rejected.map((r) => r.problems.map((p) => p.reason))).toEqual([
      ['duplicate-day'],
      ['duplicate-day'],
    ]);
    expect(rejected[0].problems[0].detail).toContain('close 102 vs accepted 101');
    expect(rejected[1].problems[0].detail).toContain('identical row');
    expect(JSON.stringify(input)).toBe(snapshot);
  });

  it('lets a valid row win over an earlier invalid row of the same day', () => {
    const input: Candle[] = [{ ...good, volume: -1 }, good];

    const { accepted, rejected } = validateCandles(input, { today: TODAY });

    expect(accepted).toEqual([good]);
    expect(rejected).toEqual([
      { candle: input[0], problems: [expect.objectContaining({ reason: 'negative-volume' })] },
    ]);
  });

  it('counts days per symbol, so two assets on one day are both accepted', () => {
    const input: Candle[] = [{ ...good, symbol: 'ETH' }, good];

    const { accepted } = validateCandles(input, { today: TODAY });

    expect(accepted.map((c) => c.symbol)).toEqual(['BTC', 'ETH']);
  });

  it('accepts every row of the real BTC history and refuses the current day', () => {
    const btc = loadSampleCandles('BTC');
    const last = btc[btc.length - 1];

    const whole = validateCandles(btc, { today: '2024-02-12' });
    const early = validateCandles(btc, { today: last.date });

    expect(whole.accepted).toHaveLength(btc.length);
    expect(whole.rejected).toEqual([]);
    expect(early.rejected.map((r) => [r.candle.date, r.problems[0].reason])).toEqual([
      [last.date, 'future-day'],
    ]);
  });
});

describe('checkCandleFields on every combination of edge values', () => {
  // The documented rules, written independently of the library: a candle passes when every one holds.
  const reference = (c: Record<string, unknown>): boolean => {
    const price = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v > 0;
    const [open, high, low, close] = [c.open, c.high, c.low, c.close] as number[];
    return (
      typeof c.date === 'string' &&
      /^\d{4}-\d{2}-\d{2}$/.test(c.date) &&
      realDay(c.date) &&
      typeof c.symbol === 'string' &&
      /^[A-Z0-9]{1,15}$/.test(c.symbol) &&
      [open, high, low, close].every(price) &&
      high >= Math.max(open, close) &&
      low <= Math.min(open, close) &&
      typeof c.volume === 'number' &&
      Number.isFinite(c.volume) &&
      c.volume >= 0
    );
  };

  const realDay = (date: string): boolean => {
    const [y, m, d] = date.split('-').map(Number);
    const back = new Date(Date.UTC(y, m - 1, d));
    return y >= 100 && back.getUTCFullYear() === y && back.getUTCMonth() === m - 1 && back.getUTCDate() === d;
  };

  it('finds no problem exactly when the rules hold', () => {
    const prices: unknown[] = [1, 2, 3, 0, -0, -1, NaN, Infinity, '2', null, undefined];
    const dates: unknown[] = ['2024-02-29', '2023-02-29', '2024-13-01', '0099-01-01', '2024-1-01', 20240101];
    const symbols: unknown[] = ['BTC', 'A1', 'btc', '', 'ABCDEFGHIJKLMNOP', 'B-TC', 5];
    const volumes: unknown[] = [0, -0, 1e12, -1, NaN, Infinity, '1'];
    const disagreements: string[] = [];
    let both = 0;

    for (const open of prices)
      for (const high of prices)
        for (const low of [1, 0, NaN, '1'])
          for (const close of [1, 2, 3, -1, Infinity])
            for (const [i, date] of dates.entries())
              for (const symbol of i === 0 ? symbols : ['BTC'])
                for (const volume of i === 0 ? volumes : [1]) {
                  const candle = { date, symbol, open, high, low, close, volume } as unknown as Candle;
                  const ok = checkCandleFields(candle).length === 0;
                  if (ok !== reference(candle as unknown as Record<string, unknown>))
                    disagreements.push(JSON.stringify([date, symbol, open, high, low, close, volume]));
                  if (ok) both++;
                }

    expect(disagreements).toEqual([]);
    expect(both).toBeGreaterThan(0);
  });
});
