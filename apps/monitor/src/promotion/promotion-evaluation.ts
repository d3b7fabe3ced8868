import { freezeData, parseRecipe, type ModelKind } from '@cf/forecasting';
import {
  evaluateHeldOut,
  loadTrainingDatasets,
  versionParameters,
  heldOutEntries,
  type EvaluatedModel,
  type HeldOutEvaluation,
  type ModelMetadata,
} from '@cf/model';
import { lastCompleteDay } from '@cf/ohlcv';
import type { ObjectStore } from '@cf/storage';

/** The held-out scores a promotion decides on, and where they come from. */
export interface PromotionComparison {
  /**
   * `training`: the candidate's own evaluation (it already included the live model, or nothing is live);
   * `re-evaluated`: the harness was run again on the candidate's window because the live model changed since.
   */
  readonly source: 'training' | 're-evaluated';
  readonly evaluation: HeldOutEvaluation;
  readonly candidate: EvaluatedModel;
  readonly persistence: EvaluatedModel;
  readonly live?: EvaluatedModel;
}

/**
 * The candidate next to persistence and the live model on origins neither trained on. The candidate's
 * metadata holds its held-out walk-forward evaluation (made at training time, through the backtest's harness
 * and the one scorer); when it already compared the current live version, or nothing is live, that is used as
 * it is. Otherwise the same walk-forward runs again over the candidate's window for the candidate and the live
 * recipe, on the data up to the candidate's cut-off (never past the clock's last complete day): the same
 * origins give the same numbers as at training time.
 */
export async function comparePromotion(
  deps: { readonly store: ObjectStore; readonly clock: () => Date; readonly kinds: readonly ModelKind[] },
  candidate: ModelMetadata,
  live: ModelMetadata | undefined,
): Promise<PromotionComparison> {
  const stored = candidate.evaluation;
  const byRole = (evaluation: HeldOutEvaluation, role: string) =>
    evaluation.models.find((m) => m.role === role);
  const storedLive =
    live === undefined
      ? undefined
      : stored.models.find((m) => m.role === 'live' && m.version === live.version);
  if (live === undefined || storedLive !== undefined) {
    return {
      source: 'training',
      evaluation: stored,
      candidate: byRole(stored, 'candidate') as EvaluatedModel,
      persistence: byRole(stored, 'persistence') as EvaluatedModel,
      ...(storedLive === undefined ? {} : { live: storedLive }),
    };
  }
  const through = [candidate.data.trainedThrough, lastCompleteDay(deps.clock())].sort()[0];
  const datasets = await loadTrainingDatasets(
    { store: deps.store, prefix: 'processed/daily/' },
    candidate.symbols,
    {
      through,
    },
  );
  const data = freezeData(Object.fromEntries(datasets.map((d) => [d.symbol, d.series])));
  const params = versionParameters(candidate);
  const { evaluation } = await evaluateHeldOut({
    data,
    window: { firstCutoff: stored.firstCutoff, to: stored.to, refitEvery: stored.refitEvery },
    horizon: candidate.horizon,
    seed: candidate.seed,
    entries: heldOutEntries({ recipe: parseRecipe(candidate.model, deps.kinds), params }, live, deps.kinds),
    kinds: deps.kinds,
  });
  return {
    source: 're-evaluated',
    evaluation,
    candidate: byRole(evaluation, 'candidate') as EvaluatedModel,
    persistence: byRole(evaluation, 'persistence') as EvaluatedModel,
    live: byRole(evaluation, 'live') as EvaluatedModel,
  };
}
