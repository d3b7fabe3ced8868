import {
  buildWindows,
  computeFeatures,
  decodeForecasts,
  latestModelInput,
  type ModelScalers,
} from '@cf/features';
import { addDays, type IsoDay } from '@cf/ohlcv';
import type * as tfTypes from '@tensorflow/tfjs';
import { requiredCandles } from '../serving/required-candles';
import { prepareTrainingData } from '../training/dataset-split';
import type { SymbolWindows } from '../training/dataset-windows';
import { fitForecaster } from '../training/train-forecaster-fit';
import { resolveTrainRequest, type TrainRequest } from '../training/train-forecaster-request';
import { planCutoffSplit } from './cutoff-split';
import { checkFitHistory } from './fit-history';
import { InsufficientHistoryError, ModelNotFittedError } from './forecasting-errors';
import {
  originDay,
  type CandlesBySymbol,
  type ForecastingModel,
  type ForecastOrigin,
  type ModelFitOptions,
  type ModelFitReport,
} from './forecasting-model';

/**
 * Candles before an origin's input days that `predict` still feeds to the features, so that EMA 7 and RSI 14
 * (which remember their whole run) have forgotten where the slice starts: after a year the start's weight is
 * below 1e-11, under float32 precision, so a forecast equals one computed from the full history.
 */
export const PREDICT_BURN_IN_DAYS = 365;

const PREDICT_BATCH = 256;

/**
 * A neural forecaster built and trained by the training pipeline's own pieces, named
 * `{architecture}/{featureSet}` (e.g. `lstm/scale-free`). `request` gives its hyperparameters
 * (`TRAIN_REQUEST_DEFAULTS` for the rest; `symbols` and `trainFraction` are not used: it learns from every
 * symbol it is handed, and validation takes `validationFraction` of the dates). A fit, on the history up to a
 * cut-off only:
 * 1. features and windows per symbol (symbols without a complete window are left out);
 * 2. its own time split (`planCutoffSplit`): validation is the most recent part, `horizon` days after train;
 * 3. scalers fitted on the training part only (`prepareTrainingData`);
 * 4. a seeded fit with early stopping on the validation part (`fitForecaster`).
 * `predict` computes the features of each origin's last `inputDays + PREDICT_BURN_IN_DAYS` candles, scales the
 * window ending on the origin with the fit's scalers, and un-scales the predicted returns.
 *
 * @example
 * const model = createNeuralModel(tf, { architecture: 'gru', featureSet: 'scale-free', epochs: 15 });
 * const report = await model.fit(history, { cutoff: '2023-02-11' });
 * const returns = await model.predict(origins);
 * model.dispose();
 */
export function createNeuralModel(tf: typeof tfTypes, request: TrainRequest = {}): ForecastingModel {
  const resolved = resolveTrainRequest({ ...request, symbols: [], trainFraction: trainShareFor(request) });
  const { architecture, featureSet, window, horizon, validationFraction } = resolved;
  const name = `${architecture}/${featureSet}`;
  const inputDays = requiredCandles(featureSet, window);
  const minWindows = Math.ceil((horizon + 2) / (1 - validationFraction));
  let fitted: { model: tfTypes.LayersModel; scalers: ModelScalers } | undefined;
  let disposed = false;

  const fit = async (history: CandlesBySymbol, options: ModelFitOptions): Promise<ModelFitReport> => {
    if (disposed) throw new ModelNotFittedError(name, 'fit after dispose');
    const minTrainDays = inputDays - 1 + horizon + minWindows;
    const span = checkFitHistory(name, history, options.cutoff, minTrainDays);
    const perSymbol: SymbolWindows[] = [];
    for (const symbol of span.symbols) {
      const frame = computeFeatures(history[symbol], featureSet);
      if (frame.rows.length === 0) continue;
      const windows = buildWindows(frame, { window, horizon });
      if (windows.count > 0) perSymbol.push({ symbol, frame, windows });
    }
    if (perSymbol.length === 0) {
      throw new InsufficientHistoryError(
        name,
        options.cutoff,
        `no symbol has ${window} consecutive days of '${featureSet}' features followed by ${horizon} days`,
      );
    }
    const split = planCutoffSplit(
      perSymbol.flatMap((s) => s.windows.originDates),
      { cutoff: options.cutoff, validationFraction, gapDays: horizon, model: name },
    );
    const prepared = prepareTrainingData(perSymbol, split);
    const result = await fitForecaster(tf, resolved, prepared.fitData, {
      ...(options.onEpoch === undefined ? {} : { onEpoch: options.onEpoch }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    fitted?.model.dispose();
    fitted = { model: result.model, scalers: prepared.scalers };
    const { fitResult } = result;
    return {
      symbols: perSymbol.map((s) => s.symbol),
      dataFrom: span.dataFrom,
      dataThrough: lastTargetDay(split.validation.to, horizon),
      neural: {
        train: { ...split.train, windows: prepared.counts.train },
        validation: { ...split.validation, windows: prepared.counts.validation },
        gapDays: split.gapDays,
        scalersFittedThrough: prepared.scalers.fittedThrough,
        epochsRun: fitResult.epochsRun,
        bestEpoch: fitResult.bestEpoch,
        bestValidationLoss: fitResult.bestValidationLoss,
        path: fitResult.path,
      },
    };
  };

  const predict = async (origins: readonly ForecastOrigin[]): Promise<number[][]> => {
    const current = fitted;
    if (current === undefined || disposed)
      throw new ModelNotFittedError(name, 'predict before fit or after dispose');
    if (origins.length === 0) return [];
    const stride = window * current.scalers.features.names.length;
    const x = new Float32Array(origins.length * stride);
    const closes: number[] = [];
    origins.forEach((origin, i) => {
      const day = originDay(origin);
      const tail = origin.candles.slice(-(inputDays + PREDICT_BURN_IN_DAYS));
      const input = latestModelInput(computeFeatures(tail, featureSet), current.scalers);
      if (input === undefined || input.originDate !== day) {
        throw new InsufficientHistoryError(
          name,
          day,
          `${origin.symbol} needs ${inputDays} consecutive daily candles ending on the origin`,
        );
      }
      x.set(input.x, i * stride);
      closes.push(input.originClose);
    });
    const output = tf.tidy(() => {
      const input = tf.tensor3d(x, [origins.length, window, stride / window]);
      return (current.model.predict(input, { batchSize: PREDICT_BATCH }) as tfTypes.Tensor).dataSync();
    });
    return decodeForecasts(output, closes, current.scalers).map((d) => d.returns);
  };

  return {
    name,
    horizon,
    minTrainDays: inputDays - 1 + horizon + minWindows,
    inputDays,
    fit,
    predict,
    dispose() {
      disposed = true;
      fitted?.model.dispose();
      fitted = undefined;
    },
  };
}

/**
 * `trainFraction` is not used here (train is everything before validation and its gap), but the request check
 * wants train + validation below 1: keep it out of the way of any valid `validationFraction`.
 */
function trainShareFor(request: TrainRequest): number | undefined {
  const v = request.validationFraction;
  return typeof v === 'number' && v > 0 && v < 1 ? (1 - v) / 2 : undefined;
}

function lastTargetDay(lastOrigin: IsoDay, horizon: number): IsoDay {
  return addDays(lastOrigin, horizon);
}
