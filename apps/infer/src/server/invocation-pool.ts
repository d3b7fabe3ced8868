import { Worker } from 'node:worker_threads';
import { describeError, type Logger, type LogLevel } from '@cf/service';
import { InvocationsBusyError, ModelLoadingError, WorkerFailedError } from '../errors';
import type { InvocationAnswer, InvocationInput, InvocationSettings } from './answer-invocation';
import { invocationsWorkerEntry, type WorkerEntry } from './worker-entry';
import {
  restoreError,
  type InvocationWorkerData,
  type WorkerMessage,
  type WorkerRequest,
} from './worker-messages';

/** Worker threads answering `/invocations`, each holding the model version. */
export interface InvocationPool {
  /** Settles once every worker has loaded the model, or rejects with the first load error (all stopped). */
  readonly ready: Promise<void>;
  /** Worker threads running. */
  readonly size: number;
  /** Whether at least one worker has the model loaded (`/ping` answers 503 while none has). */
  readonly healthy: boolean;
  /** Requests waiting for a worker now. */
  readonly queued: number;
  /** Answers a request in the first free worker, or after those queued before it. */
  answer(input: InvocationInput): Promise<InvocationAnswer>;
  /** Stops every worker; requests still queued are refused. */
  close(): Promise<void>;
}

/** How to start a pool. */
export interface InvocationPoolOptions {
  /** Worker threads (`INVOCATIONS_WORKERS`), at least 1. */
  readonly workers: number;
  /** Requests that may wait for a worker (`INVOCATIONS_MAX_QUEUE`); one more is answered 503. */
  readonly maxQueue: number;
  /** The model folder every worker loads. */
  readonly modelDir: string;
  readonly settings: InvocationSettings;
  readonly logger: Logger;
  readonly logLevel: LogLevel;
  /** The tfjs backend workers try first (default wasm). */
  readonly tfBackend?: 'wasm' | 'cpu';
  /** The worker script (default: `invocationsWorkerEntry()`). */
  readonly entry?: WorkerEntry;
}

interface Job {
  readonly id: number;
  readonly input: InvocationInput;
  readonly resolve: (answer: InvocationAnswer) => void;
  readonly reject: (error: Error) => void;
}

/** One worker thread and the job it runs. */
interface Slot {
  readonly worker: Worker;
  job: Job | undefined;
  ready: boolean;
}

/**
 * Starts `workers` worker threads that each load the model folder; `ready` resolves once every one has (or
 * rejects with the first one's load error, the others stopped). Requests go to a free worker, else wait in a
 * FIFO queue of at most `maxQueue` (`InvocationsBusyError`, 503, beyond). The event loop of the main thread
 * only moves bytes, so it answers `/ping` however busy the workers are. A worker that stops while answering
 * fails that request (`WorkerFailedError`, 500), is logged and is replaced.
 *
 * @example
 * const pool = createInvocationPool({ workers: 2, maxQueue: 64, modelDir, settings, logger, logLevel: 'info' });
 * await pool.ready;
 * const answer = await pool.answer({ body, contentType: 'application/json', accept: undefined, now: Date.now() });
 */
