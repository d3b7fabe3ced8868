import {
  createRecipeForecaster,
  forecastPoints,
  NAIVE_RANGES,
  parseRecipe,
  rangeScoresOf,
  scorePoints,
  walkForward,
  type BacktestData,
  type BacktestProgress,
  type ChosenSettings,
  type FitReport,
  type ModelKind,
  type Recipe,
  type TrainingParameters,
} from '@cf/forecasting';
import { addDays, type IsoDay } from '@cf/ohlcv';
import { versionParameters } from '../version/load-version-forecaster';
import type { EvaluatedModel, HeldOutEvaluation, ModelMetadata } from '../version/model-metadata';

/** The role of the naive ranges (`persistence+naive-empirical`) in an evaluation of a recipe with ranges. */
export const NAIVE_RANGES_ROLE = 'naive-ranges';

/** One recipe to evaluate, under a label unique in the run. */
export interface EvaluationEntry {
  /** `candidate`, `persistence`, `drift`, `live`. */
  readonly role: string;
  readonly recipe: Recipe;
  readonly params: TrainingParameters;
  /** The version a `live` entry stands for. */
  readonly version?: string;
}

/**
 * `entries` plus the naive ranges (`persistence+naive-empirical`, role `naive-ranges`) when any of them forecasts
 * ranges: ranges are judged against them on the same origins, as points are against persistence.
 */
export function withNaiveRanges(
  entries: readonly EvaluationEntry[],
  kinds: readonly ModelKind[],
): EvaluationEntry[] {
  if (
    !entries.some((e) => e.recipe.scale !== undefined) ||
    entries.some((e) => e.role === NAIVE_RANGES_ROLE)
  ) {
    return [...entries];
  }
  return [
    ...entries,
    { role: NAIVE_RANGES_ROLE, recipe: parseRecipe(NAIVE_RANGES, kinds), params: entries[0].params },
  ];
}

/**
 * What every held-out evaluation compares, train's and promotion's alike: the candidate, persistence and drift
 * at the candidate's parameters, the live version (if any) at its own parameters and the candidate's horizon,
 * and the naive ranges when any of them forecasts ranges.
 */
export function heldOutEntries(
  candidate: { readonly recipe: Recipe; readonly params: TrainingParameters },
  live: ModelMetadata | undefined,
  kinds: readonly ModelKind[],
): EvaluationEntry[] {
  const { params } = candidate;
  const entries: EvaluationEntry[] = [
    { role: 'candidate', recipe: candidate.recipe, params },
    { role: 'persistence', recipe: parseRecipe('persistence', kinds), params },
    { role: 'drift', recipe: parseRecipe('drift', kinds), params },
  ];
  if (live !== undefined) {
    entries.push({
      role: 'live',
      recipe: parseRecipe(live.model, kinds),
      params: { ...versionParameters(live), horizon: params.horizon },
      version: live.version,
    });
  }
  return withNaiveRanges(entries, kinds);
}

/** The cut-offs and origins of a held-out evaluation. */
export interface EvaluationWindow {
  /** The first cut-off of the walk-forward. */
  readonly firstCutoff: IsoDay;
  /** The last origin: `cutoff - horizon`, the last one whose targets are known by the cut-off. */
  readonly to: IsoDay;
  readonly refitEvery: number;
}

/**
 * The evaluation window of a version trained through `cutoff`: origins over the last `evaluationDays` whose
 * targets are all known by the cut-off, refitted every `evaluationRefitEvery` days.
 *
 * @example
 * evaluationWindow('2024-01-12', params); // { firstCutoff: '2023-07-06', to: '2024-01-05', refitEvery: 91 }
 */
export function evaluationWindow(cutoff: IsoDay, params: TrainingParameters): EvaluationWindow {
  const to = addDays(cutoff, -params.horizon);
  return { firstCutoff: addDays(to, -params.evaluationDays), to, refitEvery: params.evaluationRefitEvery };
}

