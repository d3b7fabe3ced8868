import { isNetworkRecipe, type ModelKind } from '@cf/forecasting';
import { runBacktest } from '@cf/model';
import type { Logger } from '@cf/service';
import { openStore } from '@cf/storage';
import type { TrainConfig } from '../config';
import type { BacktestCommand } from './backtest-args';
import { formatBacktestProgress, formatBacktestSummary } from './backtest-progress-lines';

/** What `runBacktestCli` needs. */
export interface BacktestCliDeps {
  readonly config: TrainConfig;
  readonly logger: Logger;
  /** Where progress and the report go (stdout). */
  readonly out: (text: string) => void;
  readonly kinds: readonly ModelKind[];
  /** The tfjs backend's name, initialised only when a model needs it. */
  readonly backend: () => Promise<string>;
  /** Milliseconds of a monotonic clock (refit times, time left). */
  readonly now: () => number;
  readonly signal?: AbortSignal;
}

/**
 * Runs a walk-forward backtest on the store's `processed/daily/` datasets, printing the plan, a line per epoch
 * and per refit (with the time left), then the report, and writes `backtests/{id}/` to the same store.
 * Returns the exit code; failures are thrown (typed) for `runCliMain` to log and map to an exit code.
 */
export async function runBacktestCli(command: BacktestCommand, deps: BacktestCliDeps): Promise<number> {
  const { config, out, now } = deps;
  const started = now();
  const store = openStore(command.storeUrl ?? config.storeUrl, {
    s3: { forcePathStyle: config.s3ForcePathStyle },
  });
  const name = command.request.models.some(isNetworkRecipe) ? await deps.backend() : 'none';
  out(`backtest of ${command.request.models.join(', ')} on ${store.url}, tfjs backend ${name}\n`);
  const result = await runBacktest(
    {
      kinds: deps.kinds,
      backend: name,
      data: { store, prefix: 'processed/daily/' },
      output: store,
      now,
      onProgress: (event) => {
        const line = formatBacktestProgress(event);
        if (line !== undefined) out(`${line}\n`);
      },
      ...(deps.signal === undefined ? {} : { signal: deps.signal }),
    },
    command.request,
  );
  deps.logger.info({ id: result.id, keys: result.keys, store: store.url }, 'backtest written');
  const location = `${store.url.replace(/\/$/, '')}/backtests/${result.id}/`;
  out(formatBacktestSummary(result, location, (now() - started) / 1000));
  return 0;
}
