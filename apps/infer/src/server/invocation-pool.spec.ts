import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { CfError } from '@cf/core';
import { modelKinds, type LoadedModelVersion } from '@cf/model';
import { captureLogger } from '@cf/service/testing';
import { makeTempStore } from '@cf/storage/testing';
import { formatInvocationJson } from '../forecast/invocation-payload';
import {
  makeTempDir,
  sampleCandles,
  writeModelFixture,
  type ModelFixture,
} from '../test-support/model-fixture';
import { answerInvocation, type InvocationInput, type InvocationSettings } from './answer-invocation';
import { createInvocationPool, type InvocationPool } from './invocation-pool';
import { loadModelDir } from './load-model-dir';

// Real worker threads running the TypeScript sources through tsx, on the tfjs wasm backend.
jest.setTimeout(120_000);

const NOW = Date.parse('2024-02-12T06:00:00.000Z');
const SETTINGS: InvocationSettings = {
  oodZLimit: 4,
  limits: { maxBytes: 8 * 1024 * 1024, maxSymbols: 10, maxRows: 3000 },
};
const cleanups: (() => Promise<void>)[] = [];
let model: ModelFixture;
let loaded: LoadedModelVersion;

beforeAll(async () => {
  const temp = await makeTempStore();
  const dir = await makeTempDir();
  cleanups.push(temp.cleanup, dir.cleanup);
  model = await writeModelFixture(temp.store, dir.dir);
  loaded = await loadModelDir(model.modelDir, modelKinds());
});

afterAll(async () => {
  loaded.forecaster.dispose();
  for (const cleanup of cleanups.reverse()) await cleanup();
});

function startPool(workers: number, maxQueue: number, modelDir = model.modelDir): InvocationPool {
  const { logger } = captureLogger();
  const pool = createInvocationPool({
    workers,
    maxQueue,
    modelDir,
    settings: SETTINGS,
    logger,
    logLevel: 'warn',
  });
  cleanups.push(() => pool.close());
  return pool;
}

function jsonInput(symbols: readonly string[], accept?: string): InvocationInput {
  const candles = new Map(symbols.map((s) => [s, sampleCandles(s, { to: '2024-02-11' }).slice(-400)]));
  return {
    body: Buffer.from(formatInvocationJson(candles)),
    contentType: 'application/json',
    accept,
    now: NOW,
  };
}

