import { addDays, type Forecast } from '@cf/ohlcv';
import { makeForecast, syntheticCandles } from '../testing/fixtures';
import { buildFanChart, hasRanges, type DrawnForecast } from './fan-data';

// Log-return quantiles at QUANTILE_LEVELS (0.05 .. 0.95) of horizon day h: a random walk's, widening as sqrt(h).
const Z = [-0.1, -0.07, -0.03, 0, 0.03, 0.07, 0.1];
const ranges = (h: number) => Z.map((z) => z * Math.sqrt(h));

describe('buildFanChart', () => {
  // 40 days from 2024-01-01 (closes 100, 101, ...); the latest forecast is made on the last day, 2024-02-09.
  const candles = syntheticCandles(
    'TST',
    '2024-01-01',
    Array.from({ length: 40 }, (_, i) => 100 + i),
  );
  const closes = new Map(candles.map((c) => [c.date, c.close]));
  const up = (h: number, lastClose: number) => lastClose * (1 + 0.01 * h);
  const forecast = (origin: string, horizon = 3, withRanges = true): Forecast =>
    makeForecast(candles, origin, horizon, up, 'v1', withRanges ? ranges : undefined);
  /** Forecasts every 3 days back from the last day, as the dashboard draws them (oldest first). */
  const cadence = (count: number, horizon = 3): DrawnForecast[] =>
    Array.from({ length: count }, (_, i) => ({
      forecast: forecast(addDays('2024-02-09', -3 * (count - 1 - i)), horizon),
      latest: i === count - 1,
    }));

  it('spans the history days and the latest horizon, with the actual closes where known', () => {
    // act
    const fan = buildFanChart(closes, cadence(12), 30);

    // assert
    expect(fan).toMatchObject({
      origin: '2024-02-09',
      model: 'lstm/scale-free',
      modelVersion: 'v1',
      horizon: 3,
    });
    expect(fan?.days.map((d) => d.date)).toEqual(
      Array.from({ length: 33 }, (_, i) => addDays('2024-01-11', i)),
    );
    expect(fan?.days.slice(0, 30).map((d) => d.actual)).toEqual(
      Array.from({ length: 30 }, (_, i) => 110 + i),
    );
    expect(fan?.days.slice(30).map((d) => d.actual)).toEqual([null, null, null]);
  });

  it("gives each day the step of the drawn forecast covering it, its ranges the published quantiles' closes", () => {
    // act
    const fan = buildFanChart(closes, cadence(12), 30);

    // assert: 2024-02-05 is day 2 of the forecast made on 2024-02-03 (close 133)
    const day = fan?.days.find((d) => d.date === '2024-02-05');
    const close = (z: number) => 133 * Math.exp(z * Math.sqrt(2));
    expect(day?.actual).toBe(135);
    expect(day?.forecast).toMatchObject({
      origin: '2024-02-03',
      lastClose: 133,
      horizonDay: 2,
      latest: false,
    });
    expect(day?.forecast?.point).toBeCloseTo(133 * 1.02, 10);
    expect(day?.forecast?.median).toBeCloseTo(133, 10);
    expect(day?.forecast?.range50.lower).toBeCloseTo(close(-0.03), 10);
    expect(day?.forecast?.range50.upper).toBeCloseTo(close(0.03), 10);
    expect(day?.forecast?.range80.lower).toBeCloseTo(close(-0.07), 10);
    expect(day?.forecast?.range80.upper).toBeCloseTo(close(0.07), 10);
    expect(day?.forecast?.range90.lower).toBeCloseTo(close(-0.1), 10);
    expect(day?.forecast?.range90.upper).toBeCloseTo(close(0.1), 10);
    // the latest forecast covers the days ahead, day 1 to 3
    expect(
      fan?.days.slice(30).map((d) => [d.forecast?.origin, d.forecast?.horizonDay, d.forecast?.latest]),
    ).toEqual([
      ['2024-02-09', 1, true],
      ['2024-02-09', 2, true],
      ['2024-02-09', 3, true],
    ]);
    // forecasts every 3 days of horizon 3 tile the days: each day after the first origin is covered once
    const covered = fan?.days.filter((d) => d.forecast !== null) ?? [];
    expect(covered).toHaveLength(33);
    for (const d of covered)
      expect(addDays(d.forecast?.origin ?? '', d.forecast?.horizonDay ?? 0)).toBe(d.date);
  });

  it('leaves days no drawn forecast covers empty, and prefers the latest origin where forecasts overlap', () => {
    // prepare: horizon 7 every 3 days (a longer horizon than the cadence) and only the last 4 forecasts
    const drawn = cadence(4, 7);

    // act
    const fan = buildFanChart(closes, drawn, 30);

    // assert: forecasts made on 01-31, 02-03, 02-06 and 02-09; 02-04 is day 4 of 01-31's and day 1 of 02-03's
    expect(fan?.days.find((d) => d.date === '2024-02-04')?.forecast).toMatchObject({
      origin: '2024-02-03',
      horizonDay: 1,
    });
    expect(fan?.days.find((d) => d.date === '2024-02-03')?.forecast).toMatchObject({
      origin: '2024-01-31',
      horizonDay: 3,
    });
    expect(fan?.days.filter((d) => d.forecast === null).map((d) => d.date)).toEqual(
      Array.from({ length: 21 }, (_, i) => addDays('2024-01-11', i)),
    );
    expect(fan?.days.at(-1)).toMatchObject({ date: '2024-02-16', actual: null, forecast: { horizonDay: 7 } });
  });

  it('draws no range for an earlier forecast without ranges, and no fan when the latest has none', () => {
    // prepare
    const older = { forecast: forecast('2024-02-06', 3, false), latest: false };
    const latest = { forecast: forecast('2024-02-09'), latest: true };
    const latestBare = { forecast: forecast('2024-02-09', 3, false), latest: true };

    // act
    const fan = buildFanChart(closes, [older, latest], 30);
    const none = buildFanChart(closes, [{ forecast: forecast('2024-02-06'), latest: false }, latestBare], 30);

    // assert
    expect(fan?.days.find((d) => d.date === '2024-02-08')?.forecast).toBeNull();
    expect(fan?.days.find((d) => d.date === '2024-02-10')?.forecast?.origin).toBe('2024-02-09');
    expect(none).toBeUndefined();
    expect(buildFanChart(closes, [], 30)).toBeUndefined();
  });
});

describe('hasRanges', () => {
  const candles = syntheticCandles('TST', '2024-01-01', [100, 101, 102, 103, 104]);
  const forecast = makeForecast(candles, '2024-01-02', 2, (_h, c) => c, 'v1', ranges);

  it('needs the quantiles of the median and of the 50%, 80% and 90% ranges on every step', () => {
    // prepare: the same forecast without its 0.1 quantile on day 2
    const missing: Forecast = {
      ...forecast,
      steps: forecast.steps.map((s) =>
        s.horizonDay === 2 ? { ...s, quantiles: s.quantiles?.filter((q) => q.level !== 0.1) } : s,
      ),
    };
    // act / assert
    expect(hasRanges(forecast)).toBe(true);
    expect(hasRanges(missing)).toBe(false);
    expect(hasRanges({ ...forecast, steps: forecast.steps.map(({ quantiles: _q, ...s }) => s) })).toBe(false);
    expect(hasRanges({ ...forecast, steps: [] })).toBe(false);
  });
});
