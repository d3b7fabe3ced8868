import type * as tfTypes from '@tensorflow/tfjs';
import { buildForecastModel } from '@cf/networks';
import type { ModelSpec } from '@cf/networks';
import { fitModel, resolveFitPath } from '@cf/networks';
import type { EpochReport, FitData, FitPath, FitResult } from '@cf/fast-rnn';
import type { ResolvedTrainRequest } from './train-forecaster-request';

/** An epoch report with the context a progress line shows. */
export interface TrainEpochReport extends EpochReport {
  /** Most epochs of this run (early stopping may end it sooner). */
  readonly epochs: number;
  /** tfjs backend the fit runs on. */
  readonly backend: string;
  /** Trainer that runs the fit. */
  readonly fitPath: FitPath;
}

/** Options of {@link fitForecaster}. */
export interface FitForecasterOptions {
  readonly onEpoch?: (report: TrainEpochReport) => void;
  /** Aborting stops the fit after the running batch with `TrainingAbortedError`. */
  readonly signal?: AbortSignal;
}

/** The model holding the best weights (the caller disposes it) and how the fit went. */
export interface FittedForecaster {
  readonly model: tfTypes.LayersModel;
  readonly fitResult: FitResult;
}

/**
 * Builds the request's architecture for `data`'s shapes and fits it with `fitModel` (Adam on MSE, seeded
 * shuffles inside the training part, early stopping on the validation part restoring the best weights).
 * The same request, data and backend give the same weights. The model is disposed if the fit fails.
 *
 * @example
 * const { model, fitResult } = await fitForecaster(tf, request, prepared.fitData, { onEpoch: print });
 */
export async function fitForecaster(
  tf: typeof tfTypes,
  request: ResolvedTrainRequest,
  data: FitData,
  options: FitForecasterOptions = {},
): Promise<FittedForecaster> {
  const model = buildForecastModel(tf, forecastModelSpec(request, data.featureCount));
  try {
    const backend = tf.getBackend();
    // Known before the first epoch so progress lines can name it; the metadata records `FitResult.path`.
    const fitPath = resolveFitPath(tf, model, request.fitPath);
    const onEpoch = options.onEpoch;
    const fitResult = await fitModel(tf, model, data, {
      epochs: request.epochs,
      batchSize: request.batchSize,
      learningRate: request.learningRate,
      patience: request.patience,
      seed: request.seed,
      path: request.fitPath,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      onEpochEnd: async (e: EpochReport) => {
        onEpoch?.({ ...e, epochs: request.epochs, backend, fitPath });
        // tfjs-layers yields to the event loop only every ~125 ms inside a fit call, so short epochs would
        // starve timers, signal handlers and HTTP requests (progress, shutdown) for the whole fit.
        await new Promise<void>((resolve) => setImmediate(resolve));
      },
    });
    return { model, fitResult };
  } catch (error) {
    model.dispose();
    throw error;
  }
}

/** The model spec a request trains, for `featureCount` input features. */
export function forecastModelSpec(request: ResolvedTrainRequest, featureCount: number): ModelSpec {
  return {
    architecture: request.architecture,
    window: request.window,
    featureCount,
    horizon: request.horizon,
    ...(request.units === undefined ? {} : { units: request.units }),
    learningRate: request.learningRate,
    seed: request.seed,
  };
}
