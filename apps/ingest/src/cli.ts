import { isIsoDay, type RawSource } from '@cf/ohlcv';
import { ConfigError, exitCodeFor, type Logger } from '@cf/service';
import { openStore } from '@cf/storage';
import { parseArgs } from 'node:util';
import { createProgressDisplay, type ProgressStream } from './cli-progress';
import { formatSummary } from './cli-summary';
import { loadConfig } from './config';
import { IngestError, InvalidIngestRequestError } from './errors';
import type { Sleep } from './http/sleep';
import { INGEST_MODES, INGEST_SOURCES, type IngestMode } from './job/ingest-request';
import { runFailureOf } from './job/run-failure';
import { runIngest } from './job/run-ingest';

/** Usage text of `npm run ingest -- ...`. */
export const USAGE = `usage: npm run ingest -- <daily|backfill> [options]
       node dist/apps/ingest/main.js serve

  daily                 the last INGEST_DAILY_LOOKBACK_DAYS complete UTC days (default 3)
  backfill              --from (required except for csv) to --to (default: the last complete day), paged

  --source <name>       cryptocompare | binance | csv (default INGEST_SOURCE, else cryptocompare)
  --symbols <list>      comma-separated, e.g. BTC,ETH (default INGEST_SYMBOLS, else BTC,ETH,BNB,XRP,SOL)
  --from <YYYY-MM-DD>   first day of a backfill
  --to <YYYY-MM-DD>     last day of a backfill; never the current, incomplete UTC day
  --path <dir>          CSV directory (default INGEST_CSV_DIR, else sample-data/yahoo)
  --store <url>         ./data, file:///abs/dir or s3://bucket/prefix (default STORE_URL, else ./data)
  -h, --help            this text
`;

/** What the CLI needs; `main.ts` passes the real process's, tests their own. */
export interface CliDeps {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly fetch: typeof fetch;
  readonly clock: () => Date;
  readonly logger: Logger;
  /** The summary. */
  readonly stdout: { write(text: string): unknown };
  /** Progress and usage errors. */
  readonly stderr: ProgressStream;
  readonly sleep?: Sleep;
  readonly random?: () => number;
  /** Aborted on SIGINT/SIGTERM: the run stops between requests and still prints its summary. */
  readonly signal?: AbortSignal;
}

/**
 * Runs `daily` or `backfill` from command-line arguments: progress on stderr, the summary table on stdout.
 * Returns the exit code: 0 when every symbol succeeded, else the code of the failures' kind (see
 * `@cf/service` `exitCodeFor`); usage and configuration errors print a message and return 2.
 */
export async function runCli(argv: readonly string[], deps: CliDeps): Promise<number> {
  let args: CliArgs;
  try {
    args = parseCliArgs(argv);
  } catch (error) {
    deps.stderr.write(`error: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    deps.stdout.write(USAGE);
    return 0;
  }

  try {
    const config = loadConfig(deps.env);
    const store = openStore(args.store ?? config.storeUrl, {
      s3: { forcePathStyle: config.s3ForcePathStyle },
    });
    const symbols = args.symbols ?? config.symbols;
    const progress = createProgressDisplay(deps.stderr, symbols);
    const report = await runIngest(
      {
        store,
        fetch: deps.fetch,
        clock: deps.clock,
        logger: deps.logger,
        ...(deps.sleep === undefined ? {} : { sleep: deps.sleep }),
        ...(deps.random === undefined ? {} : { random: deps.random }),
        settings: { ...config.settings, ...(args.path === undefined ? {} : { csvDir: args.path }) },
        onProgress: (p) => progress.update(p),
      },
      {
        mode: args.mode,
        source: args.source ?? config.source,
        symbols,
        ...(args.from === undefined ? {} : { from: args.from }),
        ...(args.to === undefined ? {} : { to: args.to }),
        ...(deps.signal === undefined ? {} : { signal: deps.signal }),
      },
    );
    progress.end();
    deps.stdout.write(formatSummary(report));
    const failure = runFailureOf(report);
    return failure === undefined ? 0 : exitCodeFor(failure);
  } catch (error) {
    // Mistakes in what the user typed or set get a plain message, not a log line.
    if ((error instanceof IngestError || error instanceof ConfigError) && error.kind === 'input') {
      deps.stderr.write(`error: ${error.message}\n`);
      return exitCodeFor(error);
    }
    throw error;
  }
}

interface CliArgs {
  readonly help: boolean;
  readonly mode: IngestMode;
  readonly source?: RawSource;
  readonly symbols?: string[];
  readonly from?: string;
  readonly to?: string;
  readonly path?: string;
  readonly store?: string;
}

function parseCliArgs(argv: readonly string[]): CliArgs {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      source: { type: 'string' },
      symbols: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      path: { type: 'string' },
      store: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return { help: true, mode: 'daily' };
  const problems: string[] = [];
  const [mode, ...extra] = positionals;
  if (mode === undefined) problems.push(`a mode is required: ${INGEST_MODES.join(' or ')}`);
  else if (!(INGEST_MODES as readonly string[]).includes(mode))
    problems.push(`unknown mode '${mode}': expected ${INGEST_MODES.join(' or ')}`);
  if (extra.length > 0) problems.push(`unexpected argument(s): ${extra.join(' ')}`);
  if (values.source !== undefined && !(INGEST_SOURCES as readonly string[]).includes(values.source)) {
    problems.push(`--source '${values.source}' is not one of ${INGEST_SOURCES.join(', ')}`);
  }
  for (const flag of ['from', 'to'] as const) {
    const value = values[flag];
    if (value !== undefined && !isIsoDay(value))
      problems.push(`--${flag} '${value}' is not a YYYY-MM-DD calendar day`);
  }
  const symbols = values.symbols
    ?.split(',')
    .map((s) => s.trim().toUpperCase())
    .filter((s) => s !== '');
  if (symbols !== undefined && symbols.length === 0) problems.push('--symbols lists no symbol');
  if (problems.length > 0) throw new InvalidIngestRequestError(problems.join('; '));
  return {
    help: false,
    mode: mode as IngestMode,
    ...(values.source === undefined ? {} : { source: values.source as RawSource }),
    ...(symbols === undefined ? {} : { symbols }),
    ...(values.from === undefined ? {} : { from: values.from }),
    ...(values.to === undefined ? {} : { to: values.to }),
    ...(values.path === undefined ? {} : { path: values.path }),
    ...(values.store === undefined ? {} : { store: values.store }),
  };
}
