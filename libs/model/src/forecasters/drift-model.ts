import { daysBetween } from '@cf/ohlcv';
import type { ForecastingModel, ModelFitReport } from './forecasting-model';
import { checkFitHistory } from './fit-history';
import { ModelNotFittedError } from './forecasting-errors';

/**
 * Random walk with drift on log prices, fitted per symbol: the drift `mu` is the mean daily log return of the
 * symbol's training history, `ln(lastClose / firstClose) / days` (days between its first and last candle, so a
 * missing day does not bias it). The forecast from origin close `C` is `C * exp(mu * k)` for day `k`, i.e. a
 * daily simple return of `exp(mu) - 1` every day; `mu` stays fixed until the next fit (prices between the
 * cut-off and the origin move the origin close, not the drift). This is `@cf/metrics`' `driftPath` in log
 * space. Symbols with fewer than two training candles cannot be forecast.
 *
 * @example
 * const model = createDriftModel(7);
 * await model.fit(history, { cutoff: '2023-02-11' });
 */
export function createDriftModel(horizon: number): ForecastingModel {
  const name = 'drift';
  let drift: Map<string, number> | undefined;
  return {
    name,
    horizon,
    minTrainDays: 2,
    inputDays: 1,
    async fit(history, options): Promise<ModelFitReport> {
      const span = checkFitHistory(name, history, options.cutoff, 2);
      const fitted = new Map<string, number>();
      for (const symbol of span.symbols) {
        const candles = history[symbol];
        if (candles.length < 2) continue;
        const first = candles[0];
        const last = candles[candles.length - 1];
        fitted.set(symbol, Math.log(last.close / first.close) / daysBetween(first.date, last.date));
      }
      drift = fitted;
      return { symbols: [...fitted.keys()], dataFrom: span.dataFrom, dataThrough: span.dataThrough };
    },
    async predict(origins) {
      const fitted = drift;
      if (fitted === undefined) throw new ModelNotFittedError(name, 'predict before fit');
      return origins.map((origin) => {
        const mu = fitted.get(origin.symbol);
        if (mu === undefined) {
          throw new ModelNotFittedError(
            name,
            `no drift for ${origin.symbol}: it had under 2 training candles`,
          );
        }
        return new Array<number>(horizon).fill(Math.expm1(mu));
      });
    },
    dispose() {
      drift = undefined;
    },
  };
}
