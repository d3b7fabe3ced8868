import { FEATURE_SETS, type FeatureSetName } from '@cf/features';
import type { ModelKind } from '@cf/forecasting';
import { ARCHITECTURES, type ArchitectureName } from '../architectures/model-spec';
import { createNetworkModel, loadNetworkModel, type TensorflowRuntime } from './network-model';

const SUMMARIES: Readonly<Record<ArchitectureName, string>> = {
  lstm: 'the original system: LSTM 64 -> LSTM 32 -> Dense 64 relu -> Dense horizon, early stopping on validation',
  gru: 'the same stack with GRU layers',
  dense: 'a small MLP on the flattened window: Dense 64 relu -> Dense 32 relu -> Dense horizon',
};

/**
 * The tfjs network kinds (`lstm`, `gru`, `dense`, each with the feature sets as variants, `scale-free` first).
 * `runtime` initialises tfjs on first use, so registering them costs nothing until a network is built.
 *
 * @example
 * const kinds = networkKinds(async () => { const { tf, name } = await initTfBackend(); return { tf, backend: name }; });
 */
export function networkKinds(runtime: () => Promise<TensorflowRuntime>): ModelKind[] {
  const variants = Object.keys(FEATURE_SETS) as FeatureSetName[];
  return ARCHITECTURES.map((architecture): ModelKind => ({
    name: architecture,
    role: 'point',
    summary: SUMMARIES[architecture],
    variants,
    create: async (ref, params) =>
      createNetworkModel(await runtime(), architecture, featureSetOf(ref.variant), params),
    load: async (ref, params, files) =>
      loadNetworkModel(await runtime(), architecture, featureSetOf(ref.variant), params, files),
  }));
}

function featureSetOf(variant: string | undefined): FeatureSetName {
  return (variant ?? 'scale-free') as FeatureSetName;
}
