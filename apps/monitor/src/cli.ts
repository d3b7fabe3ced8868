import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { isIsoDay, lastCompleteDay } from '@cf/ohlcv';
import type { Logger } from '@cf/service';
import { LocalObjectStore, openStore } from '@cf/storage';
import { runAlerts } from './alerts/run-alerts';
import type { MonitorConfig } from './config';
import { runDailyCycle } from './cycle/run-daily-cycle';
import { dashboardSettingsOf } from './dashboard/dashboard-data';
import { writeDashboard } from './dashboard/write-dashboard';
import { createMonitorDeps, type MonitorDeps } from './deps';
import { InvalidArgumentError } from './errors';
import { evaluateRange, lastObservedDay } from './evaluation/evaluate-day';
import { createMarketData } from './data/market-data';
import { promoteModel } from './promotion/promote-model';
import { rollbackModel } from './promotion/rollback-model';
import { runRetraining } from './retraining/run-retraining';
import { buildStatus } from './status/monitor-status';
import { formatStatus } from './status/format-status';

/** `npm run monitor -- --help`. */
export const USAGE = `Usage: npm run monitor -- <command> [options]

Commands:
  evaluate [--day D | --from D --to D]  score forecasts whose target day has an actual close (default: last complete day)
  alerts [--day D]                      run the alert checks for a day (default: last evaluated day with data)
  retrain [--force] [--day D]           decide on retraining (schedule, degradation alerts) and train if due
  promote --version V                   consider model version V for models/latest/
  rollback                              re-promote the previously promoted version
  dashboard [--out FILE]                write monitoring/dashboard/index.html (and FILE)
  status [--json]                       last training, promoted model, last evaluation, alerts, warnings
  run                                   the daily cycle: evaluate, alerts, retrain decision, promotion, dashboard
  serve                                 HTTP server: /health /ready /status /dashboard /dashboard.json

Options:
  --store URL   store to use (default STORE_URL or ./data): ./dir, file:///abs/dir, s3://bucket/prefix
  --now TIME    the clock: an ISO time or a day (D means D 00:00 UTC, so the last complete day is D - 1)
  --help        this text
`;

/** What the CLI runs with; `main.ts` builds it from the environment. */
export interface CliContext {
  readonly config: MonitorConfig;
  readonly logger: Logger;
  /** Writes one line of the command's output (stdout). */
  readonly out: (line: string) => void;
  /** Builds the job dependencies; tests may replace it. */
  readonly createDeps?: typeof createMonitorDeps;
  /** The clock when `--now` is not given (main.ts: the system clock, or CLOCK_NOW). */
  readonly clock?: () => Date;
}

const OPTIONS = {
  store: { type: 'string' },
  now: { type: 'string' },
  day: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  version: { type: 'string' },
  out: { type: 'string' },
  force: { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean' },
} as const;

/** Parsed command line. */
export interface CliArgs {
  readonly command: string;
  readonly values: {
    readonly [K in keyof typeof OPTIONS]?: (typeof OPTIONS)[K]['type'] extends 'boolean' ? boolean : string;
  };
}

/** Parses argv (without node and script); throws `InvalidArgumentError` naming the problem. */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new InvalidArgumentError(`${(error as Error).message}; see --help`);
  }
  const [command = 'help', ...rest] = parsed.positionals;
  if (rest.length > 0) throw new InvalidArgumentError(`unexpected argument '${rest[0]}'; see --help`);
  for (const name of ['day', 'from', 'to'] as const) {
    const value = parsed.values[name];
    if (value !== undefined && !isIsoDay(value))
      throw new InvalidArgumentError(`--${name} '${value}' is not a YYYY-MM-DD day`);
  }
  return { command: parsed.values.help ? 'help' : command, values: parsed.values };
}

/** The clock of `--now` (a fixed time), or undefined for the real clock. */
export function clockFrom(now: string | undefined): (() => Date) | undefined {
  if (now === undefined) return undefined;
  const text = isIsoDay(now) ? `${now}T00:00:00.000Z` : now;
  const at = new Date(text);
  if (Number.isNaN(at.getTime()))
    throw new InvalidArgumentError(`--now '${now}' is not an ISO time or a YYYY-MM-DD day`);
  return () => new Date(at.getTime());
}

/** Runs one command (not `serve`); returns the exit code. */
export async function runCli(argv: readonly string[], context: CliContext): Promise<number> {
  const { command, values } = parseCliArgs(argv);
  if (command === 'help') {
    context.out(USAGE);
    return 0;
  }
  const clock = clockFrom(values.now) ?? context.clock;
  const store =
    values.store === undefined
      ? undefined
      : openStore(values.store, { s3: { forcePathStyle: context.config.s3ForcePathStyle } });
  const deps = (context.createDeps ?? createMonitorDeps)(context.config, context.logger, {
    ...(store ? { store } : {}),
    ...(clock ? { clock } : {}),
  });
  const handler = COMMANDS[command];
  if (handler === undefined) throw new InvalidArgumentError(`unknown command '${command}'; see --help`);
  return handler(deps, values, context.out);
}

type Handler = (deps: MonitorDeps, values: CliArgs['values'], out: (line: string) => void) => Promise<number>;

