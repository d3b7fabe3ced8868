// Entry of the `/invocations` worker threads that `main.js serve` starts (INVOCATIONS_WORKERS): built beside
// main.js as invocations-worker.js. Everything it needs comes from the main thread as workerData.
import { parentPort, workerData } from 'node:worker_threads';
import { runInvocationWorker } from './server/invocation-worker';
import type { InvocationWorkerData } from './server/worker-messages';

if (parentPort === null)
  throw new Error('invocations-worker.js runs only as a worker thread of main.js serve');
void runInvocationWorker(parentPort, workerData as InvocationWorkerData);
