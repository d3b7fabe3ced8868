import type * as tfTypes from '@tensorflow/tfjs';
import { parseScalers, serializeScalers, type FeatureSetName, type ModelScalers } from '@cf/features';
import {
  checkFitHistory,
  CorruptModelStateError,
  decodeReturns,
  ModelNotFittedError,
  OriginFeatures,
  PREDICT_BURN_IN_DAYS,
  prepareFitWindows,
  requiredCandles,
  type Capabilities,
  type Forecaster,
  type FitReport,
  type ModelFiles,
  type TrainingParameters,
} from '@cf/forecasting';
import { addDays } from '@cf/ohlcv';
import { canPredictFast, createFastForward, type FastForward } from '@cf/fast-rnn';
import { buildForecastModel } from '../architectures/build-forecast-model';
import type { ArchitectureName } from '../architectures/model-spec';
import { fitNetwork, type WarmWeights } from '../fit/fit-network';
import { deserializeNetwork, serializeNetwork } from '../io/network-files';

/** The scalers of a network version, beside `model.json` and `weights.bin`. */
export const SCALER_JSON = 'scaler.json';

/** The tfjs namespace (its backend initialised) and the backend's name. */
export interface TensorflowRuntime {
  readonly tf: typeof tfTypes;
  readonly backend: string;
}

const PREDICT_BATCH = 256;

const CAPABILITIES: Capabilities = Object.freeze({
  quantileLevels: Object.freeze([]) as readonly number[],
  warmStart: true,
  tensorflow: true,
});

/** The fitted networks, so that a warm start can read the weights (and their lineage) of an earlier fit. */
const networks = new WeakMap<Forecaster, WarmWeights>();

interface Fitted {
  readonly model: tfTypes.LayersModel;
  readonly scalers: ModelScalers;
}

/** A fitted network with its forward pass: the fast kernels where they support it, else stock tfjs. */
interface Serving extends Fitted {
  readonly forward?: FastForward;
}

function serving(fitted: Fitted): Serving {
  return canPredictFast(fitted.model) ? { ...fitted, forward: createFastForward(fitted.model) } : fitted;
}

function release(current: Serving | undefined): void {
  if (current === undefined) return;
  void current.forward?.dispose();
  current.model.dispose();
}

/**
 * A tfjs network forecaster (`lstm`, `gru` or `dense` on a feature set): the original system's LSTM 64 -> LSTM
 * 32 -> Dense 64 relu -> Dense horizon and its siblings. A fit on the history up to a cut-off:
 * 1. features and windows per symbol;
 * 2. a time split inside the history: validation is the most recent `validationFraction` of origin dates,
 *    `horizon` days after train;
 * 3. scalers fitted on the training part only;
 * 4. a seeded fit (Adam on MSE) with early stopping on validation restoring the best epoch, which it reports
 *    as `chosen.epochs`.
 * With `context.chosen.epochs` (the production refit) there is no validation: every window trains, scalers
 * are fitted on all of them, and exactly that many epochs run. Forecasts go through the fast forward kernels
 * of `@cf/fast-rnn` (all origins of a call in one batched pass, equal to tfjs within 1e-5) where they support
 * the network, else through stock tfjs `predict`. With `context.warmStart` (a network of the same
 * recipe fitted at an earlier cut-off) the fit starts from its weights instead of a seeded initialisation,
 * with `warmPatience`, the warm weights being epoch 0 when they never trained on this fit's validation
 * windows (see `fitNetwork`).
 *
 * @example
 * const lstm = createNetworkModel(runtime, 'lstm', 'scale-free', params);
 * const report = await lstm.fit(history, { cutoff: '2023-02-11' }); // report.chosen.epochs
 */
