import { existsSync } from 'node:fs';
import * as path from 'node:path';

/** How to start an `/invocations` worker thread: a script file, or source code run with `eval`. */
export interface WorkerEntry {
  readonly script: string;
  readonly eval: boolean;
}

/**
 * The worker script: `invocations-worker.js` beside the built `main.js` (the esbuild bundle has both), or,
 * when running from the TypeScript sources (tests, tsx), `src/invocations-worker.ts` required through tsx's
 * CommonJS hook. The hook is registered inside the worker because a worker started with `--import tsx` in
 * its `execArgv` does not get tsx's loader on Node 20.
 */
export function invocationsWorkerEntry(): WorkerEntry {
  const built = path.join(__dirname, 'invocations-worker.js');
  if (existsSync(built)) return { script: built, eval: false };
  const source = path.join(__dirname, '..', 'invocations-worker.ts');
  return {
    script: `require(${JSON.stringify(require.resolve('tsx/cjs'))}); require(${JSON.stringify(source)});`,
    eval: true,
  };
}
