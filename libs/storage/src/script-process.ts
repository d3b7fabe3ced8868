import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { LocalObjectStore } from './local-object-store';
import type { ObjectStore } from './object-store';
import { S3ObjectStore } from './s3-object-store';

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

/** How a script process reaches the test's store: a local folder or the local S3-compatible server. */
export type ProcessStoreConfig =
  | { readonly kind: 'local'; readonly dir: string }
  | {
      readonly kind: 's3';
      readonly clientConfig: S3ClientConfig;
      readonly bucket: string;
      readonly prefix: string;
    };

/** The store a script process opens from its `ProcessStoreConfig`. */
export function openProcessStore(config: ProcessStoreConfig): ObjectStore {
  return config.kind === 'local'
    ? new LocalObjectStore(config.dir)
    : new S3ObjectStore({
        client: new S3Client(config.clientConfig),
        bucket: config.bucket,
        prefix: config.prefix,
      });
}
