import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { formatCandlesCsv } from '@cf/ohlcv';
import { makeTempStore } from '@cf/storage/testing';
import { makeTempDir, sampleCandles, writeModelFixture } from './test-support/model-fixture';

// Starts main.ts as `serve` in its own process (through tsx), as the SageMaker image runs `node main.js serve`.
jest.setTimeout(60_000);

const root = path.resolve(__dirname, '../../..');
const cleanups: (() => Promise<void>)[] = [];
let modelDir: string;

beforeAll(async () => {
  const temp = await makeTempStore();
  const dir = await makeTempDir();
  cleanups.push(temp.cleanup, dir.cleanup);
  ({ modelDir } = await writeModelFixture(temp.store, dir.dir));
});

afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

interface Served {
  readonly child: ChildProcess;
  readonly lines: () => Record<string, unknown>[];
  waitFor(message: string): Promise<Record<string, unknown>>;
  exited: Promise<number | null>;
}

function serve(env: Record<string, string>): Served {
  // Node itself, with tsx's loader: the tsx CLI would stand between the test and the process, relaying
  // signals with its own 30 ms deadline, which a loaded machine misses while the model loads.
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'main.ts'), 'serve'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', SAGEMAKER_BIND_TO_PORT: '0', TF_BACKEND: 'wasm', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const parsed: Record<string, unknown>[] = [];
  const waiters: { message: string; resolve: (line: Record<string, unknown>) => void }[] = [];
  let buffer = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const complete = buffer.split('\n');
    buffer = complete.pop() ?? '';
    for (const text of complete) {
      if (!text.startsWith('{')) continue;
      const line = JSON.parse(text) as Record<string, unknown>;
      parsed.push(line);
      for (const waiter of waiters.filter((w) => w.message === line.msg)) waiter.resolve(line);
    }
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  cleanups.push(async () => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  return {
    child,
    lines: () => parsed,
    exited,
    waitFor: (message) =>
      new Promise((resolve, reject) => {
        const seen = parsed.find((line) => line.msg === message);
        if (seen) return resolve(seen);
        waiters.push({ message, resolve });
        void exited.then((code) =>
          reject(new Error(`serve exited with ${code} before '${message}': ${JSON.stringify(parsed)}`)),
        );
      }),
  };
}

describe('main.js serve', () => {
  it('listens, answers /ping once the model is loaded, forecasts, and exits 0 on SIGTERM', async () => {
    const served = serve({ MODEL_DIR: modelDir });

    const listening = await served.waitFor('infer endpoint listening, loading the model');
    await served.waitFor('model loaded, ready for /invocations');
    const url = String(listening.address);
    const ping = await fetch(`${url}/ping`);
    const invocation = await fetch(`${url}/invocations`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: formatCandlesCsv(sampleCandles('BTC').slice(-60)),
    });
    served.child.kill('SIGTERM');
    const code = await served.exited;

    expect(ping.status).toBe(200);
    expect(invocation.status).toBe(200);
    expect(code).toBe(0);
    expect(served.lines().map((l) => l.msg)).toEqual(
      expect.arrayContaining(['tfjs backend: wasm', 'shutting down', 'shut down cleanly']),
    );
  });

  it('exits 0 on a SIGTERM that arrives while the model and its worker threads load', async () => {
    const served = serve({ MODEL_DIR: modelDir });

    await served.waitFor('infer endpoint listening, loading the model');
    served.child.kill('SIGTERM');
    const code = await served.exited;

    expect(code).toBe(0);
    expect(served.lines().filter((l) => l.level === 'error')).toEqual([]);
    expect(served.lines().map((l) => l.msg)).toContain('shut down cleanly');
  });

  it('exits 1 and says why when the model folder is missing', async () => {
    const served = serve({ MODEL_DIR: '/nonexistent/opt/ml/model' });

    const code = await served.exited;

    expect(code).toBe(1);
    expect(served.lines()).toContainEqual(
      expect.objectContaining({
        level: 'error',
        code: 'INFER_INPUT_NOT_FOUND',
        message: "model folder '/nonexistent/opt/ml/model' does not exist",
      }),
    );
  });

  it('exits 2 listing every configuration problem', async () => {
    const served = serve({ MODEL_DIR: modelDir, OOD_Z_LIMIT: '-3', INVOCATIONS_MAX_BYTES: 'lots' });

    const code = await served.exited;

    expect(code).toBe(2);
    const failed = served.lines().find((l) => l.level === 'error');
    expect(failed).toMatchObject({ code: 'SERVICE_CONFIG' });
    expect(failed!.message).toMatch(/OOD_Z_LIMIT.*INVOCATIONS_MAX_BYTES/);
  });
});
