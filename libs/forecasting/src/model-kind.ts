import type { Forecaster, ModelFiles } from './forecaster';
import type { TrainingParameters } from './parameters/training-parameters';

/** One part of a recipe: a kind and, for kinds that have them, a variant (`lstm/scale-free`). */
export interface KindRef {
  readonly kind: string;
  readonly variant?: string;
}

/**
 * A kind of forecaster, registered in one place (`@cf/model`'s registry). A point kind forecasts the path; a
 * scale kind (ranges) is combined with a point kind by the recipe `POINT+SCALE`.
 *
 * @example
 * const persistenceKind: ModelKind = {
 *   name: 'persistence', role: 'point', summary: 'repeats the last close', variants: [],
 *   create: (_ref, params) => createPersistence(params),
 *   load: async (_ref, params) => createPersistence(params),
 * };
 */
export interface ModelKind {
  readonly name: string;
  readonly role: 'point' | 'scale';
  /** One line for help texts and the README. */
  readonly summary: string;
  /** Allowed variants after a slash (feature sets of networks); empty when the kind has none. */
  readonly variants: readonly string[];
  /** A fresh, unfitted forecaster. */
  create(ref: KindRef, params: TrainingParameters): Forecaster | Promise<Forecaster>;
  /** A fitted forecaster rebuilt from the files its `save()` wrote. */
  load(ref: KindRef, params: TrainingParameters, files: ModelFiles): Promise<Forecaster>;
}
