import { daysBetween } from '@cf/ohlcv';
import { CorruptModelStateError, InsufficientHistoryError, ModelNotFittedError } from '../errors';
import type { Forecaster, FitReport, ModelFiles } from '../forecaster';
import { checkFitHistory } from './fit-history';
import { PLAIN_CAPABILITIES } from './persistence-model';
import { readStateFile, stateFiles } from './state-file';

/**
 * Random walk with drift on log prices, fitted per symbol: the drift `mu` is the mean daily log return of the
 * symbol's history up to the cut-off, `ln(lastClose / firstClose) / days` (days between its first and last
 * candle, so a missing day does not bias it). The forecast from origin close `C` is `C * exp(mu * k)` for day
 * `k`: a daily simple return of `exp(mu) - 1` every day; `mu` stays fixed until the next fit. The one definition
 * of drift on the platform (backtest, monitor and serving). Symbols with fewer than two candles cannot be
 * forecast.
 *
 * @example
 * const model = createDriftModel({ horizon: 7 });
 * await model.fit(history, { cutoff: '2023-02-11' });
 */
export function createDriftModel(params: { readonly horizon: number }, state?: ModelFiles): Forecaster {
  const { horizon } = params;
  const name = 'drift';
  let drift: Map<string, number> | undefined = state === undefined ? undefined : parseState(state);
  return {
    name,
    horizon,
    minTrainDays: 2,
    inputDays: 1,
    historyDays: 1,
    capabilities: PLAIN_CAPABILITIES,
    async fit(history, context): Promise<FitReport> {
      const span = checkFitHistory(name, history, context.cutoff, 2);
      const fitted = new Map<string, number>();
      for (const symbol of span.symbols) {
        const candles = history[symbol];
        if (candles.length < 2) continue;
        const first = candles[0];
        const last = candles[candles.length - 1];
        fitted.set(symbol, Math.log(last.close / first.close) / daysBetween(first.date, last.date));
      }
      drift = fitted;
      return {
        symbols: [...fitted.keys()],
        dataFrom: span.dataFrom,
        dataThrough: span.dataThrough,
        chosen: {},
        details: {},
      };
    },
    async predict(origins) {
      const fitted = drift;
      if (fitted === undefined) throw new ModelNotFittedError(name, 'predict before fit');
      return origins.map((origin) => {
        const mu = fitted.get(origin.symbol);
        if (mu === undefined) {
          // An asset the fit never saw (or saw with one candle): refused as an input, not a fault.
          throw new InsufficientHistoryError(
            name,
            origin.candles[origin.candles.length - 1]?.date ?? '',
            `no drift for ${origin.symbol}: it had under 2 candles in the fit`,
          );
        }
        return { returns: new Array<number>(horizon).fill(Math.expm1(mu)) };
      });
    },
    inputWarnings: () => [],
    async save() {
      if (drift === undefined) throw new ModelNotFittedError(name, 'save before fit');
      return stateFiles({ kind: name, horizon, drift: Object.fromEntries(drift) });
    },
    dispose() {
      drift = undefined;
    },
  };

  function parseState(files: ModelFiles): Map<string, number> {
    const doc = readStateFile(name, files) as { drift?: unknown };
    const entries = typeof doc.drift === 'object' && doc.drift !== null ? Object.entries(doc.drift) : [];
    if (entries.length === 0 || !entries.every(([, v]) => typeof v === 'number' && Number.isFinite(v))) {
      throw new CorruptModelStateError(name, 'state.json', "has no 'drift' map of finite numbers by symbol");
    }
    return new Map(entries as [string, number][]);
  }
}
