import type { Candle } from '@cf/ohlcv';
import {
  checkGarchTParams,
  checkHarRegression,
  EWMA_DEFAULT_LAMBDA,
  EWMA_MIN_CLOSES,
  fitGarchT,
  fitHar,
  forecastEwma,
  forecastGarchT,
  forecastHar,
  GARCH_MIN_CLOSES,
  harMinDays,
  NAIVE_EMPIRICAL_DEFAULT_WINDOW,
  naiveEmpiricalMinCloses,
  naiveEmpiricalQuantiles,
  scaleQuantiles,
  type GarchTFit,
  type HarParams,
  type OhlcSeries,
} from '@cf/volatility';
import type { ModelKind } from '../model-kind';
import { createScaleForecaster, type ScaleSpec } from './scale-forecaster';

const closesOf = (candles: readonly Candle[]) => candles.map((c) => c.close);
const ohlcOf = (candles: readonly Candle[]): OhlcSeries => ({
  open: candles.map((c) => c.open),
  high: candles.map((c) => c.high),
  low: candles.map((c) => c.low),
  close: candles.map((c) => c.close),
});

function problemOf(check: () => void): string | undefined {
  try {
    check();
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** Naive-empirical: the baseline every range is judged against. */
const NAIVE_EMPIRICAL: ScaleSpec<{ readonly window: number }> = {
  name: 'naive-empirical',
  inputDays: naiveEmpiricalMinCloses(),
  historyDays: naiveEmpiricalMinCloses(),
  minTrainDays: 1,
  fit: () => ({ window: NAIVE_EMPIRICAL_DEFAULT_WINDOW }),
  stateProblem: (state) =>
    Number.isInteger((state as { window?: unknown }).window) ? undefined : 'no integer window',
  quantiles(state, candles, levels) {
    return naiveEmpiricalQuantiles(closesOf(candles), levels, {
      window: state.window,
      horizon: levels.length,
    });
  },
};

/** EWMA (RiskMetrics, λ = 0.94): nothing to fit. */
const EWMA: ScaleSpec<{ readonly lambda: number }> = {
  name: 'ewma',
  inputDays: EWMA_MIN_CLOSES,
  // λ^250 < 1e-6: the seed of the recursion is forgotten.
  historyDays: EWMA_MIN_CLOSES + 250,
  minTrainDays: 1,
  fit: () => ({ lambda: EWMA_DEFAULT_LAMBDA }),
  stateProblem: (state) => {
    const lambda = (state as { lambda?: unknown }).lambda;
    return typeof lambda === 'number' && lambda > 0 && lambda < 1 ? undefined : 'lambda is not in (0, 1)';
  },
  quantiles: (state, candles, levels) =>
    scaleQuantiles(forecastEwma(closesOf(candles), levels.length, { lambda: state.lambda }), levels),
};

/** GARCH(1,1) with Student-t innovations, fitted by maximum likelihood per symbol at the cut-off. */
const GARCH: ScaleSpec<GarchTFit> = {
  name: 'garch',
  inputDays: GARCH_MIN_CLOSES,
  // β^300 is negligible for any fitted β below 0.95; the recursion's start is forgotten.
  historyDays: 400,
  minTrainDays: GARCH_MIN_CLOSES,
  fit: (candles) => fitGarchT(closesOf(candles)),
  stateProblem: (state) => problemOf(() => checkGarchTParams(state as GarchTFit)),
  quantiles: (state, candles, levels) =>
    scaleQuantiles(forecastGarchT(state, closesOf(candles), levels.length), levels),
};

/** HAR on the daily Parkinson (high-low) variance, fitted by least squares per symbol at the cut-off. */
const HAR: ScaleSpec<HarParams> = {
  name: 'har',
  inputDays: harMinDays(),
  historyDays: harMinDays(),
  minTrainDays: harMinDays() + 1,
  fit: (candles) => fitHar(ohlcOf(candles)),
  stateProblem: (state) => problemOf(() => checkHarRegression(state as HarParams)),
  quantiles: (state, candles, levels) =>
    scaleQuantiles(forecastHar(state, ohlcOf(candles), levels.length), levels),
};

function scaleKind<State>(spec: ScaleSpec<State>, summary: string): ModelKind {
  return {
    name: spec.name,
    role: 'scale',
    summary,
    variants: [],
    create: (_ref, params) => createScaleForecaster(spec, params),
    load: async (_ref, params, files) => createScaleForecaster(spec, params, files),
  };
}

/** Naive-empirical ranges: the baseline every range forecast is judged against. */
export const naiveEmpiricalKind = scaleKind(
  NAIVE_EMPIRICAL,
  'ranges from the empirical quantiles of the trailing year of h-day log returns: the baseline of every range',
);

/** EWMA variance (RiskMetrics λ = 0.94), normal shape. */
export const ewmaKind = scaleKind(EWMA, 'EWMA variance of daily log returns (λ = 0.94), normal ranges');

/** GARCH(1,1) with Student-t errors. */
export const garchKind = scaleKind(
  GARCH,
  'GARCH(1,1) with Student-t errors, maximum likelihood per asset at the cut-off',
);

/** HAR on the daily high-low range. */
export const harKind = scaleKind(
  HAR,
  'HAR regression on the daily Parkinson (high-low) variance per asset, normal ranges',
);

/** Every scale kind, naive-empirical first. */
export const SCALE_KINDS: readonly ModelKind[] = [naiveEmpiricalKind, ewmaKind, garchKind, harKind];
