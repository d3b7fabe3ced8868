import { addDays, type Candle } from '@cf/ohlcv';
import { countThrough, freezeData, historyAt, originInputs } from './backtest-data';
import { planCutoffs } from './cutoffs';
import { eligibleOrigins } from './eligible-origins';
import { perturbAfter } from './perturb-future';

function daily(symbol: string, from: string, n: number, skip: readonly string[] = []): Candle[] {
  return Array.from({ length: n }, (_, i) => addDays(from, i))
    .filter((date) => !skip.includes(date))
    .map((date, i) => ({ date, symbol, open: 10 + i, high: 12 + i, low: 9 + i, close: 11 + i, volume: 100 }));
}

describe('planCutoffs', () => {
  it('steps every refitEvery days from the first cut-off while before `to`, each forecasting until the next', () => {
    expect(planCutoffs('2023-01-01', '2023-03-01', 30)).toEqual([
      { cutoff: '2023-01-01', until: '2023-01-31' },
      { cutoff: '2023-01-31', until: '2023-03-01' },
    ]);
    expect(planCutoffs('2023-01-01', '2023-01-31', 30)).toEqual([
      { cutoff: '2023-01-01', until: '2023-01-31' },
    ]);
    expect(planCutoffs('2023-01-01', '2023-01-02', 91)).toEqual([
      { cutoff: '2023-01-01', until: '2023-01-02' },
    ]);
  });
});

describe('historyAt and originInputs', () => {
  const raw = { BTC: daily('BTC', '2024-01-01', 10), SOL: daily('SOL', '2024-01-06', 5) };
  const data = freezeData(raw);

  it('hands out new frozen arrays of the candles up to the cut-off (or the last trainDays days), never later ones', () => {
    const expanding = historyAt(data, '2024-01-05', 'expanding');
    const rolling = historyAt(data, '2024-01-08', 'rolling', 3);

    expect(expanding.BTC.map((c) => c.date)).toEqual([
      '2024-01-01',
      '2024-01-02',
      '2024-01-03',
      '2024-01-04',
      '2024-01-05',
    ]);
    expect(expanding.SOL).toBeUndefined(); // no SOL candle yet
    expect(rolling.BTC.map((c) => c.date)).toEqual(['2024-01-06', '2024-01-07', '2024-01-08']);
    expect(rolling.SOL.map((c) => c.date)).toEqual(['2024-01-06', '2024-01-07', '2024-01-08']);
    expect(expanding.BTC).not.toBe(data.BTC);
    expect(Object.isFrozen(expanding.BTC) && Object.isFrozen(expanding.BTC[0])).toBe(true);
    expect(() => (expanding.BTC as Candle[]).push(data.BTC[9])).toThrow(TypeError);
    expect(() => (expanding.BTC as Candle[]).sort(() => -1)).toThrow(TypeError);
    // The harness's copy is not the caller's either.
    expect(data.BTC[0]).not.toBe(raw.BTC[0]);
  });

  it('gives each origin its own candles up to and including the origin day', () => {
    const [input] = originInputs(data, [{ symbol: 'BTC', date: '2024-01-04', index: 3 }]);

    expect(input.symbol).toBe('BTC');
    expect(input.candles.map((c) => c.date)).toEqual([
      '2024-01-01',
      '2024-01-02',
      '2024-01-03',
      '2024-01-04',
    ]);
    expect(Object.isFrozen(input.candles)).toBe(true);
  });

  it('counts candles through a day by binary search', () => {
    expect(countThrough(data.BTC, '2023-12-31')).toBe(0);
    expect(countThrough(data.BTC, '2024-01-03')).toBe(3);
    expect(countThrough(data.BTC, '2025-01-01')).toBe(10);
  });
});

describe('eligibleOrigins', () => {
  it('keeps origins with known targets and enough consecutive history, the same for every model', () => {
    // BTC misses 2024-01-07; horizon 2, input 3 days; origins in (2024-01-03, 2024-01-10].
    const data = freezeData({
      BTC: daily('BTC', '2024-01-01', 12, ['2024-01-07']),
      ETH: daily('ETH', '2024-01-03', 8),
    });

    const result = eligibleOrigins(data, '2024-01-03', '2024-01-10', 2, 3);

    expect(result.origins.map((o) => `${o.date} ${o.symbol}`)).toEqual([
      '2024-01-04 BTC', // 01-05, 01-06 known; 01-02..01-04 consecutive
      '2024-01-05 ETH', // ETH starts 01-03: 01-03..01-05
      '2024-01-06 ETH',
      '2024-01-07 ETH',
      '2024-01-08 ETH', // 01-09, 01-10 are its last candles
      '2024-01-10 BTC', // 01-08..01-10 consecutive after the gap; 01-11, 01-12 known
    ]);
    // BTC 01-05 and 01-06: a target on the missing day; ETH 01-09, 01-10: targets past the data.
    expect(result.targetsUnknown).toBe(4);
    // BTC 01-08 and 01-09: the gap is inside their 3 input days; ETH 01-04 has 2 days of history.
    expect(result.shortHistory).toBe(3);
    const btc10 = result.origins[result.origins.length - 1];
    expect(data.BTC[btc10.index].date).toBe('2024-01-10');
  });
});

describe('perturbAfter', () => {
  it('replaces every candle after the day with a different valid candle on the same day, and keeps the rest', () => {
    const data = freezeData({ BTC: daily('BTC', '2024-01-01', 10) });

    const future = perturbAfter(data, '2024-01-04', 3);

    expect(future.BTC.slice(0, 4)).toEqual(data.BTC.slice(0, 4));
    expect(future.BTC.map((c) => c.date)).toEqual(data.BTC.map((c) => c.date));
    for (const [i, c] of future.BTC.entries()) {
      if (i < 4) continue;
      expect(c.close).not.toBe(data.BTC[i].close);
      expect(c.low <= Math.min(c.open, c.close) && Math.max(c.open, c.close) <= c.high && c.low > 0).toBe(
        true,
      );
    }
    expect(perturbAfter(data, '2024-01-04', 3)).toEqual(future);
  });
});
