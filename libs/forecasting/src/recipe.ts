import { UnknownForecastingModelError } from './errors';
import type { Forecaster, ModelFiles } from './forecaster';
import type { KindRef, ModelKind } from './model-kind';
import type { TrainingParameters } from './parameters/training-parameters';
import { combinePointAndScale, splitRecipeFiles } from './scale/point-and-scale';

/** A parsed model name: a point kind and, optionally, a scale kind for ranges (`POINT+SCALE`). */
export interface Recipe {
  /** The canonical name: variants spelled out (`lstm` -> `lstm/scale-free`). */
  readonly name: string;
  readonly point: KindRef;
  readonly scale?: KindRef;
}

/**
 * Parses `POINT[/VARIANT][+SCALE[/VARIANT]]` against the registered kinds (`lstm`, `lstm/price-levels`,
 * `persistence+garch`); a kind with variants gets its first one when none is named. Throws
 * `UnknownForecastingModelError` listing what is known.
 *
 * @example
 * parseRecipe('gru', kinds); // { name: 'gru/scale-free', point: { kind: 'gru', variant: 'scale-free' } }
 */
export function parseRecipe(name: string, kinds: readonly ModelKind[]): Recipe {
  const [pointText, scaleText, ...rest] = name.split('+');
  if (rest.length > 0 || pointText === undefined || pointText === '') {
    throw new UnknownForecastingModelError(name, `expected POINT or POINT+SCALE. ${knownKinds(kinds)}`);
  }
  const point = kindRef(name, pointText, 'point', kinds);
  const scale = scaleText === undefined ? undefined : kindRef(name, scaleText, 'scale', kinds);
  return {
    name: [point, scale]
      .filter((r): r is KindRef => r !== undefined)
      .map(refName)
      .join('+'),
    point,
    ...(scale === undefined ? {} : { scale }),
  };
}

/** Why `name` is not a recipe (`names an unknown model ...`), or undefined when it is: for reports that collect every problem. */
export function recipeProblem(name: string, kinds: readonly ModelKind[]): string | undefined {
  try {
    parseRecipe(name, kinds);
    return undefined;
  } catch (error) {
    if (error instanceof UnknownForecastingModelError) return `names an ${error.message}`;
    throw error;
  }
}

/** `lstm/scale-free`, `persistence`. */
export function refName(ref: KindRef): string {
  return ref.variant === undefined ? ref.kind : `${ref.kind}/${ref.variant}`;
}

/** The kind a reference names (the recipe was parsed against the same kinds). */
export function kindOf(ref: KindRef, kinds: readonly ModelKind[]): ModelKind {
  const kind = kinds.find((k) => k.name === ref.kind);
  if (kind === undefined) throw new UnknownForecastingModelError(ref.kind, knownKinds(kinds));
  return kind;
}

/**
 * A fresh, unfitted forecaster of a recipe, its kinds reading their parameters from `params`.
 *
 * @example
 * const model = await createRecipeForecaster(parseRecipe('ridge', kinds), params, kinds);
 */
export async function createRecipeForecaster(
  recipe: Recipe,
  params: TrainingParameters,
  kinds: readonly ModelKind[],
): Promise<Forecaster> {
  const point = await kindOf(recipe.point, kinds).create(recipe.point, params);
  if (recipe.scale === undefined) return point;
  const scale = await kindOf(recipe.scale, kinds).create(recipe.scale, params);
  return combinePointAndScale(recipe.name, point, scale);
}

/** A fitted forecaster of a recipe rebuilt from the files of its model version. */
export async function loadRecipeForecaster(
  recipe: Recipe,
  params: TrainingParameters,
  files: ModelFiles,
  kinds: readonly ModelKind[],
): Promise<Forecaster> {
  if (recipe.scale === undefined) return kindOf(recipe.point, kinds).load(recipe.point, params, files);
  const parts = splitRecipeFiles(files);
  const point = await kindOf(recipe.point, kinds).load(recipe.point, params, parts.point);
  try {
    const scale = await kindOf(recipe.scale, kinds).load(recipe.scale, params, parts.scale);
    return combinePointAndScale(recipe.name, point, scale);
  } catch (error) {
    point.dispose();
    throw error;
  }
}

function kindRef(name: string, text: string, role: 'point' | 'scale', kinds: readonly ModelKind[]): KindRef {
  const [kindName, variant, ...rest] = text.split('/');
  const kind = kinds.find((k) => k.name === kindName && k.role === role);
  if (kind === undefined || rest.length > 0) {
    throw new UnknownForecastingModelError(name, `'${text}' is not a ${role} kind. ${knownKinds(kinds)}`);
  }
  if (variant === undefined) {
    return kind.variants.length === 0 ? { kind: kind.name } : { kind: kind.name, variant: kind.variants[0] };
  }
  if (!kind.variants.includes(variant)) {
    throw new UnknownForecastingModelError(
      name,
      kind.variants.length === 0
        ? `${kind.name} has no variants`
        : `${kind.name} variants are ${kind.variants.join(', ')}, not '${variant}'`,
    );
  }
  return { kind: kind.name, variant };
}

function knownKinds(kinds: readonly ModelKind[]): string {
  const list = (role: 'point' | 'scale') =>
    kinds
      .filter((k) => k.role === role)
      .map((k) => (k.variants.length === 0 ? k.name : `${k.name}[/${k.variants.join('|')}]`))
      .join(', ');
  const scale = list('scale');
  return `Point kinds: ${list('point')}${scale === '' ? '' : `; scale kinds: ${scale}`}.`;
}
