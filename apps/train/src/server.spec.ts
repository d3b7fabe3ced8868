// Real trainings (tiny dense model, real candles, tfjs wasm backend) behind fastify inject().
import type { FastifyInstance } from 'fastify';
import { modelKinds, readModelMetadata } from '@cf/model';
import { captureLogger } from '@cf/service/testing';
import type { LocalObjectStore } from '@cf/storage';
import { makeTempStore } from '@cf/storage/testing';
import { buildServer } from './server';
import { writeProcessedDatasets } from './test-support/processed-data';
import { runTrainJob } from './train-job';
import { TrainingRuns, type RunView, type StartTraining } from './training-runs';

jest.setTimeout(60_000);

/** A POST /runs body: a tiny network judged on a short held-out window. */
const TINY_BODY = {
  model: 'dense/scale-free',
  units: [4, 4],
  window: 8,
  horizon: 3,
  epochs: 2,
  batchSize: 32,
  learningRate: 0.01,
  patience: 2,
  evaluationDays: 28,
  evaluationRefitEvery: 28,
};

describe('train server', () => {
  const kinds = modelKinds();
  let store: LocalObjectStore;
  let cleanup: () => Promise<void>;
  let server: FastifyInstance;
  let runs: TrainingRuns;
  let release: () => void;
  let seconds = 0;

  beforeEach(async () => {
    const temp = await makeTempStore();
    ({ store, cleanup } = temp);
    await writeProcessedDatasets(temp.dir);
    // The first training waits for `release()`, so the test decides when it is still running.
    const gate = new Promise<void>((resolve) => (release = resolve));
    const start: StartTraining = async (parameters, hooks) => {
      await gate;
      return runTrainJob(
        {
          kinds,
          logger: captureLogger().logger,
          clock,
          onEpoch: hooks.onEpoch,
          onProgress: (e) => e.type === 'epoch' && hooks.onEpoch(e.epoch),
          signal: hooks.signal,
        },
        { parameters },
        { store },
      );
    };
    const clock = () => new Date(Date.UTC(2024, 1, 12, 6, 30, seconds++));
    runs = new TrainingRuns({ start, clock, logger: captureLogger().logger });
    server = buildServer({ logger: captureLogger().logger, store, runs, kinds });
  });
  afterEach(async () => {
    release();
    await server.close();
    await cleanup();
  });

  it('answers /health and /ready (store reachable)', async () => {
    expect((await server.inject({ method: 'GET', url: '/health' })).json()).toEqual({
      status: 'ok',
      service: 'train',
    });
    const ready = await server.inject({ method: 'GET', url: '/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', checks: { store: 'ok' } });
  });

  it('starts a run with 202, refuses a second with 409 while it runs, then shows it done with its version', async () => {
    const first = await server.inject({
      method: 'POST',
      url: '/runs',
      payload: { ...TINY_BODY, symbols: ['BTC'] },
    });

    expect(first.statusCode).toBe(202);
    const run = first.json<RunView>();
    expect(run).toMatchObject({
      status: 'running',
      parameters: { symbols: ['BTC'], window: 8, horizon: 3, model: 'dense/scale-free' },
    });
    expect(first.headers['location']).toBe(`/runs/${run.id}`);

    const second = await server.inject({ method: 'POST', url: '/runs', payload: TINY_BODY });
    expect(second.statusCode).toBe(409);
    expect(second.json()).toEqual({ error: 'SERVICE_BUSY', message: expect.stringContaining(run.id) });
    expect((await server.inject({ method: 'GET', url: '/runs/current' })).json<RunView>()).toMatchObject({
      id: run.id,
      status: 'running',
    });

    release();
    await runs.settled();

    const done = (await server.inject({ method: 'GET', url: `/runs/${run.id}` })).json<RunView>();
    expect(done).toMatchObject({
      id: run.id,
      status: 'succeeded',
      progress: { epochs: 2, validationLoss: null },
    });
    expect(done.result?.version).toMatch(/^\d{8}T\d{6}Z-[0-9a-f]{8}$/);
    const metadata = await readModelMetadata(store, `models/${done.result?.version}/`);
    expect(done.result?.evaluation).toEqual(metadata.evaluation);
    expect(done.result).toMatchObject({ model: 'dense/scale-free', chosen: metadata.fit.chosen });
    expect(done.finishedAt).toBeDefined();

    const third = await server.inject({
      method: 'POST',
      url: '/runs',
      payload: { ...TINY_BODY, seed: 3 },
    });
    expect(third.statusCode).toBe(202);
    await runs.settled();
    expect((await server.inject({ method: 'GET', url: '/runs/current' })).json<RunView>()).toMatchObject({
      id: third.json<RunView>().id,
      status: 'succeeded',
    });
  });

  it('reports a failed run with its error', async () => {
    release();
    const started = await server.inject({
      method: 'POST',
      url: '/runs',
      payload: { ...TINY_BODY, symbols: ['DOGE'] },
    });
    await runs.settled();

    const view = (
      await server.inject({ method: 'GET', url: `/runs/${started.json<RunView>().id}` })
    ).json<RunView>();

    expect(view).toMatchObject({
      status: 'failed',
      error: { code: 'MODEL_DATASET_NOT_FOUND', kind: 'not-found' },
    });
    expect(view.error?.message).toContain('processed/daily/symbol=DOGE/ohlcv.csv');
  });

  it.each<[unknown, RegExp]>([
    [{ epochs: 'ten' }, /body\.epochs must be integer/],
    [{ epoch: 3 }, /body has unknown field 'epoch'/],
    [{ fitPath: 'gpu' }, /body\.fitPath must be equal to one of the allowed values/],
    [{ model: 'cnn' }, /model names an unknown model 'cnn'/],
    [
      { window: 1, horizon: 0 },
      /horizon must be an integer from 1 to 365, got 0; window must be an integer from 2 to 3650, got 1/,
    ],
  ])('refuses the body %j with 400 naming the field', async (payload, message) => {
    const response = await server.inject({ method: 'POST', url: '/runs', payload: payload as object });

    expect(response.statusCode).toBe(400);
    expect(response.json<{ message: string }>().message).toMatch(message);
    expect(runs.current()).toBeUndefined();
  });

  it('answers 404 for an unknown run and before any run', async () => {
    expect((await server.inject({ method: 'GET', url: '/runs/run-x' })).statusCode).toBe(404);
    const current = await server.inject({ method: 'GET', url: '/runs/current' });
    expect(current.statusCode).toBe(404);
    expect(current.json()).toEqual({
      error: 'TRAIN_RUN_NOT_FOUND',
      message: "no training run 'current' on this server",
    });
  });

  it('stops a running training when the server closes', async () => {
    const started = await server.inject({
      method: 'POST',
      url: '/runs',
      payload: { ...TINY_BODY, epochs: 10_000, patience: 10_000 },
    });
    release();
    const id = started.json<RunView>().id;
    const deadline = Date.now() + 30_000;
    while (
      runs.get(id)?.progress === undefined &&
      runs.get(id)?.status === 'running' &&
      Date.now() < deadline
    )
      await new Promise((r) => setTimeout(r, 20));
    expect(runs.get(id)?.progress).toBeDefined();

    await server.close();

    expect(runs.get(id)).toMatchObject({ status: 'failed', error: { code: 'MODEL_TRAINING_ABORTED' } });
    expect(await store.list('models/')).toEqual({ objects: [] });
  });
});
