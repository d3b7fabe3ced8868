import { Worker } from 'node:worker_threads';
import type { KernelCall, Program } from './program';
import type { WasmMemory, WasmModule } from './wasm-kernels';

/**
 * The worker's whole script, plain JavaScript run with `eval: true`: it needs no file on disk, so it
 * starts the same under jest, tsx and an esbuild bundle. It instantiates the kernels over the shared
 * memory, keeps the programs it is sent, and runs one per message.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const instance = new WebAssembly.Instance(workerData.module, { env: { memory: workerData.memory } });
const kernels = instance.exports;
const programs = new Map();
parentPort.on('message', (message) => {
  try {
    if (message.calls) programs.set(message.id, message.calls.map((call) => [kernels[call[0]], call.slice(1)]));
    const calls = programs.get(message.id);
    for (let i = 0; i < calls.length; i++) calls[i][0](...calls[i][1]);
    parentPort.postMessage({ ok: true });
  } catch (error) {
    parentPort.postMessage({ ok: false, error: String((error && error.stack) || error) });
  }
});
`;

interface Reply {
  readonly ok: boolean;
  readonly error?: string;
}

/** One worker thread running kernel programs over the shared memory. */
class KernelWorker {
  private readonly worker: Worker;
  private readonly known = new WeakSet<Program>();
  private pending: { resolve: () => void; reject: (e: Error) => void } | undefined;
  private failure: Error | undefined;

  constructor(module: WasmModule, memory: WasmMemory) {
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { module, memory } });
    // Idle workers do not keep the process alive (a long-lived forward pass may never be disposed);
    // a running program does.
    this.worker.unref();
    this.worker.on('message', (reply: Reply) => {
      this.worker.unref();
      const pending = this.pending;
      this.pending = undefined;
      if (reply.ok) pending?.resolve();
      else pending?.reject(new Error(`fast-rnn worker failed: ${reply.error}`));
    });
    this.worker.on('error', (error: Error) => this.fail(error));
    this.worker.on('exit', (code) => this.fail(new Error(`fast-rnn worker exited with code ${code}`)));
  }

  /** Starts `program` on the worker; the promise settles when it has run. */
  run(program: Program, id: number): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.worker.ref();
      const calls: KernelCall[] | undefined = this.known.has(program) ? undefined : program.calls;
      this.known.add(program);
      this.worker.postMessage({ id, calls });
    });
  }

  async close(): Promise<void> {
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.pending?.reject(error);
    this.pending = undefined;
  }
}

/** Worker threads sharing one WebAssembly memory, each running one program at a time. */
export class WorkerPool {
  private readonly workers: KernelWorker[];
  private readonly ids = new WeakMap<Program, number>();
  private nextId = 0;

  constructor(count: number, module: WasmModule, memory: WasmMemory) {
    this.workers = Array.from({ length: count }, () => new KernelWorker(module, memory));
  }

  get size(): number {
    return this.workers.length;
  }

  /** Runs `program` on worker `index`. */
  run(index: number, program: Program): Promise<void> {
    let id = this.ids.get(program);
    if (id === undefined) {
      id = this.nextId++;
      this.ids.set(program, id);
    }
    return this.workers[index].run(program, id);
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
  }
}
