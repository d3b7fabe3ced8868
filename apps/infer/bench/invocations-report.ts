// The figures of one recipe's run of invocations.bench.ts, printed beside issue 15's references, and the
// functional failures that make the benchmark exit 1.
import type { ModelMetadata } from '@cf/model';
import { SAMPLE_SYMBOLS } from '@cf/ohlcv/testing';
import { empiricalQuantiles } from '@cf/volatility';
import type { LoadResult } from './load-client';

/** Connections of the heavy load. */
export const MANY = 50;
/** autocannon's per-request timeout, as in issue 15's measurement. */
export const TIMEOUT_SECONDS = 10;
/** SageMaker's health check gives up after 2 s. */
const PING_HEALTH_LIMIT_MS = 2000;
const TARGET_ONE_P99_MS = 3;
const TARGET_PING_P99_MS = 50;

/** One `/ping` of the poller: a 200 or not, and how long it took. */
export interface Ping {
  readonly ok: boolean;
  readonly ms: number;
}

/** Everything measured for one recipe. */
export interface RecipeRun {
  readonly recipe: string;
  readonly metadata: ModelMetadata;
  readonly backend: string;
  readonly coldStartMs: number;
  readonly bodyBytes: number;
  readonly one: LoadResult;
  readonly many: LoadResult;
  readonly pings: readonly Ping[];
}

function quantiles(values: readonly number[]): [number, number] {
  if (values.length === 0) return [NaN, NaN];
  const [p50, p99] = empiricalQuantiles(values, [0.5, 0.99]);
  return [p50, p99];
}

function ms(value: number): string {
  return value >= 100 ? `${value.toFixed(0)} ms` : `${value.toFixed(2)} ms`;
}

/** Problems that are functional failures (not speed): the benchmark exits 1 on any. */
export function failures(run: RecipeRun): string[] {
  const problems: string[] = [];
  for (const [name, result] of [
    ['1 connection', run.one],
    [`${MANY} connections`, run.many],
  ] as const) {
    if (result.non2xx > 0) problems.push(`${name}: ${result.non2xx} answers were not 2xx`);
    if (result.errors > 0) problems.push(`${name}: ${result.errors} connection errors`);
    if (result.mismatches > 0) problems.push(`${name}: ${result.mismatches} answers were not forecasts`);
    if (result.latenciesMs.length === 0) problems.push(`${name}: no answer at all`);
  }
  const failedPings = run.pings.filter((p) => !p.ok).length;
  if (failedPings > 0) problems.push(`/ping: ${failedPings} of ${run.pings.length} did not answer 200`);
  return problems;
}

/** Prints the figures of one recipe in an aligned table with a reference column, then the targets met or not. */
export function report(run: RecipeRun): void {
  const { metadata, one, many, pings } = run;
  const [oneP50, oneP99] = quantiles(one.latenciesMs);
  const [manyP50, manyP99] = quantiles(many.latenciesMs);
  const pingMs = pings.map((p) => p.ms);
  const [pingP50, pingP99] = quantiles(pingMs);
  const pingMax = Math.max(...pingMs);
  const slow = pingMs.filter((m) => m > PING_HEALTH_LIMIT_MS).length;
  const rows: [string, string, string][] = [
    [
      '1 client: p50 / p99',
      `${ms(oneP50)} / ${ms(oneP99)}`,
      `target p99 <= ${TARGET_ONE_P99_MS} ms; before 65-88 ms median, 117-137 ms p99`,
    ],
    [
      '1 client: requests/s',
      `${(one.latenciesMs.length / one.seconds).toFixed(0)} (${one.latenciesMs.length} answered)`,
      'before about 14 requests/s',
    ],
    [`${MANY} connections: p50 / p99`, `${ms(manyP50)} / ${ms(manyP99)}`, 'before p99 4.8-5.8 s'],
    [
      `${MANY} connections: requests/s`,
      `${(many.latenciesMs.length / many.seconds).toFixed(0)} (${many.latenciesMs.length} answered)`,
      '-',
    ],
    [
      `${MANY} connections: errors / timeouts`,
      `${many.errors + many.non2xx + many.mismatches} / ${many.timeouts} (of ${many.sent} sent)`,
      `target 0 / 0; before 105 of about 600 timed out (${TIMEOUT_SECONDS} s)`,
    ],
    [
      `/ping under ${MANY} connections: p50 / p99 / max`,
      `${ms(pingP50)} / ${ms(pingP99)} / ${ms(pingMax)} (${pings.length} pings, ${slow} over 2 s)`,
      `target p99 <= ${TARGET_PING_P99_MS} ms; before up to 33 s`,
    ],
    ['cold start (spawn -> /ping 200)', ms(run.coldStartMs), '-'],
  ];
  const width = [Math.max(...rows.map((r) => r[0].length)), Math.max(...rows.map((r) => r[1].length))];
  console.log(
    `\n${run.recipe}: model ${metadata.version}, historyDays ${metadata.historyDays} (inputDays ${metadata.inputDays}), horizon ${metadata.horizon}` +
      `${'window' in metadata.parameters ? `, window ${String(metadata.parameters['window'])}` : ''}; ` +
      `request: ${SAMPLE_SYMBOLS.length} assets x ${metadata.historyDays} candles, ${(run.bodyBytes / 1024).toFixed(1)} KiB JSON; ` +
      `server tfjs backend: ${run.backend}`,
  );
  console.log(`${'figure'.padEnd(width[0])}  ${'measured'.padEnd(width[1])}  reference (issue 15)`);
  for (const [name, value, reference] of rows) {
    console.log(`${name.padEnd(width[0])}  ${value.padEnd(width[1])}  ${reference}`);
  }
  const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
  console.log(
    `targets: 1-client p99 <= ${TARGET_ONE_P99_MS} ms ${met(oneP99 <= TARGET_ONE_P99_MS)}; ` +
      `${MANY} connections without errors or timeouts ${met(many.timeouts + many.errors + many.non2xx === 0)}; ` +
      `/ping p99 <= ${TARGET_PING_P99_MS} ms ${met(pingP99 <= TARGET_PING_P99_MS)}`,
  );
}
