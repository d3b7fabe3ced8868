import { parseArgs } from 'node:util';
import {
  formatParameterHelp,
  kebabName,
  TRAINING_PARAMETERS,
  type ModelKind,
  type TrainingParameters,
} from '@cf/forecasting';
import { isIsoDay, lastCompleteDay } from '@cf/ohlcv';
import type { Logger } from '@cf/service';
import { openStore } from '@cf/storage';
import type { TrainConfig } from './config';
import { UsageError } from './errors';
import { formatEpochLine, formatEvaluationLine, formatRunHeader, formatTrainReport } from './cli-report';
import { readTrainingParameters } from './parameters';
import { runTrainJob } from './train-job';

/** What the command line asks for. */
export type CliCommand =
  | { readonly command: 'help' }
  | { readonly command: 'train' }
  | { readonly command: 'serve'; readonly storeUrl?: string; readonly port?: number }
  | {
      readonly command: 'run';
      readonly storeUrl?: string;
      readonly dataDir?: string;
      readonly modelDir?: string;
      readonly cutoff?: string;
      readonly parameters: TrainingParameters;
    };

/** The usage text of `npm run train -- ...`; the parameters and their defaults come from the one table. */
export function usage(): string {
  return `Usage: npm run train -- [run] [--store URL | --data-dir DIR --model-dir DIR] [--cutoff DAY] [parameters]
       npm run train -- serve [--store URL] [--port N]
       node dist/apps/train/main.js train        (SageMaker training container entry)
       npm run train -- backtest --from DATE [...]   (walk-forward backtest; backtest --help lists its flags)

  run (default)     train one model on processed/ datasets and write models/{version}/ (never promoted)
    --store URL     ./data (default, or STORE_URL), file:///abs/dir or s3://bucket/prefix
    --data-dir DIR  read datasets from a folder (processed layout or symbol=BTC/ohlcv.csv) instead of the store
    --model-dir DIR write the model files straight into a folder instead of models/{version}/ in the store
    --cutoff DAY    the last day of data to use (default: the last complete UTC day, CLOCK_NOW aware)
  parameters (the same names serve POST /runs, SageMaker hyperparameters and MONITOR_TRAIN_*):
${formatParameterHelp()}
  serve             HTTP server: GET /health, GET /ready, POST /runs, GET /runs/current, GET /runs/:id
  train             SageMaker: \${SM_ROOT:-/opt/ml}/input/config/hyperparameters.json, input/data/train/ -> model/
`;
}

/** Parses argv (without node and script); throws `UsageError` or `InvalidParametersError` naming every problem. */
export function parseCliArgs(argv: readonly string[], kinds: readonly ModelKind[]): CliCommand {
  const parameterFlags = TRAINING_PARAMETERS.map((p) => kebabName(p.name));
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        ...Object.fromEntries(parameterFlags.map((flag) => [flag, { type: 'string' as const }])),
        store: { type: 'string' },
        'data-dir': { type: 'string' },
        'model-dir': { type: 'string' },
        cutoff: { type: 'string' },
        port: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message.split('. ')[0]} (see --help)`, { cause: error });
  }
  const { positionals } = parsed;
  // The parameter flags are built from a table, so parseArgs cannot type them: read them by name.
  const values = parsed.values as Record<string, string | boolean | undefined>;
  if (values.help === true) return { command: 'help' };
  const [command = 'run', ...extra] = positionals;
  if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}' (see --help)`);
  const given = (names: string[]) => names.filter((n) => values[n] !== undefined).map((n) => `--${n}`);
  if (command === 'train') {
    const flags = given(Object.keys(values).filter((n) => n !== 'help'));
    if (flags.length > 0)
      throw new UsageError(`${flags[0]} does not apply to 'train', which reads hyperparameters.json`);
    return { command };
  }
  const storeUrl = typeof values.store === 'string' ? { storeUrl: values.store } : {};
  if (command === 'serve') {
    const flags = given([...parameterFlags, 'data-dir', 'model-dir', 'cutoff']);
    if (flags.length > 0)
      throw new UsageError(`${flags[0]} does not apply to 'serve': send parameters in POST /runs`);
    const port = values.port;
    if (typeof port !== 'string') return { command, ...storeUrl };
    if (!/^\d+$/.test(port) || Number(port) > 65_535) {
      throw new UsageError(`--port must be an integer between 0 and 65535, got '${port}'`);
    }
    return { command, ...storeUrl, port: Number(port) };
  }
  if (command !== 'run')
    throw new UsageError(`unknown command '${command}': expected run, serve, train or backtest (see --help)`);
  if (values.port !== undefined) throw new UsageError('--port applies to serve only');
  const cutoff = values.cutoff;
  if (cutoff !== undefined && (typeof cutoff !== 'string' || !isIsoDay(cutoff))) {
    throw new UsageError(`--cutoff must be a day YYYY-MM-DD, got '${String(cutoff)}'`);
  }
  const raw = Object.fromEntries(
    parameterFlags.filter((f) => typeof values[f] === 'string').map((f) => [f, values[f] as string]),
  );
  return {
    command,
    ...storeUrl,
    ...(typeof values['data-dir'] === 'string' ? { dataDir: values['data-dir'] } : {}),
    ...(typeof values['model-dir'] === 'string' ? { modelDir: values['model-dir'] } : {}),
    ...(cutoff === undefined ? {} : { cutoff }),
    parameters: readTrainingParameters(raw, { kind: 'cli' }, kinds),
  };
}

/** What `runCli` needs. */
export interface CliDeps {
  readonly config: TrainConfig;
  readonly kinds: readonly ModelKind[];
  readonly logger: Logger;
  readonly clock: () => Date;
  /** Where progress and the report go (stdout). */
  readonly out: (text: string) => void;
  readonly signal?: AbortSignal;
}

/**
 * Trains once as the command asks, printing a line per epoch of the published fit and the final report;
 * returns the exit code. Failures are thrown (typed) for `runCliMain` to log and map to an exit code.
 */
export async function runCli(
  command: Extract<CliCommand, { command: 'run' }>,
  deps: CliDeps,
): Promise<number> {
  const { config, out } = deps;
  const needsStore = command.dataDir === undefined || command.modelDir === undefined;
  const store = needsStore
    ? openStore(command.storeUrl ?? config.storeUrl, { s3: { forcePathStyle: config.s3ForcePathStyle } })
    : undefined;
  const cutoff = command.cutoff ?? lastCompleteDay(deps.clock());
  out(`${formatRunHeader(command.parameters, command.dataDir ?? store?.url ?? '', cutoff)}\n`);
  const result = await runTrainJob(
    {
      kinds: deps.kinds,
      logger: deps.logger,
      clock: deps.clock,
      onEpoch: (e) => out(`${formatEpochLine(e)}\n`),
      onProgress: (event) => {
        const line = formatEvaluationLine(event);
        if (line !== undefined) out(`${line}\n`);
      },
      ...(deps.signal === undefined ? {} : { signal: deps.signal }),
    },
    { parameters: command.parameters, cutoff },
    {
      ...(store === undefined ? {} : { store }),
      ...(command.dataDir === undefined ? {} : { dataDir: command.dataDir }),
      ...(command.modelDir === undefined ? {} : { modelDir: command.modelDir }),
    },
  );
  out(formatTrainReport(result));
  return 0;
}
