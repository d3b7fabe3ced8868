import { parseArgs } from 'node:util';
import type { ResolvedTrainRequest, TfBackendInfo } from '@cf/model';
import type { Logger } from '@cf/service';
import { openStore } from '@cf/storage';
import type { TrainConfig } from './config';
import { UsageError } from './errors';
import { formatEpochLine, formatRunHeader, formatTrainReport } from './cli-report';
import { HYPERPARAMETERS, parseHyperparameterStrings } from './hyperparameters';
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
      readonly request: ResolvedTrainRequest;
    };

const FLAG_HELP = HYPERPARAMETERS.map(
  (p) =>
    `    --${`${p.name} ${p.kind === 'choice' ? (p.choices ?? []).join('|') : 'X'}`.padEnd(36)}${p.help}`,
).join('\n');

/** The usage text of `npm run train -- ...`. */
export const USAGE = `Usage: npm run train -- [run] [--store URL | --data-dir DIR --model-dir DIR] [hyperparameters]
       npm run train -- serve [--store URL] [--port N]
       node dist/apps/train/main.js train        (SageMaker training container entry)
       npm run train -- backtest --from DATE [...]   (walk-forward backtest; backtest --help lists its flags)

  run (default)    train one model on processed/ datasets and write models/{version}/ (never promoted)
    --store URL    ./data (default, or STORE_URL), file:///abs/dir or s3://bucket/prefix
    --data-dir DIR read datasets from a folder (processed layout or symbol=BTC/ohlcv.csv) instead of the store
    --model-dir DIR write the model files straight into a folder instead of models/{version}/ in the store
${FLAG_HELP}
  serve            HTTP server: GET /health, GET /ready, POST /runs, GET /runs/current, GET /runs/:id
  train            SageMaker: \${SM_ROOT:-/opt/ml}/input/config/hyperparameters.json, input/data/train/ -> model/
`;

/** Parses argv (without node and script); throws `UsageError` or `InvalidHyperparameterError` naming the argument. */
export function parseCliArgs(argv: readonly string[]): CliCommand {
  const hyperOptions = Object.fromEntries(HYPERPARAMETERS.map((p) => [p.name, { type: 'string' as const }]));
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        ...hyperOptions,
        store: { type: 'string' },
        'data-dir': { type: 'string' },
        'model-dir': { type: 'string' },
        port: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message.split('. ')[0]} (see --help)`, { cause: error });
  }
  const { values, positionals } = parsed;
  // The hyperparameter flags are built from a table, so parseArgs cannot type them: read them by name.
  const byName = values as Record<string, string | boolean | undefined>;
  if (values.help === true) return { command: 'help' };
  const [command = 'run', ...extra] = positionals;
  if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}' (see --help)`);
  const hyper: Record<string, string> = {};
  for (const p of HYPERPARAMETERS) {
    const value = byName[p.name];
    if (typeof value === 'string') hyper[p.name] = value;
  }
  const given = (names: string[]) => names.filter((n) => byName[n] !== undefined).map((n) => `--${n}`);
  if (command === 'train') {
    const flags = given(Object.keys(byName).filter((n) => n !== 'help'));
    if (flags.length > 0)
      throw new UsageError(`${flags[0]} does not apply to 'train', which reads hyperparameters.json`);
    return { command };
  }
  const storeUrl = values.store === undefined ? {} : { storeUrl: values.store };
  if (command === 'serve') {
    const flags = given([...HYPERPARAMETERS.map((p) => p.name), 'data-dir', 'model-dir']);
    if (flags.length > 0)
      throw new UsageError(`${flags[0]} does not apply to 'serve': send hyperparameters in POST /runs`);
    if (values.port === undefined) return { command, ...storeUrl };
    if (!/^\d+$/.test(values.port) || Number(values.port) > 65_535) {
      throw new UsageError(`--port must be an integer between 0 and 65535, got '${values.port}'`);
    }
    return { command, ...storeUrl, port: Number(values.port) };
  }
  if (command !== 'run')
    throw new UsageError(`unknown command '${command}': expected run, serve, train or backtest (see --help)`);
  if (values.port !== undefined) throw new UsageError('--port applies to serve only');
  return {
    command,
    ...storeUrl,
    ...(values['data-dir'] === undefined ? {} : { dataDir: values['data-dir'] }),
    ...(values['model-dir'] === undefined ? {} : { modelDir: values['model-dir'] }),
    request: parseHyperparameterStrings(hyper, (name) => `--${name}`),
  };
}

/** What `runCli` needs. */
export interface CliDeps {
  readonly config: TrainConfig;
  readonly logger: Logger;
  readonly clock: () => Date;
  /** Where progress and the report go (stdout). */
  readonly out: (text: string) => void;
  readonly initBackend: () => Promise<TfBackendInfo>;
  readonly signal?: AbortSignal;
}

/**
 * Trains once as the command asks, printing a line per epoch and the final report; returns the exit code.
 * Failures are thrown (typed) for `runCliMain` to log and map to an exit code.
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
  const { tf, name } = await deps.initBackend();
  out(`${formatRunHeader(command.request, command.dataDir ?? store?.url ?? '', name)}\n`);
  const result = await runTrainJob(
    {
      tf,
      backend: name,
      logger: deps.logger,
      clock: deps.clock,
      onEpoch: (e) => out(`${formatEpochLine(e)}\n`),
      ...(deps.signal === undefined ? {} : { signal: deps.signal }),
    },
    command.request,
    {
      ...(store === undefined ? {} : { store }),
      ...(command.dataDir === undefined ? {} : { dataDir: command.dataDir }),
      ...(command.modelDir === undefined ? {} : { modelDir: command.modelDir }),
    },
  );
  out(formatTrainReport(result));
  return 0;
}
