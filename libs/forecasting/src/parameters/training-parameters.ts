/** How a parameter's value is written and checked. */
export type ParameterType =
  | { readonly kind: 'integer'; readonly min: number; readonly max: number }
  | { readonly kind: 'number'; readonly min: number; readonly max: number; readonly exclusiveMin?: boolean }
  | { readonly kind: 'choice'; readonly choices: readonly string[] }
  | { readonly kind: 'integers'; readonly min: number; readonly max: number; readonly maxCount: number }
  | { readonly kind: 'symbols' }
  | { readonly kind: 'model' };

/** One row of the parameter table. */
export interface ParameterDefinition {
  /** camelCase: the HTTP body field and the resolved property. */
  readonly name: keyof TrainingParameters;
  readonly type: ParameterType;
  /** `undefined` only where the default is "decided elsewhere" (`units`: the architecture's). */
  readonly default: TrainingParameters[keyof TrainingParameters];
  readonly help: string;
  /** The kinds that read it; `all` for every kind. */
  readonly usedBy: 'all' | readonly string[];
}

/** Every training parameter with its value, defaults filled in. */
export interface TrainingParameters {
  /** The recipe: `POINT[+SCALE]`, e.g. `persistence+garch`. */
  readonly model: string;
  /** Symbols to learn from; empty means every dataset found. */
  readonly symbols: readonly string[];
  readonly horizon: number;
  readonly seed: number;
  readonly validationFraction: number;
  readonly evaluationDays: number;
  readonly evaluationRefitEvery: number;
  readonly window: number;
  readonly units: readonly number[] | undefined;
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly patience: number;
  readonly warmPatience: number;
  readonly fitPath: 'auto' | 'fast' | 'stock';
  readonly lags: number;
}

const NETWORKS = ['lstm', 'gru', 'dense'] as const;

/** Whether a recipe name's point model is a tfjs network (`lstm/…`, `gru/…`, `dense/…`): it needs a backend. */
export function isNetworkRecipe(name: string): boolean {
  return (NETWORKS as readonly string[]).includes(name.split(/[/+]/, 1)[0]);
}

/**
 * The model trained when none is named, chosen by the walk-forward backtest of the bundled data's last year
 * (see the README): no point model beats persistence there, and GARCH(1,1)-t ranges, calibrated online, cover
 * close to nominal with the lowest pinball loss of the range models at one and two days.
 */
export const DEFAULT_MODEL = 'persistence+garch';

/**
 * The one table of training parameters. The train CLI's flags (`--batch-size`), the backtest CLI, the train
 * HTTP API's fields (`batchSize`), SageMaker's hyperparameters (`batch-size`, written by the monitor, read by the
 * training image) and the monitor's `MONITOR_TRAIN_BATCH_SIZE` are all derived from it, and help texts take
 * their defaults from it.
 */
export const TRAINING_PARAMETERS: readonly ParameterDefinition[] = [
  {
    name: 'model',
    type: { kind: 'model' },
    default: DEFAULT_MODEL,
    help: 'the recipe to train: POINT[+SCALE], e.g. persistence+garch, ridge, lstm/scale-free, gru/price-levels+ewma',
    usedBy: 'all',
  },
  {
    name: 'symbols',
    type: { kind: 'symbols' },
    default: [],
    help: 'comma-separated symbols to learn from; empty: every dataset in the store',
    usedBy: 'all',
  },
  {
    name: 'horizon',
    type: { kind: 'integer', min: 1, max: 365 },
    default: 7,
    help: 'days forecast after each origin; also the gap between the parts of a time split',
    usedBy: 'all',
  },
  {
    name: 'seed',
    type: { kind: 'integer', min: 0, max: 2 ** 32 - 1 },
    default: 42,
    help: 'seeds initial weights and shuffles: the same seed, data and backend give the same model',
    usedBy: 'all',
  },
  {
    name: 'validationFraction',
    type: { kind: 'number', min: 0, max: 0.9, exclusiveMin: true },
    default: 0.15,
    help: "share of a fit's most recent origin dates used to choose its settings (early stopping, penalty)",
    usedBy: [...NETWORKS, 'ridge'],
  },
  {
    name: 'evaluationDays',
    type: { kind: 'integer', min: 7, max: 3650 },
    default: 182,
    help: 'days of origins before the cut-off forecast walk-forward, never trained on, to judge the recipe',
    usedBy: 'all',
  },
  {
    name: 'evaluationRefitEvery',
    type: { kind: 'integer', min: 1, max: 3650 },
    default: 91,
    help: 'days between the refits of that walk-forward evaluation',
    usedBy: 'all',
  },
  {
    name: 'window',
    type: { kind: 'integer', min: 2, max: 3650 },
    default: 60,
    help: 'days of features in a network input window',
    usedBy: NETWORKS,
  },
  {
    name: 'units',
    type: { kind: 'integers', min: 1, max: 4096, maxCount: 8 },
    default: undefined,
    help: 'comma-separated recurrent (or, for dense, hidden) layer widths; default 64,32',
    usedBy: NETWORKS,
  },
  {
    name: 'epochs',
    type: { kind: 'integer', min: 1, max: 10_000 },
    default: 30,
    help: 'most epochs of a network fit; early stopping on validation may end sooner',
    usedBy: NETWORKS,
  },
  {
    name: 'batchSize',
    type: { kind: 'integer', min: 1, max: 65_536 },
    default: 64,
    help: 'windows per gradient step',
    usedBy: NETWORKS,
  },
  {
    name: 'learningRate',
    type: { kind: 'number', min: 0, max: 1, exclusiveMin: true },
    default: 1e-3,
    help: 'Adam learning rate',
    usedBy: NETWORKS,
  },
  {
    name: 'patience',
    type: { kind: 'integer', min: 0, max: 10_000 },
    default: 5,
    help: 'epochs without a better validation loss before stopping (the best epoch is kept)',
    usedBy: NETWORKS,
  },
  {
    name: 'warmPatience',
    type: { kind: 'integer', min: 0, max: 10_000 },
    default: 1,
    help: 'patience of a warm-started fit (a backtest refit continuing from the last cut-off), counted from its starting weights, kept unless an epoch beats them',
    usedBy: NETWORKS,
  },
  {
    name: 'fitPath',
    type: { kind: 'choice', choices: ['auto', 'fast', 'stock'] },
    default: 'auto',
    help: 'network trainer: fast kernels where they apply (auto), always fast, or stock tfjs',
    usedBy: NETWORKS,
  },
  {
    name: 'lags',
    type: { kind: 'integer', min: 1, max: 365 },
    default: 10,
    help: 'days of scale-free features the ridge regression sees',
    usedBy: ['ridge'],
  },
];

/** The table's defaults as a resolved parameter set. */
export const DEFAULT_TRAINING_PARAMETERS: TrainingParameters = Object.freeze(
  Object.fromEntries(TRAINING_PARAMETERS.map((p) => [p.name, p.default])) as unknown as TrainingParameters,
);

/** `batchSize` -> `batch-size` (CLI flags without the dashes, SageMaker hyperparameter keys). */
export function kebabName(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** `batchSize` -> `BATCH_SIZE` (the suffix of environment variables such as `MONITOR_TRAIN_BATCH_SIZE`). */
export function envSuffix(name: string): string {
  return kebabName(name).replace(/-/g, '_').toUpperCase();
}