export function createInvocationPool(options: InvocationPoolOptions): InvocationPool {
  const entry = options.entry ?? invocationsWorkerEntry();
  const data: InvocationWorkerData = {
    modelDir: options.modelDir,
    settings: options.settings,
    logLevel: options.logLevel,
    tfBackend: options.tfBackend ?? 'wasm',
  };
  const slots: Slot[] = [];
  const queue: Job[] = [];
  let nextId = 0;
  let closed = false;
  let closing: Promise<void> | undefined;
  /** Called whenever a job settles, so that `close` can wait for the last one. */
  let drained: () => void = () => undefined;

  function spawn(): { slot: Slot; ready: Promise<void> } {
    const worker = new Worker(entry.script, { workerData: data, eval: entry.eval });
    const slot: Slot = { worker, job: undefined, ready: false };
    slots.push(slot);
    let settleLoad: (error?: Error) => void = () => undefined;
    const ready = new Promise<void>((resolve, reject) => {
      settleLoad = (error) => (error === undefined ? resolve() : reject(error));
    });
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'ready') {
        slot.ready = true;
        settleLoad();
        dispatch();
      } else if (message.type === 'load-failed') {
        settleLoad(restoreError(message.error));
        // It has nothing more to do; a handle left open must not keep it (and requests queued for it) alive.
        void worker.terminate();
      } else {
        const job = slot.job;
        slot.job = undefined;
        if (job !== undefined && job.id === message.id) {
          if (message.type === 'answer') job.resolve(message.answer);
          else job.reject(restoreError(message.error));
        }
        dispatch();
        drained();
      }
    });
    worker.on('error', (error) => stopped(slot, error));
    worker.on('exit', (code) => stopped(slot, new Error(`exited with code ${code}`)));
    return { slot, ready };

    function stopped(which: Slot, error: Error): void {
      const index = slots.indexOf(which);
      if (index < 0) return;
      slots.splice(index, 1);
      settleLoad(
        new WorkerFailedError(`while loading ${options.modelDir}: ${error.message}`, { cause: error }),
      );
      const job = which.job;
      which.job = undefined;
      job?.reject(new WorkerFailedError(error.message, { cause: error }));
      drained();
      // A worker that never loaded the model has reported why; starting another would fail the same way.
      if (closed || !which.ready) {
        if (slots.length === 0) refuseQueued(new WorkerFailedError('no worker thread has the model loaded'));
        return;
      }
      options.logger.error(
        { ...describeError(error), busy: job !== undefined },
        'an /invocations worker thread stopped; starting another',
      );
      replace(0);
    }
  }

  /**
   * Starts a worker in place of one that stopped; while replacements fail to load, tries again after 1, 2, 4...
   * up to 30 seconds, so a pool that lost its workers recovers instead of failing every request from then on.
   */
  function replace(attempt: number): void {
    if (closed) return;
    spawn().ready.catch((loadError: unknown) => {
      const retryInMs = Math.min(30_000, 1000 * 2 ** attempt);
      options.logger.error(
        { ...describeError(loadError), retryInMs },
        'a replacement /invocations worker thread could not load the model',
      );
      setTimeout(() => replace(attempt + 1), retryInMs).unref();
    });
  }

  function dispatch(): void {
    for (const slot of slots) {
      if (queue.length === 0) return;
      if (!slot.ready || slot.job !== undefined) continue;
      const job = queue.shift() as Job;
      slot.job = job;
      const request: WorkerRequest = { id: job.id, input: job.input };
      const { body } = job.input;
      // The body moves to the worker without a copy when it owns its whole buffer (large bodies do).
      const movable = body.byteOffset === 0 && body.byteLength === body.buffer.byteLength;
      try {
        slot.worker.postMessage(request, movable ? [body.buffer as ArrayBuffer] : []);
      } catch (error) {
        // A body that cannot be sent (a buffer already moved elsewhere) fails its request, not the worker.
        slot.job = undefined;
        job.reject(error instanceof Error ? error : new Error(String(error)));
      }
    }
  }

  function refuseQueued(error: Error): void {
    for (const job of queue.splice(0)) job.reject(error);
    drained();
  }

  const started = Array.from({ length: options.workers }, () => spawn());
  const ready = Promise.all(started.map((s) => s.ready)).then(
    () => undefined,
    async (error: unknown) => {
      closed = true;
      await Promise.all(slots.map((s) => s.worker.terminate()));
      throw error;
    },
  );

  return {
    ready,
    get size() {
      return slots.length;
    },
    get healthy() {
      return slots.some((s) => s.ready);
    },
    get queued() {
      return queue.length;
    },
    answer(input) {
      if (closed) return Promise.reject(new ModelLoadingError('the endpoint is shutting down'));
      if (slots.length === 0) {
        return Promise.reject(new WorkerFailedError('no worker thread has the model loaded'));
      }
      const idle = slots.some((s) => s.ready && s.job === undefined);
      if (!idle && queue.length >= options.maxQueue) {
        return Promise.reject(new InvocationsBusyError(slots.length, options.maxQueue));
      }
      return new Promise<InvocationAnswer>((resolve, reject) => {
        queue.push({ id: nextId++, input, resolve, reject });
        dispatch();
      });
    },
    close() {
      closed = true;
      closing ??= (async () => {
        // Requests already accepted are answered first (SIGTERM lets in-flight requests finish).
        while (queue.length > 0 || slots.some((s) => s.job !== undefined)) {
          await new Promise<void>((resolve) => (drained = resolve));
        }
        await Promise.all(slots.map((s) => s.worker.terminate()));
      })();
      return closing;
    },
  };
}