/** The input again, with a body of its own: a pool moves a body's buffer to the worker. */
function copy(input: InvocationInput): InvocationInput {
  return { ...input, body: Buffer.from(input.body) };
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

describe('the /invocations worker pool', () => {
  it('answers in worker threads exactly the bytes answerInvocation gives on the event loop, JSON and CSV', async () => {
    // Prepare
    const pool = startPool(2, 8);
    await pool.ready;
    const json = jsonInput(['BTC', 'ETH', 'SOL']);
    const csv = jsonInput(['BTC', 'ETH'], 'text/csv');

    // Act: more requests than workers at once, so some wait in the queue.
    const answers = await Promise.all([json, csv, json, csv].map((input) => pool.answer(copy(input))));

    // Assert
    const expectedJson = await answerInvocation(loaded, copy(json), SETTINGS);
    const expectedCsv = await answerInvocation(loaded, copy(csv), SETTINGS);
    expect(pool.size).toBe(2);
    expect(answers).toEqual([expectedJson, expectedCsv, expectedJson, expectedCsv]);
    expect(expectedJson.payload).toContain('"symbol":"SOL"');
    expect(expectedCsv.contentType).toBe('text/csv');
  });

  it("forwards a request's error with its code, kind and message, and the worker goes on answering", async () => {
    // Prepare
    const pool = startPool(1, 8);
    await pool.ready;
    const future = jsonInput(['BTC']);
    const tooEarly = { ...future, now: Date.parse('2024-02-01T06:00:00.000Z') };

    // Act
    const error = await rejection(pool.answer(copy(tooEarly)));
    const after = await pool.answer(copy(jsonInput(['ETH'])));

    // Assert
    const expected = await rejection(answerInvocation(loaded, copy(tooEarly), SETTINGS));
    expect(error).toBeInstanceOf(CfError);
    expect(error).toMatchObject({ code: 'INFER_FUTURE_CANDLES', kind: 'input', message: expected.message });
    expect(error.name).toBe(expected.name);
    expect(after.payload).toContain('"symbol":"ETH"');
  });

  it('refuses a request with INFER_BUSY when every worker is busy and the queue is full', async () => {
    // Prepare: one worker, no queue.
    const pool = startPool(1, 0);
    await pool.ready;

    // Act: the first request occupies the worker synchronously; the second arrives before it can answer.
    const first = pool.answer(jsonInput(['BTC']));
    const second = rejection(pool.answer(jsonInput(['ETH'])));

    // Assert
    expect(await second).toMatchObject({ code: 'INFER_BUSY', kind: 'unavailable' });
    expect((await first).payload).toContain('"symbol":"BTC"');
  });

  it('fails `ready` with the load error of a folder that is not a model, and refuses requests after', async () => {
    const dir = await makeTempDir();
    cleanups.push(dir.cleanup);
    const pool = startPool(2, 8, `${dir.dir}/missing`);

    const error = await rejection(pool.ready);

    expect(error).toMatchObject({ code: 'INFER_INPUT_NOT_FOUND', kind: 'not-found' });
    expect(error.message).toContain('missing');
    expect(pool.size).toBe(0);
    expect(await rejection(pool.answer(jsonInput(['BTC'])))).toMatchObject({ code: 'INFER_MODEL_LOADING' });
  });

  it('finishes the requests it accepted before close() stops the workers', async () => {
    const pool = startPool(1, 8);
    await pool.ready;

    const accepted = [pool.answer(jsonInput(['BTC'])), pool.answer(jsonInput(['ETH']))];
    await pool.close();

    const answers = await Promise.all(accepted);
    expect(answers.map((a) => a.contentType)).toEqual(['application/json', 'application/json']);
    expect(pool.size).toBe(0);
    expect(await rejection(pool.answer(jsonInput(['BTC'])))).toMatchObject({ code: 'INFER_MODEL_LOADING' });
  });
});

describe('the /invocations worker pool when workers stop', () => {
  // A stand-in worker speaking the pool's messages: it loads unless `{modelDir}/mode` says `fail`, answers a
  // body with itself, and stops its thread on the body `crash`.
  const STUB_WORKER = `
    const { parentPort, workerData } = require('node:worker_threads');
    const { readFileSync } = require('node:fs');
    if (readFileSync(workerData.modelDir + '/mode', 'utf8') === 'fail') {
      parentPort.postMessage({ type: 'load-failed', error: { name: 'Error', code: 'INFER_INPUT_NOT_FOUND', kind: 'not-found', message: 'the stub cannot load' } });
    } else {
      parentPort.on('message', (request) => {
        const text = Buffer.from(request.input.body).toString();
        if (text === 'crash') process.exit(1);
        parentPort.postMessage({ type: 'answer', id: request.id, answer: { contentType: 'application/json', payload: text, flagged: [] } });
      });
      parentPort.postMessage({ type: 'ready', modelVersion: 'stub' });
    }`;

  function stubInput(text: string): InvocationInput {
    return { body: Buffer.from(text), contentType: 'application/json', accept: undefined, now: NOW };
  }

  async function until(condition: () => boolean, ms: number): Promise<boolean> {
    const deadline = Date.now() + ms;
    while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    return condition();
  }

  /** A pool of one stand-in worker reading its mode from a temp folder that `setMode` writes. */
  async function startStubPool() {
    const dir = await makeTempDir();
    cleanups.push(dir.cleanup);
    const setMode = (mode: 'ok' | 'fail') => writeFile(path.join(dir.dir, 'mode'), mode);
    await setMode('ok');
    const { logger, lines } = captureLogger();
    const pool = createInvocationPool({
      workers: 1,
      maxQueue: 8,
      modelDir: dir.dir,
      settings: SETTINGS,
      logger,
      logLevel: 'warn',
      entry: { script: STUB_WORKER, eval: true },
    });
    cleanups.push(() => pool.close());
    await pool.ready;
    return { pool, setMode, lines };
  }

  it('fails the request of a worker that stops, and keeps replacing it until a replacement loads', async () => {
    // Prepare
    const { pool, setMode, lines } = await startStubPool();
    const before = await pool.answer(stubInput('{"a":1}'));

    // Act: the worker stops while answering, and its first replacement cannot load.
    await setMode('fail');
    const crashed = await rejection(pool.answer(stubInput('crash')));
    const lost = await until(() => !pool.healthy && pool.size === 0, 5000);
    const meanwhile = await rejection(pool.answer(stubInput('{"b":2}')));
    await setMode('ok');
    const recovered = await until(() => pool.healthy, 10_000);
    const after = await pool.answer(stubInput('{"c":3}'));

    // Assert
    expect(before.payload).toBe('{"a":1}');
    expect(crashed).toMatchObject({ code: 'INFER_WORKER_FAILED', kind: 'internal' });
    expect(lost).toBe(true);
    expect(meanwhile).toMatchObject({ code: 'INFER_WORKER_FAILED' });
    expect(recovered).toBe(true);
    expect(after.payload).toBe('{"c":3}');
    expect(lines().map((l) => l.msg)).toEqual(
      expect.arrayContaining([
        'an /invocations worker thread stopped; starting another',
        'a replacement /invocations worker thread could not load the model',
      ]),
    );
  });

  it('settles every close() call, the second one too', async () => {
    const { pool } = await startStubPool();

    const answer = pool.answer(stubInput('{"d":4}'));
    await Promise.all([pool.close(), pool.close()]);

    expect((await answer).payload).toBe('{"d":4}');
    expect(pool.size).toBe(0);
  });
});