/** What {@link evaluateHeldOut} runs with. */
export interface HeldOutRun {
  /** The data up to the version's cut-off, frozen (`freezeData`). */
  readonly data: BacktestData;
  readonly window: EvaluationWindow;
  readonly horizon: number;
  readonly seed: number;
  readonly entries: readonly EvaluationEntry[];
  readonly kinds: readonly ModelKind[];
  readonly onProgress?: (event: BacktestProgress) => void;
  readonly signal?: AbortSignal;
}

/** The evaluation and, per role, the fit at the last cut-off (whose chosen settings the published fit reuses). */
export interface HeldOutResult {
  readonly evaluation: HeldOutEvaluation;
  readonly lastFits: Readonly<Record<string, FitReport>>;
  readonly lastCutoff: IsoDay;
}

/**
 * Judges recipes on origins none of them trained on, through the walk-forward harness of the backtest: every
 * entry is refitted at every cut-off of the window on the data up to it and forecasts the origins after it;
 * every entry is scored by the one scorer on the same points. Train calls it for a candidate (next to
 * persistence, drift and the live model), promotion calls it again when the live model changed since.
 *
 * @example
 * const { evaluation } = await evaluateHeldOut({ data, window, horizon: 7, seed: 42, entries, kinds });
 */
export async function evaluateHeldOut(run: HeldOutRun): Promise<HeldOutResult> {
  const byRole = new Map(run.entries.map((e) => [e.role, e]));
  const result = await walkForward({
    data: run.data,
    models: run.entries.map((e) => e.role),
    create: (role) => {
      const entry = byRole.get(role) as EvaluationEntry;
      return createRecipeForecaster(entry.recipe, entry.params, run.kinds);
    },
    horizon: run.horizon,
    from: run.window.firstCutoff,
    to: run.window.to,
    refitEvery: run.window.refitEvery,
    windowMode: 'expanding',
    audit: 'none',
    seed: run.seed,
    warmStart: false,
    // Ranges are judged as they would be published: calibrated online (the naive reference never is).
    calibrate: run.entries
      .filter((e) => e.recipe.scale !== undefined && e.role !== NAIVE_RANGES_ROLE)
      .map((e) => e.role),
    ...(run.onProgress === undefined ? {} : { onProgress: run.onProgress }),
    ...(run.signal === undefined ? {} : { signal: run.signal }),
  });
  const naive = result.forecasts.get(NAIVE_RANGES_ROLE) ?? [];
  const models: EvaluatedModel[] = run.entries.map((entry) => {
    const forecasts = result.forecasts.get(entry.role) ?? [];
    const ranges = rangeScoresOf(entry.recipe.name, forecasts, naive, run.horizon);
    return {
      role: entry.role,
      model: entry.recipe.name,
      ...(entry.version === undefined ? {} : { version: entry.version }),
      scores: scorePoints(entry.recipe.name, forecastPoints(forecasts), run.horizon),
      ...(ranges === undefined ? {} : { ranges }),
    };
  });
  const active = result.cutoffs.filter((c) => c.origins > 0);
  const last = active[active.length - 1];
  const origins = result.periods.flatMap((p) => p.origins);
  return {
    evaluation: {
      firstCutoff: run.window.firstCutoff,
      from: origins.map((o) => o.date).reduce((a, b) => (a < b ? a : b)),
      to: origins.map((o) => o.date).reduce((a, b) => (a > b ? a : b)),
      refitEvery: run.window.refitEvery,
      cutoffs: active.map((c) => c.cutoff),
      forecasts: origins.length,
      models,
    },
    lastFits: last.fits,
    lastCutoff: last.cutoff,
  };
}

/** The settings the candidate's last evaluation fit chose (what the published fit reuses). */
export function chosenOf(result: HeldOutResult, role: string): ChosenSettings {
  return result.lastFits[role]?.chosen ?? {};
}
