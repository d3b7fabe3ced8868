import { availableParallelism } from 'node:os';
import { createTsExecutor, type Executor } from './executor';
import type { FastEngine } from './trainer';
import {
  instantiateKernels,
  kernelBuild,
  kernelsModule,
  sharedMemory,
  WasmKernelRunner,
  type KernelBuild,
} from './wasm-kernels';
import { WorkerPool } from './worker-pool';

/** Threads beyond this stop paying at batch 64 (each slot's matrix products get too small). */
const MAX_THREADS = 4;

/** The engine `fitFast` uses: WebAssembly SIMD kernels on every core (up to 4 threads). */
export async function defaultEngine(): Promise<FastEngine> {
  return wasmEngine(Math.min(MAX_THREADS, availableParallelism()));
}

/** The plain TypeScript kernels on one thread (the reference implementation). */
export function tsEngine(): FastEngine {
  return { threads: 1, createExecutor: async (floats) => createTsExecutor(floats) };
}

/**
 * The WebAssembly kernels on the calling thread plus `threads - 1` worker threads; `build` pins the
 * kernel build (tests, benchmarks), by default the best this engine runs.
 */
export function wasmEngine(threads: number, build: KernelBuild = kernelBuild()): FastEngine {
  return {
    threads: Math.max(1, threads),
    createExecutor: (floats, used) => createWasmExecutor(floats, used, build),
  };
}

/** The WebAssembly kernels over one new shared memory: a runner on the calling thread and a worker pool. */
export interface WasmKernels {
  /** The whole memory as floats. */
  readonly memory: Float32Array;
  readonly runner: WasmKernelRunner;
  /** `threads - 1` workers over the same memory. */
  readonly pool: WorkerPool;
  /** What runs the arithmetic, for logs: build and thread count. */
  readonly description: string;
}

/** Starts the kernels of `build` over a new shared memory of `floats` floats on `threads` threads. */
export function startWasmKernels(floats: number, threads: number, build: KernelBuild): WasmKernels {
  const shared = sharedMemory(floats);
  const module = kernelsModule(build);
  return {
    memory: new Float32Array(shared.buffer, 0, floats),
    runner: new WasmKernelRunner(instantiateKernels(shared, module)),
    pool: new WorkerPool(threads - 1, module, shared),
    description: `WebAssembly SIMD kernels (${build} build), ${threads} thread${threads === 1 ? '' : 's'}`,
  };
}

async function createWasmExecutor(floats: number, threads: number, build: KernelBuild): Promise<Executor> {
  const { memory, runner, pool, description } = startWasmKernels(floats, threads, build);
  return {
    memory,
    threads,
    description,
    run: (program) => runner.run(program),
    runParallel: async (programs) => {
      const running = programs.slice(1).map((p, i) => (p ? pool.run(i, p) : undefined));
      if (programs[0]) runner.run(programs[0]);
      await Promise.all(running);
    },
    close: () => pool.close(),
  };
}
