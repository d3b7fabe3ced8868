import { parseScalers, serializeScalers, type ModelScalers } from '@cf/features';
import { CorruptModelStateError, ModelNotFittedError } from '../errors';
import type { Forecaster, FitReport, ModelFiles } from '../forecaster';
import { OriginFeatures } from '../windows/origin-features';
import { decodeReturns, PREDICT_BURN_IN_DAYS } from '../windows/origin-inputs';
import { requiredCandles } from '../windows/required-candles';
import { prepareFitWindows } from '../windows/training-windows';
import { checkFitHistory } from './fit-history';
import { multiply, normalEquations, solveRidge } from './linear-algebra';
import { PLAIN_CAPABILITIES } from './persistence-model';
import { readStateFile, stateFiles } from './state-file';

/** Penalties per training window tried by validation, smallest first (ties go to the stronger penalty). */
export const RIDGE_PENALTIES: readonly number[] = [1e-4, 1e-3, 1e-2, 1e-1, 1, 10, 100];

const FEATURE_SET = 'scale-free';

/** What ridge reads from the parameter table. */
export interface RidgeParams {
  readonly horizon: number;
  readonly lags: number;
  readonly validationFraction: number;
}

interface Fitted {
  readonly scalers: ModelScalers;
  /** Coefficients [lags * features, horizon], float64. */
  readonly coefficients: Float64Array;
  readonly penalty: number;
}

/**
 * Ridge regression of the next `horizon` daily returns on the last `lags` days of scale-free features (all
 * symbols pooled, features and targets standardised on the training part only, no intercept: targets are
 * centred). The penalty is chosen by time-split validation (the most recent `validationFraction` of origin
 * dates, `horizon` days after train): the one with the lowest validation mean squared error among
 * `RIDGE_PENALTIES`, each times the number of training windows. The model is then refitted on every window
 * up to the cut-off with that penalty (and scalers refitted on them). With `context.chosen.penalty` the
 * validation is skipped. A learned model that is not a network, proving the forecaster interface.
 *
 * @example
 * const ridge = createRidgeModel({ horizon: 7, lags: 10, validationFraction: 0.15 });
 * const report = await ridge.fit(history, { cutoff: '2023-02-11' }); // report.chosen.penalty
 */
export function createRidgeModel(params: RidgeParams, files?: ModelFiles): Forecaster {
  const { horizon, lags, validationFraction } = params;
  const name = 'ridge';
  const inputDays = requiredCandles(FEATURE_SET, lags);
  const features = new OriginFeatures(name, inputDays);
  let fitted: Fitted | undefined = files === undefined ? undefined : parseState(files);

  const solve = (
    x: Float32Array,
    y: Float32Array,
    count: number,
    features: number,
    penalty: number,
  ): Float64Array => {
    const { gram, rhs } = normalEquations(x, y, count, features, horizon);
    return solveRidge(gram, rhs, features, horizon, penalty * count);
  };

  return {
    name,
    horizon,
    inputDays,
    historyDays: inputDays + PREDICT_BURN_IN_DAYS,
    minTrainDays: inputDays - 1 + horizon + 2,
    capabilities: PLAIN_CAPABILITIES,
    async fit(history, context): Promise<FitReport> {
      const span = checkFitHistory(name, history, context.cutoff, inputDays + horizon);
      const options = {
        model: name,
        cutoff: context.cutoff,
        featureSet: FEATURE_SET,
        window: lags,
        horizon,
      } as const;
      let penalty = context.chosen?.penalty;
      const losses: Record<string, number> = {};
      if (penalty === undefined) {
        const validating = prepareFitWindows(history, { ...options, validationFraction });
        const { train, validation, window, featureCount } = validating.data;
        const d = window * featureCount;
        const { gram, rhs } = normalEquations(train.x, train.y, train.count, d, horizon);
        let best = Number.POSITIVE_INFINITY;
        for (const candidate of RIDGE_PENALTIES) {
          const b = solveRidge(gram, rhs, d, horizon, candidate * train.count);
          const predicted = multiply(validation.x, b, validation.count, d, horizon);
          let sse = 0;
          for (let i = 0; i < predicted.length; i++) sse += (predicted[i] - validation.y[i]) ** 2;
          const loss = sse / Math.max(1, predicted.length);
          losses[String(candidate)] = loss;
          if (loss <= best) {
            best = loss;
            penalty = candidate;
          }
        }
      }
      const all = prepareFitWindows(history, { ...options, validationFraction: 0 });
      const d = all.data.window * all.data.featureCount;
      const chosenPenalty = penalty ?? RIDGE_PENALTIES[0];
      fitted = {
        scalers: all.scalers,
        coefficients: solve(all.data.train.x, all.data.train.y, all.data.train.count, d, chosenPenalty),
        penalty: chosenPenalty,
      };
      return {
        symbols: span.symbols,
        dataFrom: span.dataFrom,
        dataThrough: span.dataThrough,
        chosen: { penalty: chosenPenalty },
        details: {
          windows: all.counts.train,
          ...(Object.keys(losses).length > 0 ? { validationLossByPenalty: losses } : {}),
        },
      };
    },
    async predict(origins) {
      const current = fitted;
      if (current === undefined) throw new ModelNotFittedError(name, 'predict before fit');
      if (origins.length === 0) return [];
      const inputs = features.inputs(origins, current.scalers);
      const d = lags * current.scalers.features.names.length;
      const output = multiply(inputs.x, current.coefficients, inputs.count, d, horizon);
      return decodeReturns(output, inputs.closes, current.scalers).map((returns) => ({ returns }));
    },
    inputWarnings(origin, limit) {
      if (fitted === undefined) throw new ModelNotFittedError(name, 'inputWarnings before fit');
      return features.warnings(origin, fitted.scalers, limit);
    },
    async save() {
      if (fitted === undefined) throw new ModelNotFittedError(name, 'save before fit');
      return stateFiles({
        kind: name,
        horizon,
        lags,
        penalty: fitted.penalty,
        scalers: JSON.parse(serializeScalers(fitted.scalers)) as unknown,
        coefficients: Array.from(fitted.coefficients),
      });
    },
    dispose() {
      fitted = undefined;
    },
  };

  function parseState(state: ModelFiles): Fitted {
    const doc = readStateFile(name, state) as Record<string, unknown>;
    let scalers: ModelScalers;
    try {
      scalers = parseScalers(JSON.stringify(doc.scalers));
    } catch (error) {
      throw new CorruptModelStateError(
        name,
        'state.json',
        `has unusable scalers: ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    }
    const d = lags * scalers.features.names.length;
    const coefficients = doc.coefficients;
    if (
      !Array.isArray(coefficients) ||
      coefficients.length !== d * horizon ||
      !coefficients.every((c) => typeof c === 'number' && Number.isFinite(c)) ||
      scalers.window !== lags ||
      scalers.horizon !== horizon ||
      typeof doc.penalty !== 'number'
    ) {
      throw new CorruptModelStateError(
        name,
        'state.json',
        `does not hold ${d} x ${horizon} finite coefficients for lags ${lags} and horizon ${horizon}`,
      );
    }
    return { scalers, coefficients: Float64Array.from(coefficients as number[]), penalty: doc.penalty };
  }
}
