import { parseArgs } from 'node:util';
import {
  AUDIT_MODES,
  BACKTEST_REQUEST_DEFAULTS,
  DEFAULT_NEURAL_MODEL_NAME,
  FIT_PATH_CHOICES,
  InvalidBacktestRequestError,
  resolveBacktestRequest,
  WINDOW_MODES,
  type BacktestRequest,
  type BacktestTraining,
  type ResolvedBacktestRequest,
} from '@cf/model';
import { InvalidHyperparameterError, UsageError } from '../errors';

/** `npm run train -- backtest ...`, parsed. */
export interface BacktestCommand {
  readonly command: 'backtest';
  readonly storeUrl?: string;
  readonly request: ResolvedBacktestRequest;
}

type Kind = 'day' | 'integer' | 'number' | 'list' | 'text';

/** A flag of the backtest command: its name, what it sets, and the request field it names in errors. */
interface BacktestFlag {
  readonly name: string;
  readonly kind: Kind;
  readonly field: string;
  readonly help: string;
}

const TRAINING_FLAGS: readonly (BacktestFlag & { readonly training: keyof BacktestTraining })[] = [
  {
    name: 'epochs',
    kind: 'integer',
    field: 'training.epochs',
    training: 'epochs',
    help: 'most epochs per fit (30)',
  },
  {
    name: 'window',
    kind: 'integer',
    field: 'training.window',
    training: 'window',
    help: 'days per input window (60)',
  },
  {
    name: 'horizon',
    kind: 'integer',
    field: 'training.horizon',
    training: 'horizon',
    help: 'days forecast (7)',
  },
  {
    name: 'batch-size',
    kind: 'integer',
    field: 'training.batchSize',
    training: 'batchSize',
    help: 'minibatch size (64)',
  },
  {
    name: 'learning-rate',
    kind: 'number',
    field: 'training.learningRate',
    training: 'learningRate',
    help: 'Adam learning rate (0.001)',
  },
  {
    name: 'patience',
    kind: 'integer',
    field: 'training.patience',
    training: 'patience',
    help: 'early-stopping patience (5)',
  },
  {
    name: 'seed',
    kind: 'integer',
    field: 'training.seed',
    training: 'seed',
    help: 'seed of weights and shuffles (42)',
  },
  {
    name: 'validation-fraction',
    kind: 'number',
    field: 'training.validationFraction',
    training: 'validationFraction',
    help: "share of each fit's latest dates for early stopping (0.15)",
  },
  { name: 'units', kind: 'list', field: 'training.units', training: 'units', help: 'layer widths (64,32)' },
  {
    name: 'fit-path',
    kind: 'text',
    field: 'training.fitPath',
    training: 'fitPath',
    help: `trainer: ${FIT_PATH_CHOICES.join(', ')} (auto)`,
  },
];

const FLAGS: readonly BacktestFlag[] = [
  {
    name: 'from',
    kind: 'day',
    field: 'from',
    help: 'first cut-off (required); the first origin is the next day',
  },
  { name: 'to', kind: 'day', field: 'to', help: 'last origin (default: the last day of the data)' },
  {
    name: 'refit-every',
    kind: 'integer',
    field: 'refitEvery',
    help: `days between cut-offs (${BACKTEST_REQUEST_DEFAULTS.refitEvery})`,
  },
  { name: 'window-mode', kind: 'text', field: 'windowMode', help: `${WINDOW_MODES.join('|')} (expanding)` },
  { name: 'train-days', kind: 'integer', field: 'trainDays', help: 'days each fit sees in rolling mode' },
  {
    name: 'model',
    kind: 'list',
    field: 'models',
    help: `models, comma-separated: persistence, drift, lstm|gru|dense[/scale-free|/price-levels] (persistence, drift, ${DEFAULT_NEURAL_MODEL_NAME})`,
  },
  {
    name: 'features',
    kind: 'text',
    field: 'featureSet',
    help: 'feature set of bare architectures (scale-free)',
  },
  {
    name: 'symbols',
    kind: 'list',
    field: 'symbols',
    help: 'comma-separated symbols (default: every dataset)',
  },
  {
    name: 'audit',
    kind: 'text',
    field: 'audit',
    help: `no-lookahead audit: ${AUDIT_MODES.join('|')} cut-off(s) (${BACKTEST_REQUEST_DEFAULTS.audit})`,
  },
  ...TRAINING_FLAGS,
];

