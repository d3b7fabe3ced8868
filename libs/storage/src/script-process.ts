import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';

/** A TypeScript script running in its own Node process, its stdout read line by line. */
export interface ScriptProcess {
  readonly child: ChildProcessWithoutNullStreams;
  /** The next line it printed; throws with its stderr when it ended first. */
  nextLine(): Promise<string>;
  /** Its exit code, once it has exited. */
  exited(): Promise<number | null>;
}

/**
 * Starts `node --import tsx <script> <JSON of config>`: the other process of a concurrency test (two runs of a
 * job against one store, synchronised by lines on stdin and stdout). Tests only.
 */
export function startScriptProcess(script: string, config: unknown): ScriptProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', script, JSON.stringify(config)], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return {
    child,
    async nextLine() {
      const { value, done } = await lines.next();
      if (done) throw new Error(`${script} ended without output: ${stderr}`);
      return value as string;
    },
    exited: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) resolve(child.exitCode);
        else child.once('exit', resolve);
      }),
  };
}