const COMMANDS: Readonly<Record<string, Handler>> = {
  async evaluate(deps, values, out) {
    const { from, to } = values;
    if ((from === undefined) !== (to === undefined))
      throw new InvalidArgumentError('--from and --to go together');
    if (values.day !== undefined && from !== undefined)
      throw new InvalidArgumentError('use --day or --from/--to, not both');
    const day = values.day ?? (await defaultDay(deps));
    const range = from !== undefined && to !== undefined ? { from, to } : { from: day, to: day };
    for (const result of await evaluateRange({ ...deps, scoring: deps.config.scoring }, range)) {
      const month = result.rolling.windows['30'];
      const ratio = month.overall?.ratioToPersistence.model;
      out(
        `${result.day}: ${result.daily.points} forecast steps scored; rolling 30 days: ${month.points} steps, MAE ratio to persistence ${ratio == null ? 'n/a' : ratio.toFixed(3)}, direction ${month.overall ? `${(month.overall.directionalAccuracy.model * 100).toFixed(1)}%` : 'n/a'} (${result.written.daily})`,
      );
    }
    return 0;
  },
  async alerts(deps, values, out) {
    const day = values.day ?? (await defaultDay(deps));
    const doc = await runAlerts({ ...deps, alerts: deps.config.alerts }, day);
    out(`${doc.alerts.length} alert(s) for ${day}`);
    for (const a of doc.alerts) out(`  [${a.family}] ${a.message}`);
    for (const note of doc.checks.notes) out(`  note: ${note}`);
    return 0;
  },
  async retrain(deps, values, out) {
    const day = values.day ?? (await defaultDay(deps));
    const { decision, run } = await runRetraining(
      { ...deps, retrain: deps.config.retrain },
      { day, force: values.force ?? false },
    );
    out(`retrain: ${decision.retrain ? 'yes' : 'no'} (${decision.reasons.join('; ')})`);
    if (run !== null)
      out(
        `run: ${run.run.trainer} ${run.run.result}${run.run.version ? ` version ${run.run.version}` : ''}${run.run.jobName ? ` job ${run.run.jobName}` : ''}`,
      );
    return 0;
  },
  async promote(deps, values, out) {
    if (values.version === undefined) throw new InvalidArgumentError('promote needs --version V');
    const { key, record, champion } = await promoteModel(
      { ...deps, promotion: deps.config.promotion },
      values.version,
    );
    out(`${record.version} (${record.model}): ${record.status} (${record.reasons.join('; ')})`);
    out(`record: ${key}`);
    if (champion !== undefined) {
      out(
        `${champion.record.version} (${champion.record.model}): ${champion.record.status} as the champion (${champion.record.reasons.join('; ')})`,
      );
      out(`record: ${champion.key}`);
    }
    return 0;
  },
  async rollback(deps, _values, out) {
    const { key, record } = await rollbackModel({ ...deps, promotion: deps.config.promotion });
    out(`rolled back to ${record.version} (was ${record.previousVersion ?? 'nothing'}); record: ${key}`);
    return 0;
  },
  async dashboard(deps, values, out) {
    const { html, keys, data } = await writeDashboard(deps, dashboardSettingsOf(deps.config));
    out(`dashboard: ${locate(deps, keys[0])}`);
    if (values.out !== undefined) {
      await writeFile(values.out, html);
      out(`dashboard: ${path.resolve(values.out)}`);
    }
    out(data.verdict.text);
    return 0;
  },
  async status(deps, values, out) {
    const status = await buildStatus(deps, { everyDays: deps.config.retrain.everyDays });
    out(values.json ? JSON.stringify(status, null, 2) : formatStatus(status));
    return 0;
  },
  async run(deps, _values, out) {
    const report = await runDailyCycle(deps);
    out(`day: ${report.day ?? 'none'}`);
    out(
      `evaluation: ${'skipped' in report.evaluation ? report.evaluation.skipped : `${report.evaluation.from}..${report.evaluation.to}, ${report.evaluation.points} steps`}`,
    );
    if (report.calibration?.model) {
      const c = report.calibration;
      out(
        `calibration: ${c.model} through ${c.through ?? 'nothing yet'} (${c.absorbed.length} day(s) absorbed now)`,
      );
    }
    out(`alerts: ${report.alerts ?? 'not run'}`);
    out(
      `retraining: ${report.retraining === null ? 'not run' : `${report.retraining.retrain ? 'yes' : 'no'} (${report.retraining.reasons.join('; ')})${report.retraining.result ? ` -> ${report.retraining.result}` : ''}${report.retraining.version ? ` ${report.retraining.version}` : ''}`}`,
    );
    const { promotion } = report;
    out(
      `promotion: ${promotion === null ? 'no new candidate' : `${promotion.version} (${promotion.model}) ${promotion.status} (${promotion.reasons.join('; ')})`}`,
    );
    if (promotion?.champion !== undefined) {
      const { champion } = promotion;
      out(`champion: ${champion.version} (${champion.model}) ${champion.status}`);
    }
    out(`dashboard: ${report.dashboard === null ? 'not written' : locate(deps, report.dashboard)}`);
    for (const f of report.failures) out(`FAILED ${f.step}: ${f.code}: ${f.message}`);
    return report.failures.length === 0 ? 0 : 1;
  },
};

/** The last complete day at the clock that has actual closes. */
async function defaultDay(deps: MonitorDeps): Promise<string> {
  const observed = await lastObservedDay(createMarketData(deps.store));
  const complete = lastCompleteDay(deps.clock());
  if (observed === undefined) return complete;
  return observed < complete ? observed : complete;
}

/** A file path for keys of the local store (so people can open the page), else the store URL and key. */
function locate(deps: MonitorDeps, key: string): string {
  return deps.store instanceof LocalObjectStore
    ? path.join(deps.store.rootDir, key)
    : `${deps.store.url}/${key}`;
}
