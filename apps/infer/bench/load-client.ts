// The load of invocations.bench.ts, in its own process so that it does not share an event loop with the
// `/ping` poller: autocannon (programmatic) against one URL, printing one JSON line (`LoadResult`). The
// latency of every 2xx answer is kept to the microsecond here, because autocannon's own histogram keeps whole
// milliseconds and the target is 3 ms. Run by the benchmark as `tsx load-client.ts '<LoadOptions JSON>'`.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** What to load (the first argument, as JSON). */
export interface LoadOptions {
  readonly url: string;
  readonly connections: number;
  readonly seconds: number;
  /** A file holding the JSON body POSTed on every request. */
  readonly bodyFile: string;
  /** What every 200 answer must start with; any other answer counts as a mismatch. */
  readonly expectPrefix: string;
  /** autocannon's per-request timeout. */
  readonly timeoutSeconds: number;
}

/** What one load produced (printed as one JSON line). */
export interface LoadResult {
  /** Milliseconds of every 2xx answer, in the order they came. */
  readonly latenciesMs: number[];
  readonly sent: number;
  readonly non2xx: number;
  /** Connection errors other than timeouts (refused, reset...). */
  readonly errors: number;
  readonly timeouts: number;
  /** 2xx answers that were not forecasts. */
  readonly mismatches: number;
  readonly seconds: number;
}

/** The part of autocannon's programmatic API used here (the package ships no types). */
interface AutocannonInstance {
  on(
    event: 'response',
    listener: (client: unknown, statusCode: number, bytes: number, ms: number) => void,
  ): void;
}
interface AutocannonSummary {
  readonly errors: number;
  readonly timeouts: number;
  readonly non2xx: number;
  readonly mismatches: number;
  readonly duration: number;
  readonly requests: { readonly sent: number };
}
type Autocannon = (
  options: Record<string, unknown>,
  done: (error: Error | null, summary: AutocannonSummary) => void,
) => AutocannonInstance;

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '') as LoadOptions;
  const autocannon = createRequire(__filename)('autocannon') as Autocannon;
  const body = readFileSync(options.bodyFile, 'utf8');
  const latenciesMs: number[] = [];
  const summary = await new Promise<AutocannonSummary>((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        connections: options.connections,
        duration: options.seconds,
        timeout: options.timeoutSeconds,
        verifyBody: (text: string) => text.startsWith(options.expectPrefix),
      },
      (error, result) => (error === null ? resolve(result) : reject(error)),
    );
    instance.on('response', (_client, statusCode, _bytes, ms) => {
      if (statusCode >= 200 && statusCode < 300) latenciesMs.push(ms);
    });
  });
  const result: LoadResult = {
    latenciesMs,
    sent: summary.requests.sent,
    non2xx: summary.non2xx,
    // autocannon counts a timeout as an error too.
    errors: summary.errors - summary.timeouts,
    timeouts: summary.timeouts,
    mismatches: summary.mismatches,
    seconds: summary.duration,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