export function createNetworkModel(
  runtime: TensorflowRuntime,
  architecture: ArchitectureName,
  featureSet: FeatureSetName,
  params: TrainingParameters,
  initial?: Fitted,
): Forecaster {
  const { tf, backend } = runtime;
  const { horizon, window, validationFraction } = params;
  const name = `${architecture}/${featureSet}`;
  const inputDays = requiredCandles(featureSet, window);
  const minWindows = Math.ceil((horizon + 2) / (1 - validationFraction));
  let fitted: Serving | undefined = initial === undefined ? undefined : serving(initial);
  let disposed = false;
  const features = new OriginFeatures(name, inputDays);

  const forecaster: Forecaster = {
    name,
    horizon,
    inputDays,
    historyDays: inputDays + PREDICT_BURN_IN_DAYS,
    minTrainDays: inputDays - 1 + horizon + minWindows,
    capabilities: CAPABILITIES,
    async fit(history, context): Promise<FitReport> {
      if (disposed) throw new ModelNotFittedError(name, 'fit after dispose');
      const span = checkFitHistory(name, history, context.cutoff, inputDays - 1 + horizon + minWindows);
      const fixedEpochs = context.chosen?.epochs;
      const prepared = prepareFitWindows(history, {
        model: name,
        cutoff: context.cutoff,
        featureSet,
        window,
        horizon,
        validationFraction: fixedEpochs === undefined ? validationFraction : 0,
      });
      const model = buildForecastModel(tf, {
        architecture,
        window,
        featureCount: prepared.data.featureCount,
        horizon,
        ...(params.units === undefined ? {} : { units: params.units }),
        learningRate: params.learningRate,
        seed: params.seed,
      });
      try {
        const { split } = prepared;
        const fit = await fitNetwork(tf, model, {
          data: prepared.data,
          split,
          trainedThrough: prepared.scalers.fittedThrough,
          fixedEpochs,
          params,
          warm: context.warmStart === undefined ? undefined : networks.get(context.warmStart),
          context,
        });
        const { result } = fit;
        release(fitted);
        fitted = serving({ model, scalers: prepared.scalers });
        networks.set(forecaster, fit.weights);
        const validated = fixedEpochs === undefined;
        return {
          symbols: span.symbols,
          dataFrom: span.dataFrom,
          dataThrough: validated ? addDays(split.validation.to, horizon) : span.dataThrough,
          chosen: validated ? { epochs: result.bestEpoch } : {},
          details: {
            backend,
            path: result.path,
            warmStart: fit.warmStarted,
            train: { ...split.train, windows: prepared.counts.train },
            ...(validated
              ? {
                  validation: { ...split.validation, windows: prepared.counts.validation },
                  gapDays: split.gapDays,
                }
              : {}),
            scalersFittedThrough: prepared.scalers.fittedThrough,
            epochsRun: result.epochsRun,
            ...(validated
              ? { bestEpoch: result.bestEpoch, bestValidationLoss: result.bestValidationLoss }
              : {}),
            ...(fit.startScored ? { startValidationLoss: result.startValidationLoss } : {}),
          },
        };
      } catch (error) {
        model.dispose();
        throw error;
      }
    },
    async predict(origins) {
      const current = fitted;
      if (current === undefined || disposed)
        throw new ModelNotFittedError(name, 'predict before fit or after dispose');
      if (origins.length === 0) return [];
      const inputs = features.inputs(origins, current.scalers);
      const featureCount = current.scalers.features.names.length;
      // The fast forward kernels (equal to tfjs within 1e-5) where they apply; stock tfjs otherwise.
      const output =
        current.forward !== undefined
          ? current.forward.predict(inputs.x, inputs.count)
          : tf.tidy(() => {
              const x = tf.tensor3d(inputs.x, [inputs.count, window, featureCount]);
              return (current.model.predict(x, { batchSize: PREDICT_BATCH }) as tfTypes.Tensor).dataSync();
            });
      return decodeReturns(output, inputs.closes, current.scalers).map((returns) => ({ returns }));
    },
    inputWarnings(origin, limit) {
      if (fitted === undefined) throw new ModelNotFittedError(name, 'inputWarnings before fit');
      return features.warnings(origin, fitted.scalers, limit);
    },
    async save() {
      if (fitted === undefined) throw new ModelNotFittedError(name, 'save before fit');
      const files = await serializeNetwork(tf, fitted.model);
      files.set(SCALER_JSON, new TextEncoder().encode(serializeScalers(fitted.scalers)));
      return files;
    },
    dispose() {
      disposed = true;
      release(fitted);
      fitted = undefined;
    },
  };
  // A version's weights trained through its scalers' last training origin (all the data, for a refit).
  if (initial !== undefined)
    networks.set(forecaster, { model: initial.model, trainedThrough: initial.scalers.fittedThrough });
  return forecaster;
}

/**
 * A fitted network forecaster rebuilt from a model version's files (`model.json`, `weights.bin`, `scaler.json`),
 * checked against the recipe (feature set, window, horizon, input and output shapes).
 */
export async function loadNetworkModel(
  runtime: TensorflowRuntime,
  architecture: ArchitectureName,
  featureSet: FeatureSetName,
  params: TrainingParameters,
  files: ModelFiles,
): Promise<Forecaster> {
  const name = `${architecture}/${featureSet}`;
  const scalers = parseScalerFile(name, files);
  const model = await deserializeNetwork(runtime.tf, files);
  const featureCount = scalers.features.names.length;
  const input = model.inputs[0]?.shape ?? [];
  const output = model.outputs[0]?.shape ?? [];
  const problems = [
    scalers.featureSet !== featureSet
      ? `scaler feature set '${scalers.featureSet}' is not '${featureSet}'`
      : '',
    scalers.window !== params.window ? `scaler window ${scalers.window} is not ${params.window}` : '',
    scalers.horizon !== params.horizon ? `scaler horizon ${scalers.horizon} is not ${params.horizon}` : '',
    input[1] !== params.window || input[2] !== featureCount
      ? `model input [${input.join(', ')}] is not [batch, ${params.window}, ${featureCount}]`
      : '',
    output[1] !== params.horizon
      ? `model output [${output.join(', ')}] is not [batch, ${params.horizon}]`
      : '',
  ].filter((p) => p !== '');
  if (problems.length > 0) {
    model.dispose();
    throw new CorruptModelStateError(name, 'model.json/scaler.json', `disagree: ${problems.join('; ')}`);
  }
  return createNetworkModel(runtime, architecture, featureSet, params, { model, scalers });
}

function parseScalerFile(model: string, files: ModelFiles): ModelScalers {
  const bytes = files.get(SCALER_JSON);
  if (bytes === undefined)
    throw new CorruptModelStateError(model, SCALER_JSON, 'is missing from its version');
  try {
    return parseScalers(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new CorruptModelStateError(model, SCALER_JSON, (error as Error).message, { cause: error });
  }
}
