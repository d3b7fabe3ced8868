import type { S3ClientConfig } from '@aws-sdk/client-s3';
import { S3Client } from '@aws-sdk/client-s3';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { S3ObjectStore } from './s3-object-store';

/** A running local S3-compatible server (s3rver) with one bucket, for tests. */
export interface LocalS3 {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  readonly bucket: string;
  /** Endpoint, region, `forcePathStyle: true` and static credentials for `new S3Client(...)`. */
  readonly clientConfig: S3ClientConfig;
  /** A store on the bucket, optionally under `prefix`, with its own client. */
  createStore(prefix?: string): S3ObjectStore;
  /** Stops the server and removes its data directory. */
  close(): Promise<void>;
}

/**
 * Starts s3rver on 127.0.0.1 (a free port) with a temp data directory and a bucket named `test-bucket`.
 *
 * s3rver runs in a child Node process (`local-s3-server.cjs`), started with `--openssl-legacy-provider`
 * because it paginates ListObjectsV2 with DES-encrypted tokens that OpenSSL 3 (Node 20+) otherwise refuses.
 * The S3 behaviours s3rver lacks and the contract relies on are patched in the child: full decoding of the
 * copy source, atomic replacement of objects, requests on one key taking turns, and conditional writes
 * (`If-None-Match: *`, `If-Match`) answered with S3's 412, 404 and 409. The child exits on `close()` or
 * when this process goes away.
 *
 * @example
 * const s3 = await startLocalS3();
 * const store = s3.createStore('run-1');
 * await s3.close();
 */
export async function startLocalS3(): Promise<LocalS3> {
  const directory = await mkdtemp(path.join(tmpdir(), 'cf-s3rver-'));
  const bucket = 'test-bucket';
  let child: ChildProcess;
  let port: number;
  try {
    ({ child, port } = await spawnS3rver(directory, bucket));
  } catch (error) {
    await rm(directory, { recursive: true, force: true });
    throw error;
  }
  const endpoint = `http://127.0.0.1:${port}`;
  const clientConfig: S3ClientConfig = {
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  };
  const clients: S3Client[] = [];
  return {
    endpoint,
    bucket,
    clientConfig,
    createStore(prefix?: string): S3ObjectStore {
      const client = new S3Client(clientConfig);
      clients.push(client);
      return new S3ObjectStore({ client, bucket, prefix });
    },
    async close(): Promise<void> {
      for (const client of clients) client.destroy();
      await stopChild(child);
      await rm(directory, { recursive: true, force: true });
    },
  };
}

function spawnS3rver(directory: string, bucket: string): Promise<{ child: ChildProcess; port: number }> {
  const s3rverPath = require.resolve('s3rver');
  const child = spawn(
    process.execPath,
    ['--openssl-legacy-provider', path.join(__dirname, 'local-s3-server.cjs'), s3rverPath, directory, bucket],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    const fail = (reason: string) => {
      child.kill('SIGKILL');
      reject(new Error(`s3rver did not start: ${reason}${stderr === '' ? '' : `\n${stderr}`}`));
    };
    const timer = setTimeout(() => fail('no port after 15 s'), 15_000);
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split('\n')[0];
      if (stdout.includes('\n')) {
        clearTimeout(timer);
        const port = (JSON.parse(line) as { port: number }).port;
        resolve({ child, port });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(`exited with code ${String(code)}`);
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.stdin?.end();
    child.kill('SIGTERM');
  });
}