/** Help lines of the backtest flags, for the usage text. */
export const BACKTEST_FLAG_HELP = FLAGS.map((f) =>
  flagLine(`${f.name} ${f.kind === 'day' ? 'DATE' : 'X'}`, f.help),
).join('\n');

function flagLine(flag: string, help: string): string {
  return `    --${flag.padEnd(28)}${help}`;
}

/** `backtest --help`. */
export interface BacktestHelpCommand {
  readonly command: 'backtest-help';
}

/** Usage text of `npm run train -- backtest`. */
export function backtestUsage(): string {
  return `Usage: npm run train -- backtest --from DATE [--to DATE] [--refit-every N] [--window-mode expanding|rolling]
         [--train-days N] [--model NAME[,NAME...]] [--features NAME] [--epochs N] [--store URL] [...]

  walk-forward backtest: at each cut-off (every N days from --from) every model is fitted on data up to the
  cut-off only, then forecasts every origin until the next cut-off; scored next to persistence; written to
  backtests/{id}/ (report.json, report.md, forecasts.csv) in the store it read processed/daily/ from
${flagLine('store URL', './data (default, or STORE_URL), file:///abs/dir or s3://bucket/prefix')}
${BACKTEST_FLAG_HELP}
`;
}

/**
 * Parses the arguments after `backtest`; throws `UsageError` for unknown flags or a missing `--from`, and
 * `InvalidHyperparameterError` naming the flag (`--epochs`) for a malformed or out-of-range value.
 *
 * @example
 * parseBacktestArgs(['--from', '2023-02-11', '--model', 'lstm,gru', '--epochs', '15']);
 */
export function parseBacktestArgs(argv: readonly string[]): BacktestCommand | BacktestHelpCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        ...Object.fromEntries(FLAGS.map((f) => [f.name, { type: 'string' as const }])),
        store: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message.split('. ')[0]} (see --help)`, { cause: error });
  }
  if (parsed.values.help === true) return { command: 'backtest-help' };
  const values = parsed.values as Record<string, string | undefined>;
  if (parsed.positionals.length > 0) {
    throw new UsageError(`unexpected argument '${parsed.positionals[0]}' after backtest (see --help)`);
  }
  if (values['from'] === undefined)
    throw new UsageError('backtest needs --from DATE, the first cut-off (see --help)');
  const request: Record<string, unknown> = {};
  const training: Record<string, unknown> = {};
  for (const flag of FLAGS) {
    const text = values[flag.name];
    if (text === undefined) continue;
    const value = parseValue(flag, text.trim());
    const trainingField = TRAINING_FLAGS.find((t) => t.name === flag.name)?.training;
    if (trainingField === undefined) request[flag.field] = value;
    else training[trainingField] = value;
  }
  if (Object.keys(training).length > 0) request['training'] = training;
  return {
    command: 'backtest',
    ...(values['store'] === undefined ? {} : { storeUrl: values['store'] }),
    request: resolveNamingFlags(request as unknown as BacktestRequest),
  };
}

function resolveNamingFlags(request: BacktestRequest): ResolvedBacktestRequest {
  try {
    return resolveBacktestRequest(request);
  } catch (error) {
    if (!(error instanceof InvalidBacktestRequestError)) throw error;
    const flag = FLAGS.find((f) => f.field === error.field)?.name ?? error.field;
    const reason = error.message.replace(/^backtest parameter '[^']+' /, '');
    throw new InvalidHyperparameterError(flag, `--${flag} ${reason}`, { cause: error });
  }
}

function parseValue(flag: BacktestFlag, text: string): unknown {
  const bad = (expected: string) =>
    new InvalidHyperparameterError(flag.name, `--${flag.name}: '${text}' is not ${expected}`);
  switch (flag.kind) {
    case 'day':
    case 'text':
      return text;
    case 'integer':
      if (!/^[+-]?\d+$/.test(text)) throw bad('an integer');
      return Number(text);
    case 'number': {
      const value = Number(text);
      if (text === '' || !Number.isFinite(value)) throw bad('a number');
      return value;
    }
    case 'list': {
      const items = text
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
      if (items.length === 0) throw bad('a comma-separated list');
      if (flag.name === 'symbols') return items.map((s) => s.toUpperCase());
      if (flag.name === 'units') {
        if (items.some((u) => !/^\d+$/.test(u)))
          throw bad('a comma-separated list of layer widths such as 64,32');
        return items.map(Number);
      }
      return items;
    }
  }
}
