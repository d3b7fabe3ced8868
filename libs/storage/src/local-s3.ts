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
 * s3rver runs in a child Node process, started with `--openssl-legacy-provider` because it paginates
 * ListObjectsV2 with DES-encrypted tokens that OpenSSL 3 (Node 20+) otherwise refuses. Two S3 behaviours
 * s3rver lacks are patched in the child (see `S3RVER_CHILD`). The child exits on `close()` or when this
 * process goes away.
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

// The child: s3rver with two fixes that make it behave like S3 where the contract relies on it.
// - `x-amz-copy-source` is percent-decoded fully (s3rver's `decodeURI` leaves `%3D`, `%2B`, ... encoded).
// - Objects and their metadata are replaced atomically (temp file + rename); s3rver truncates and rewrites
//   them in place, so concurrent puts to one key could leave a mix of both bodies.
const S3RVER_CHILD = `
const crypto = require('node:crypto');
const fsp = require('node:fs/promises');
const path = require('node:path');
const [s3rverPath, directory, bucket] = process.argv.slice(1);
const lib = path.dirname(s3rverPath);
const S3rver = require(s3rverPath);
const objects = require(path.join(lib, 'controllers', 'object.js'));
const FilesystemStore = require(path.join(lib, 'stores', 'filesystem.js'));
const S3Object = require(path.join(lib, 'models', 'object.js'));

const putObjectCopy = objects.putObjectCopy;
objects.putObjectCopy = (ctx) => {
  const source = ctx.headers['x-amz-copy-source'];
  if (typeof source === 'string') ctx.headers['x-amz-copy-source'] = encodeURI(decodeURIComponent(source));
  return putObjectCopy(ctx);
};

async function writeAtomically(file, data) {
  const temp = file + '.' + crypto.randomBytes(8).toString('hex') + '.tmp';
  await fsp.writeFile(temp, data);
  await fsp.rename(temp, file);
}
async function readAll(stream) {
  const chunks = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}
FilesystemStore.prototype.putObject = async function (object) {
  const objectPath = this.getResourcePath(object.bucket, object.key, 'object');
  await fsp.mkdir(path.dirname(objectPath), { recursive: true });
  const content = Buffer.isBuffer(object.content) ? object.content : await readAll(object.content);
  const md5 = crypto.createHash('md5').update(content).digest('hex');
  await writeAtomically(objectPath, content);
  await this.putMetadata(object.bucket, object.key, object.metadata, md5);
  return { size: content.length, md5 };
};
FilesystemStore.prototype.putMetadata = async function (bucketName, key, metadata, md5) {
  const json = {};
  for (const [name, value] of Object.entries(metadata)) {
    if (S3Object.ALLOWED_METADATA.includes(name) || name.startsWith('x-amz-meta-')) json[name] = value;
  }
  if (md5) await writeAtomically(this.getResourcePath(bucketName, key, 'object.md5'), md5);
  await writeAtomically(this.getResourcePath(bucketName, key, 'metadata.json'), JSON.stringify(json, null, 2));
};

const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
const stop = () => server.close().then(() => process.exit(0), () => process.exit(1));
process.on('SIGTERM', stop);
process.stdin.on('end', stop);
process.stdin.resume();
server.run().then(
  (address) => process.stdout.write(JSON.stringify({ port: address.port }) + '\\n'),
  (error) => { process.stderr.write(String((error && error.stack) || error) + '\\n'); process.exit(1); },
);
`;

function spawnS3rver(directory: string, bucket: string): Promise<{ child: ChildProcess; port: number }> {
  const s3rverPath = require.resolve('s3rver');
  const child = spawn(
    process.execPath,
    ['--openssl-legacy-provider', '-e', S3RVER_CHILD, s3rverPath, directory, bucket],
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
