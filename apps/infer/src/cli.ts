import { parseArgs } from 'node:util';
import type { Logger } from '@cf/service';
import type { InferConfig } from './config';
import { InvalidInferRequestError } from './errors';
import { formatForecastTable } from './cli/format-forecast-table';
import { predictFromFiles } from './cli/predict-from-files';
import { createJobDeps } from './job/create-job-deps';
import { kindsFor } from './job/create-job-deps';
import type { VersionCache } from './job/version-cache';
import { runInference } from './job/run-inference';

/** What the CLI needs besides its arguments. */
export interface CliContext {
  readonly config: InferConfig;
  readonly logger: Logger;
  readonly clock: () => Date;
  readonly versionCache: VersionCache;
  /** Where tables and results go (stdout); logs go to the logger. */
  readonly print: (text: string) => void;
}

/** Usage text of `npm run infer -- ...`. */
export const USAGE = `usage:
  infer predict --model-dir DIR --input-csv FILE [--symbols BTC,ETH] [--output-dir DIR]
      forecast from a plain model folder (any kind: metadata.json names it) and a CSV file (standard schema, the original's volumefrom/volumeto
      columns, or a Yahoo-style file whose one symbol --symbols names); prints the table, writes
      {SYM}.json/.csv, latest_all.json/.csv and missing_symbols.json to --output-dir
  infer run [--store URL] [--symbols BTC,ETH] [--model-version V]
      the scheduled job: forecast with models/latest (or V) from processed/ into predictions/
      (remote mode when INFER_ENDPOINT_NAME is set)
  infer serve
      the SageMaker endpoint: GET /ping, POST /invocations on SAGEMAKER_BIND_TO_PORT or 8080
`;

/**
 * Runs `predict` or `run` (`serve` is started by main.ts) and returns the exit code; errors are thrown for
 * `runCliMain` to log once and map to an exit code.
 */
export async function runCli(argv: readonly string[], context: CliContext): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    context.print(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command === 'predict') return predict(rest, context);
  if (command === 'run') return run(rest, context);
  throw new InvalidInferRequestError(
    `unknown command '${command}': expected predict, run or serve (see 'infer help')`,
  );
}

async function predict(args: readonly string[], context: CliContext): Promise<number> {
  const { values } = parse(args, {
    'model-dir': { type: 'string' },
    'input-csv': { type: 'string' },
    symbols: { type: 'string' },
    'output-dir': { type: 'string' },
  });
  const modelDir = values['model-dir'];
  const inputCsv = values['input-csv'];
  if (modelDir === undefined || inputCsv === undefined) {
    throw new InvalidInferRequestError('predict needs --model-dir DIR and --input-csv FILE');
  }
  const symbols = symbolList(values.symbols);
  const result = await predictFromFiles(
    { kinds: kindsFor(context.config, context.logger), clock: context.clock },
    {
      modelDir,
      inputCsv,
      oodZLimit: context.config.oodZLimit,
      ...(symbols === undefined ? {} : { symbols }),
      ...(values['output-dir'] === undefined ? {} : { outputDir: values['output-dir'] }),
    },
  );
  context.print(formatForecastTable(result.forecasts, result.missing));
  if (result.files.length > 0)
    context.print(`wrote ${result.files.length} files:\n${result.files.map((f) => `  ${f}`).join('\n')}\n`);
  return 0;
}

async function run(args: readonly string[], context: CliContext): Promise<number> {
  const { values } = parse(args, {
    store: { type: 'string' },
    symbols: { type: 'string' },
    'model-version': { type: 'string' },
  });
  const { config } = context;
  const deps = createJobDeps(
    config,
    context.logger,
    context.clock,
    context.versionCache,
    values.store ?? config.storeUrl,
  );
  const report = await runInference(deps, {
    symbols: symbolList(values.symbols) ?? config.symbols,
    modelVersion: values['model-version'] ?? config.modelVersion,
    oodZLimit: config.oodZLimit,
    ...(config.maxModelAgeDays === undefined ? {} : { maxModelAgeDays: config.maxModelAgeDays }),
  });
  context.print(formatForecastTable(report.forecasts, report.missing));
  const where = report.mode === 'remote' ? `endpoint ${report.endpointName}` : 'in-process';
  context.print(
    `model ${report.modelVersion} ${report.model} (${where}) -> ${deps.store.url}: ${report.written.length} objects written, ` +
      `${report.unchanged.length} unchanged, ${report.deleted.length} deleted\n`,
  );
  return 0;
}

type Options = Parameters<typeof parseArgs>[0] extends infer O
  ? O extends { options?: infer P }
    ? P
    : never
  : never;

function parse<T extends NonNullable<Options>>(args: readonly string[], options: T) {
  try {
    return parseArgs({ args: [...args], options, strict: true, allowPositionals: false });
  } catch (error) {
    throw new InvalidInferRequestError(`${(error as Error).message} (see 'infer help')`);
  }
}

function symbolList(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const symbols = [
    ...new Set(
      value
        .split(',')
        .map((s) => s.trim().toUpperCase())
        .filter((s) => s !== ''),
    ),
  ];
  if (symbols.length === 0) throw new InvalidInferRequestError(`--symbols '${value}' names no symbol`);
  return symbols;
}
