// Time to fit the scale models on the five bundled assets (last 2000 days of each Yahoo file, read from
// sample-data/) at one cut-off and forecast 7 days of quantiles, against the issue's target of under 1 s in
// total. `npm run bench -- volatility`. No tfjs involved.
import { cpus } from 'node:os';
import { loadSampleCandles, SAMPLE_SYMBOLS } from '@cf/ohlcv/testing';
import {
  fitGarchT,
  fitHar,
  forecastEwma,
  forecastGarchT,
  forecastHar,
  naiveEmpiricalQuantiles,
  scaleQuantiles,
  type OhlcSeries,
} from '../src';

const DAYS = 2000;
const HORIZON = 7;
const LEVELS = [0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95];
const ROUNDS = 5;
const TARGET_MS = 1000;

const MODELS: Record<string, (ohlc: OhlcSeries) => number[][]> = {
  'naive-empirical': (ohlc) => naiveEmpiricalQuantiles(ohlc.close, LEVELS, { horizon: HORIZON }),
  EWMA: (ohlc) => scaleQuantiles(forecastEwma(ohlc.close, HORIZON), LEVELS),
  'GARCH(1,1)-t': (ohlc) =>
    scaleQuantiles(forecastGarchT(fitGarchT(ohlc.close), ohlc.close, HORIZON), LEVELS),
  'HAR (Parkinson)': (ohlc) => scaleQuantiles(forecastHar(fitHar(ohlc), ohlc, HORIZON), LEVELS),
};

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function main(): void {
  const assets = SAMPLE_SYMBOLS.map((symbol) => {
    const candles = loadSampleCandles(symbol).slice(-DAYS);
    const ohlc: OhlcSeries = {
      open: candles.map((c) => c.open),
      high: candles.map((c) => c.high),
      low: candles.map((c) => c.low),
      close: candles.map((c) => c.close),
    };
    return { symbol, days: candles.length, to: candles[candles.length - 1].date, ohlc };
  });

  // rounds[r][model] = ms for all five assets in round r; round 0 is the first call in a fresh process.
  const rounds: Record<string, number>[] = [];
  for (let r = 0; r <= ROUNDS; r++) {
    const times: Record<string, number> = {};
    for (const [name, run] of Object.entries(MODELS)) {
      const start = performance.now();
      for (const asset of assets) run(asset.ohlc);
      times[name] = performance.now() - start;
    }
    rounds.push(times);
  }

  console.log(`node ${process.version}, ${cpus().length} cores; no tfjs`);
  console.log(
    `assets: ${assets.map((a) => `${a.symbol} ${a.days} days to ${a.to}`).join(', ')}; horizon ${HORIZON}, ${LEVELS.length} levels`,
  );
  console.log(
    `${'model (5 assets: fit + 7-day quantiles)'.padEnd(42)} ${'first run'.padStart(10)} ${`median of ${ROUNDS}`.padStart(12)}`,
  );
  let first = 0;
  let warm = 0;
  for (const name of Object.keys(MODELS)) {
    const cold = rounds[0][name];
    const typical = median(rounds.slice(1).map((t) => t[name]));
    first += cold;
    warm += typical;
    console.log(`${name.padEnd(42)} ${cold.toFixed(1).padStart(7)} ms ${typical.toFixed(1).padStart(9)} ms`);
  }
  console.log(
    `${'total'.padEnd(42)} ${first.toFixed(1).padStart(7)} ms ${warm.toFixed(1).padStart(9)} ms   target < ${TARGET_MS} ms: ${first < TARGET_MS ? 'met' : 'MISSED'}`,
  );
}

main();
