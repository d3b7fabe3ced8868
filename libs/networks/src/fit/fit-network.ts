import type * as tfTypes from '@tensorflow/tfjs';
import { InvalidModelInputError, type EpochReport, type FitData, type FitResult } from '@cf/fast-rnn';
import type { TimeSplit } from '@cf/features';
import type { FitContext, TrainingParameters } from '@cf/forecasting';
import { addDays, type IsoDay } from '@cf/ohlcv';
import { fitModel, resolveFitPath } from './fit-model';

/** The weights of an earlier fit that a warm start continues from. */
export interface WarmWeights {
  readonly model: tfTypes.LayersModel;
  /** The last origin date whose targets these weights, or any weights they continued from, trained on. */
  readonly trainedThrough: IsoDay;
}

/** What {@link fitNetwork} trains on and how. */
export interface NetworkFitRequest {
  /** Scaled windows of the fit; a validation part of `count` 0 for a refit with chosen epochs. */
  readonly data: FitData;
  readonly split: TimeSplit;
  /** The last training origin date (the scalers' `fittedThrough`). */
  readonly trainedThrough: IsoDay;
  /** The chosen epochs of a refit (no validation), else undefined: up to `params.epochs`, early stopping. */
  readonly fixedEpochs: number | undefined;
  readonly params: TrainingParameters;
  /** An earlier fit of the same recipe to continue from; used when its weights have this model's shapes. */
  readonly warm: WarmWeights | undefined;
  readonly context: Pick<FitContext, 'onEpoch' | 'signal'>;
}

/** What {@link fitNetwork} did: the trainer's result and the lineage the next warm start reads. */
export interface NetworkFit {
  readonly result: FitResult;
  readonly warmStarted: boolean;
  /** Whether the warm weights were epoch 0 (scored before training, kept unless an epoch beat them). */
  readonly startScored: boolean;
  /** The fitted weights, for a later warm start. */
  readonly weights: WarmWeights;
}

/**
 * Trains a network forecaster's tfjs `model` (see `fitModel`). From scratch: up to `epochs` with early
 * stopping after `patience`, or exactly the chosen epochs of a refit. Warm-started (the weights of `warm`
 * copied in first): with `warmPatience`, and with the warm weights as epoch 0 when they never trained on this
 * fit's validation windows, i.e. their last training origin lies more than `horizon` days before validation's
 * first, the gap the split keeps between its own parts (always so for the previous cut-off's validated fit;
 * not after a refit on all data). Then the fit keeps them unless an epoch beats them, and `bestEpoch` (the
 * fit's `chosen.epochs`) counts the epochs added to them; a refit with 0 chosen epochs keeps them as they are.
 *
 * @example
 * const { result, weights } = await fitNetwork(tf, model, { data, split, trainedThrough, fixedEpochs: undefined,
 *   params, warm, context });
 */
export async function fitNetwork(
  tf: typeof tfTypes,
  model: tfTypes.LayersModel,
  request: NetworkFitRequest,
): Promise<NetworkFit> {
  const { data, split, fixedEpochs, params, context } = request;
  const warm = request.warm !== undefined && sameShapes(request.warm.model, model) ? request.warm : undefined;
  if (warm !== undefined) model.setWeights(warm.model.getWeights());
  // Scoring warm weights on windows they trained on would favour them; the lineage says whether they did.
  const startScored =
    warm !== undefined &&
    fixedEpochs === undefined &&
    addDays(warm.trainedThrough, params.horizon) < split.validation.from;
  const epochs = fixedEpochs ?? params.epochs;
  if (epochs === 0 && warm === undefined) {
    throw new InvalidModelInputError(
      `fit of '${model.name}': chosen epochs 0 keeps the weights of a warm start, and this fit has none`,
    );
  }
  const result: FitResult =
    epochs === 0
      ? {
          path: resolveFitPath(tf, model, params.fitPath),
          epochsRun: 0,
          bestEpoch: 0,
          bestValidationLoss: NaN,
          startValidationLoss: NaN,
          history: [],
        }
      : await fitModel(tf, model, data, {
          epochs,
          batchSize: params.batchSize,
          learningRate: params.learningRate,
          patience: warm === undefined ? params.patience : params.warmPatience,
          warmStart: startScored,
          seed: params.seed,
          path: params.fitPath,
          ...(context.signal === undefined ? {} : { signal: context.signal }),
          onEpochEnd: async (e: EpochReport) => {
            context.onEpoch?.({
              epoch: e.epoch,
              epochs,
              loss: e.loss,
              validationLoss: Number.isFinite(e.validationLoss) ? e.validationLoss : null,
              seconds: e.seconds,
              samplesPerSecond: e.samplesPerSecond,
            });
            // tfjs-layers yields to the event loop only every ~125 ms inside a fit, so short epochs would
            // starve timers, signal handlers and HTTP requests (progress, shutdown) for the whole fit.
            await new Promise<void>((resolve) => setImmediate(resolve));
          },
        });
  const own = request.trainedThrough;
  const trainedThrough = warm !== undefined && warm.trainedThrough > own ? warm.trainedThrough : own;
  return { result, warmStarted: warm !== undefined, startScored, weights: { model, trainedThrough } };
}

function sameShapes(a: tfTypes.LayersModel, b: tfTypes.LayersModel): boolean {
  const wa = a.weights.map((w) => w.shape.join('x'));
  const wb = b.weights.map((w) => w.shape.join('x'));
  return wa.length === wb.length && wa.every((s, i) => s === wb[i]);
}
