import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { onShutdownSignal } from './shutdown';
import { captureLogger } from './testing';

// Jest gives each test file its own `process` object whose listeners the OS never calls (and some
// runners patch its `emit`), so the in-process tests call EventEmitter's emit on it directly; the last
// test spawns a real server process and sends it a real SIGTERM.
const SIGNAL: NodeJS.Signals = 'SIGUSR2';
const signal = (): boolean => EventEmitter.prototype.emit.call(process, SIGNAL, SIGNAL);

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('onShutdownSignal', () => {
  it('logs once, awaits close and exits 0', async () => {
    const { logger, lines } = captureLogger();
    const exited = deferred<number>();
    const order: string[] = [];
    const unsubscribe = onShutdownSignal({
      logger,
      signals: [SIGNAL],
      close: async () => {
        order.push('close started');
        await new Promise((resolve) => setTimeout(resolve, 30));
        order.push('close finished');
      },
      exit: (code) => {
        order.push(`exit ${code}`);
        exited.resolve(code);
      },
    });

    signal();
    const code = await exited.promise;
    unsubscribe();

    expect(code).toBe(0);
    expect(order).toEqual(['close started', 'close finished', 'exit 0']);
    expect(lines().map((line) => line.msg)).toEqual(['shutting down', 'shut down cleanly']);
    expect(lines()[0]).toMatchObject({ signal: SIGNAL });
  });

  it('forces exit 1 on a second signal while close is still running', async () => {
    const { logger, lines } = captureLogger();
    const exited = deferred<number>();
    const closeStarted = deferred<void>();
    const codes: number[] = [];
    const unsubscribe = onShutdownSignal({
      logger,
      signals: [SIGNAL],
      close: () => {
        closeStarted.resolve();
        return new Promise<void>(() => undefined);
      },
      exit: (code) => {
        codes.push(code);
        exited.resolve(code);
      },
    });

    signal();
    await closeStarted.promise;
    signal();
    await exited.promise;
    unsubscribe();

    expect(codes).toEqual([1]);
    expect(lines().map((line) => line.msg)).toEqual([
      'shutting down',
      'second signal during shutdown, exiting now',
    ]);
  });

  it('forces exit 1 when close outlasts the timeout, and when close fails', async () => {
    const { logger, lines } = captureLogger();
    const hung = deferred<number>();
    const stopHung = onShutdownSignal({
      logger,
      signals: [SIGNAL],
      timeoutMs: 40,
      close: () => new Promise<void>(() => undefined),
      exit: hung.resolve,
    });
    signal();
    const hungCode = await hung.promise;
    stopHung();

    const failing = deferred<number>();
    const stopFailing = onShutdownSignal({
      logger,
      signals: [SIGNAL],
      close: async () => {
        throw new Error('pool did not drain');
      },
      exit: failing.resolve,
    });
    signal();
    const failingCode = await failing.promise;
    stopFailing();

    expect([hungCode, failingCode]).toEqual([1, 1]);
    expect(
      lines()
        .filter((line) => line.level === 'error')
        .map((line) => line.msg),
    ).toEqual(['shutdown timed out, exiting now', 'shutdown failed']);
    expect(lines().find((line) => line.msg === 'shutdown failed')).toMatchObject({
      message: 'pool did not drain',
    });
  });

  it('removes its handlers when unsubscribed', () => {
    const { logger } = captureLogger();
    const before = process.listenerCount(SIGNAL);

    const unsubscribe = onShutdownSignal({
      logger,
      signals: [SIGNAL],
      close: async () => undefined,
      exit: () => undefined,
    });
    const during = process.listenerCount(SIGNAL);
    unsubscribe();

    expect([during - before, process.listenerCount(SIGNAL) - before]).toEqual([1, 0]);
  });

  it('lets a real server process finish its in-flight request on SIGTERM, then exit 0', async () => {
    const fixture = path.join(__dirname, 'fixtures', 'graceful-server.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', fixture, '400'], {
      cwd: path.resolve(__dirname, '../../..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const logs: Record<string, unknown>[] = [];
    const waiters: { msg: string; resolve: (line: Record<string, unknown>) => void }[] = [];
    createInterface({ input: child.stdout! }).on('line', (text) => {
      const line = JSON.parse(text) as Record<string, unknown>;
      logs.push(line);
      for (const waiter of waiters.filter((w) => w.msg === line.msg)) waiter.resolve(line);
    });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const logged = (msg: string) =>
      new Promise<Record<string, unknown>>((resolve) => {
        const seen = logs.find((line) => line.msg === msg);
        if (seen) resolve(seen);
        else waiters.push({ msg, resolve });
      });

    try {
      const { address } = (await Promise.race([
        logged('listening'),
        exit.then(() => Promise.reject(new Error(`fixture exited early: ${stderr}`))),
      ])) as { address: string };
      const inFlight = fetch(`${address}/slow`);
      await logged('slow request started');
      child.kill('SIGTERM');

      const response = await inFlight;
      const code = await exit;

      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ done: true });
      expect(code).toBe(0);
      const messages = logs.map((line) => line.msg);
      expect(messages.filter((msg) => msg === 'shutting down')).toHaveLength(1);
      expect(messages.indexOf('shutting down')).toBeGreaterThan(messages.indexOf('slow request started'));
      expect(messages).toContain('shut down cleanly');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 30_000);
});
