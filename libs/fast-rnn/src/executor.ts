import type { Program } from './program';
import { TsKernelRunner } from './ts-kernels';

/** Runs recorded programs over one float memory, on one or several threads. */
export interface Executor {
  /** The whole memory as floats; buffers are offsets into it. */
  readonly memory: Float32Array;
  /** Threads programs can run on at once (the calling thread included). */
  readonly threads: number;
  /** What runs the arithmetic, for logs and benchmarks. */
  readonly description: string;
  /** Runs `program` on the calling thread. */
  run(program: Program): void;
  /** Runs `programs[i]` on thread i (0 is the calling thread; `undefined` skips) and waits for all. */
  runParallel(programs: readonly (Program | undefined)[]): Promise<void>;
  /** Stops the worker threads. */
  close(): Promise<void>;
}

/** The plain TypeScript kernels on the calling thread only. */
export function createTsExecutor(floats: number): Executor {
  const runner = new TsKernelRunner(floats);
  return {
    memory: runner.memory,
    threads: 1,
    description: 'TypeScript kernels, 1 thread',
    run: (program) => runner.run(program),
    runParallel: async (programs) => {
      for (const program of programs) if (program) runner.run(program);
    },
    close: async () => undefined,
  };
}
