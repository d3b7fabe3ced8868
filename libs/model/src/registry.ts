import { initTfBackend, type InitTfBackendOptions } from '@cf/fast-rnn';
import { driftKind, persistenceKind, ridgeKind, SCALE_KINDS, type ModelKind } from '@cf/forecasting';
import { networkKinds, type TensorflowRuntime } from '@cf/networks';

/**
 * Initialises tfjs once, on first use (`@tensorflow/tfjs-node` where installed, else wasm, else cpu, or the
 * backend `options.prefer` names); kinds that need no tfjs never trigger it.
 */
export function lazyTensorflow(options: InitTfBackendOptions = {}): () => Promise<TensorflowRuntime> {
  let runtime: Promise<TensorflowRuntime> | undefined;
  return () => {
    runtime ??= initTfBackend(options).then(({ tf, name }) => ({ tf, backend: name }));
    return runtime;
  };
}

/**
 * Every model kind of the platform (point kinds, then the scale kinds of ranges), in one place: train, infer, monitor and the backtest look kinds up here.
 * Adding a kind is one file implementing `ModelKind` and one line in this list (see the README).
 *
 * @example
 * const kinds = modelKinds();
 * const model = await createRecipeForecaster(parseRecipe('ridge', kinds), params, kinds);
 */
export function modelKinds(
  tensorflow: () => Promise<TensorflowRuntime> = lazyTensorflow(),
): readonly ModelKind[] {
  return [persistenceKind, driftKind, ridgeKind, ...networkKinds(tensorflow), ...SCALE_KINDS];
}
