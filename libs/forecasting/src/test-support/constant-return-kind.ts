// A registrable test kind with a known, fixed skill: for promotion, serving and replay tests of other projects.
import type { ModelKind } from '../model-kind';
import { createPersistenceModel } from '../kinds/persistence-model';
import { stateFiles } from '../kinds/state-file';

/**
 * A point kind named `name` whose every forecast moves the close by `dailyReturn` each day. With a return far
 * from 0 (`-0.02`) it is a real, servable version that is clearly worse than persistence on any market, the
 * candidate the promotion gate must refuse.
 *
 * @example
 * const kinds = [...modelKinds(), constantReturnKind('pessimist', -0.02)];
 */
export function constantReturnKind(name: string, dailyReturn: number): ModelKind {
  const create = (horizon: number) => {
    const base = createPersistenceModel({ horizon });
    return {
      ...base,
      name,
      async predict(origins: readonly unknown[]) {
        return origins.map(() => ({ returns: new Array<number>(horizon).fill(dailyReturn) }));
      },
      save: async () => stateFiles({ kind: name, horizon, dailyReturn }),
    };
  };
  return {
    name,
    role: 'point',
    summary: `test kind: every day moves the close by ${dailyReturn}`,
    variants: [],
    create: (_ref, params) => create(params.horizon),
    load: async (_ref, params) => create(params.horizon),
  };
}
