import { parseArgs } from 'node:util';
import { InvalidRunRequestError } from './errors';
import type { PreprocessReport } from './job/preprocess-report';

/** What the command line asks for. */
export type CliCommand =
  | { readonly command: 'help' }
  | { readonly command: 'serve'; readonly storeUrl?: string; readonly port?: number }
  | {
      readonly command: 'run';
      readonly storeUrl?: string;
      readonly full: boolean;
      readonly rawKeys: readonly string[];
      readonly json: boolean;
    };

/** The usage text of `npm run preprocess -- ...`. */
export const USAGE = `Usage: npm run preprocess -- [run] [--full] [--store URL] [--raw-key KEY ...] [--json]
       npm run preprocess -- serve [--store URL] [--port N]

  run (default)  turn new or changed raw/ objects into processed/ datasets (incremental)
    --full       rebuild every dataset from all of raw/ (byte-identical to the incremental result)
    --raw-key    process at least this raw key (repeatable), even if the listing says it is unchanged
    --json       print the report as JSON instead of a table
  serve          HTTP server: GET /health, GET /ready, POST /runs
  --store URL    ./data (default, or STORE_URL), file:///abs/dir or s3://bucket/prefix
`;

/** Parses argv (without node and script); throws `InvalidRunRequestError` naming a bad argument. */
export function parseCliArgs(argv: readonly string[]): CliCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        full: { type: 'boolean', default: false },
        store: { type: 'string' },
        'raw-key': { type: 'string', multiple: true },
        json: { type: 'boolean', default: false },
        port: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new InvalidRunRequestError(`${(error as Error).message} (see --help)`);
  }
  const { values, positionals } = parsed;
  if (values.help) return { command: 'help' };
  const [command = 'run', ...extra] = positionals;
  if (extra.length > 0) throw new InvalidRunRequestError(`unexpected argument '${extra[0]}' (see --help)`);
  const storeUrl = values.store === undefined ? {} : { storeUrl: values.store };
  if (command === 'serve') {
    if (values.port === undefined) return { command, ...storeUrl };
    const port = Number(values.port);
    if (!/^\d+$/.test(values.port) || port > 65_535) {
      throw new InvalidRunRequestError(`--port must be an integer between 0 and 65535, got '${values.port}'`);
    }
    return { command, ...storeUrl, port };
  }
  if (command !== 'run')
    throw new InvalidRunRequestError(`unknown command '${command}': expected run or serve (see --help)`);
  if (values.port !== undefined) throw new InvalidRunRequestError('--port applies to serve only');
  return { command, ...storeUrl, full: values.full, rawKeys: values['raw-key'] ?? [], json: values.json };
}

function table(headers: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const cells = [headers, ...rows].map((row) => row.map(String));
  const widths = headers.map((_, i) => Math.max(...cells.map((row) => row[i].length)));
  const line = (row: readonly string[]): string =>
    row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  return [line(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join(
    '\n',
  );
}

/** The run summary: one line per symbol, then the raw objects and the manifest. */
export function formatReport(report: PreprocessReport): string {
  const headers = [
    'symbol',
    'raw',
    'accepted',
    'duplicate',
    'superseded',
    'updated',
    'quarantined',
    'rows',
    'dataset',
  ];
  const rows = report.symbols.map((s) => [
    s.symbol,
    s.rawObjects,
    s.accepted,
    s.duplicate,
    s.superseded,
    s.updated,
    s.quarantined,
    s.rows,
    s.rebuilt && s.dataset !== 'none' ? `${s.dataset} (rebuilt)` : s.dataset,
  ]);
  const { raw } = report;
  const lines = [
    `preprocess ${report.mode} run, day ${report.today}`,
    rows.length === 0 ? '(no datasets)' : table(headers, rows),
    `raw objects: ${raw.listed} listed, ${raw.read} read, ${raw.unchanged} unchanged, ${raw.gone} gone, ` +
      `${raw.quarantinedWhole} quarantined whole` +
      (report.unattributedQuarantined > 0 ? `, ${report.unattributedQuarantined} without a symbol` : ''),
    ...(raw.unreadable > 0
      ? [`${raw.unreadable} raw object(s) could not be read: their symbols were skipped and retried next run`]
      : []),
    `manifest: ${report.manifest}`,
  ];
  return `${lines.join('\n')}\n`;
}
