import { parseArgs } from 'node:util';
import {
  AUDIT_MODES,
  BACKTEST_DEFAULT_MODELS,
  BACKTEST_REQUEST_DEFAULTS,
  CALIBRATION_MODES,
  formatParameterHelp,
  InvalidBacktestRequestError,
  InvalidParametersError,
  kebabName,
  resolveBacktestRequest,
  TRAINING_PARAMETERS,
  WINDOW_MODES,
  type BacktestRequest,
  type ModelKind,
  type ResolvedBacktestRequest,
} from '@cf/forecasting';
import { UsageError } from '../errors';
import { readTrainingParameters } from '../parameters';

/** `npm run train -- backtest ...`, parsed. */
export interface BacktestCommand {
  readonly command: 'backtest';
  readonly storeUrl?: string;
  readonly request: ResolvedBacktestRequest;
}

/** `backtest --help`. */
export interface BacktestHelpCommand {
  readonly command: 'backtest-help';
}

/** The backtest's own flags: what they set in the request and their help. */
const BACKTEST_FLAGS: readonly {
  readonly name: string;
  readonly field: keyof BacktestRequest;
  readonly help: string;
}[] = [
  { name: 'from', field: 'from', help: 'first cut-off (required); the first origin is the next day' },
  { name: 'to', field: 'to', help: 'last origin (default: the last day of the data)' },
  {
    name: 'refit-every',
    field: 'refitEvery',
    help: `days between cut-offs (default ${BACKTEST_REQUEST_DEFAULTS.refitEvery})`,
  },
  { name: 'window-mode', field: 'windowMode', help: `${WINDOW_MODES.join('|')} (default expanding)` },
  { name: 'train-days', field: 'trainDays', help: 'days each fit sees in rolling mode' },
  {
    name: 'models',
    field: 'models',
    help: `models, comma-separated, POINT[+SCALE] (default ${BACKTEST_DEFAULT_MODELS.join(',')}); persistence always runs`,
  },
  {
    name: 'audit',
    field: 'audit',
    help: `no-lookahead audit: ${AUDIT_MODES.join('|')} cut-off(s) (default ${BACKTEST_REQUEST_DEFAULTS.audit})`,
  },
  {
    name: 'warm-start',
    field: 'warmStart',
    help: "true|false: continue each cut-off's fit from the previous one's weights (default false)",
  },
  {
    name: 'calibration',
    field: 'calibration',
    help: `${CALIBRATION_MODES.join('|')}: publish ranges calibrated online as production does, or raw (default ${BACKTEST_REQUEST_DEFAULTS.calibration})`,
  },
  {
    name: 'calibration-warm-up',
    field: 'calibrationWarmUp',
    help: `days of calibration replayed before the first origin, as a running deployment has (default ${BACKTEST_REQUEST_DEFAULTS.calibrationWarmUp}; 0: fresh)`,
  },
];

/** Parameters of the table a backtest does not take (it runs several models; it has no held-out evaluation). */
const NOT_FOR_BACKTESTS = new Set(['model', 'evaluationDays', 'evaluationRefitEvery']);

/** Usage text of `npm run train -- backtest`; the parameters and their defaults come from the one table. */
export function backtestUsage(): string {
  const own = BACKTEST_FLAGS.map((f) => `  --${`${f.name} X`.padEnd(28)} ${f.help}`).join('\n');
  return `Usage: npm run train -- backtest --from DATE [--to DATE] [--refit-every N] [--models NAME,...] [parameters] [--store URL]

  walk-forward backtest: at each cut-off (every N days from --from) every model is fitted on data up to the
  cut-off only, then forecasts every origin until the next cut-off; all are scored by the one scorer next to
  persistence and written to backtests/{id}/ (report.json, report.md, forecasts.csv) in the store read from
  --store URL                   ./data (default, or STORE_URL), file:///abs/dir or s3://bucket/prefix
${own}
  parameters of every model (the one table; the same names as train's flags):
${formatParameterHelp(TRAINING_PARAMETERS.map((p) => p.name).filter((n) => !NOT_FOR_BACKTESTS.has(n)))}
`;
}

/**
 * Parses the arguments after `backtest`; throws `UsageError` for unknown flags or a missing `--from`,
 * `InvalidParametersError` naming every bad parameter flag, and `InvalidBacktestRequestError` for a bad
 * backtest option.
 *
 * @example
 * parseBacktestArgs(['--from', '2023-02-11', '--models', 'ridge,lstm', '--epochs', '15'], kinds);
 */
export function parseBacktestArgs(
  argv: readonly string[],
  kinds: readonly ModelKind[],
): BacktestCommand | BacktestHelpCommand {
  const parameterFlags = TRAINING_PARAMETERS.filter((p) => !NOT_FOR_BACKTESTS.has(p.name)).map((p) =>
    kebabName(p.name),
  );
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        ...Object.fromEntries(
          [...BACKTEST_FLAGS.map((f) => f.name), ...parameterFlags].map((n) => [
            n,
            { type: 'string' as const },
          ]),
        ),
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
  const raw = Object.fromEntries(
    parameterFlags.filter((f) => values[f] !== undefined).map((f) => [f, values[f] as string]),
  );
  const parameters = readTrainingParameters(raw, { kind: 'cli' }, kinds);
  const request: Record<string, unknown> = { parameters };
  for (const flag of BACKTEST_FLAGS) {
    const text = values[flag.name]?.trim();
    if (text === undefined) continue;
    request[flag.field] = flagValue(flag.name, text);
  }
  return {
    command: 'backtest',
    ...(values['store'] === undefined ? {} : { storeUrl: values['store'] }),
    request: resolveNamingFlags(request as unknown as BacktestRequest, kinds),
  };
}

function flagValue(name: string, text: string): unknown {
  switch (name) {
    case 'refit-every':
    case 'train-days':
    case 'calibration-warm-up':
      if (!/^[+-]?\d+$/.test(text))
        throw new InvalidParametersError([`--${name} must be an integer, got '${text}'`], 'command line');
      return Number(text);
    case 'models':
      return text
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
    case 'warm-start':
      if (text !== 'true' && text !== 'false') {
        throw new InvalidParametersError(
          [`--warm-start must be true or false, got '${text}'`],
          'command line',
        );
      }
      return text === 'true';
    default:
      return text;
  }
}

function resolveNamingFlags(request: BacktestRequest, kinds: readonly ModelKind[]): ResolvedBacktestRequest {
  try {
    return resolveBacktestRequest(request, kinds);
  } catch (error) {
    if (!(error instanceof InvalidBacktestRequestError)) throw error;
    const flag = BACKTEST_FLAGS.find((f) => f.field === error.field)?.name ?? error.field;
    const reason = error.message.replace(/^backtest parameter '[^']+' /, '');
    throw new InvalidParametersError([`--${flag} ${reason}`], 'command line');
  }
}
