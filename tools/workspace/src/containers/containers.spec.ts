import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  cpSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appRootInImage, parseDockerfile, targetStage, type DockerStage } from './dockerfile';
import {
  builtAppDir,
  containerEnv,
  freePort,
  invokeLambda,
  ROOT,
  startEntry,
  waitForStatus,
} from './run-entry';

// The container contract of every image in docker/, checked without a Docker engine: each image's entry
// command runs the way the container would (the Dockerfile's environment, its app folder mapped onto the
// Nx build output in dist/apps/<app>/) and must start, answer, and exit cleanly. Images are chained the way
// they run in production: ingest -> preprocess -> SageMaker training -> infer (Lambda and endpoint).
// Needs `nx run-many -t build` first (the workspace test target depends on it).

const dockerfile = (app: string): string => join(ROOT, 'docker', `${app}.Dockerfile`);
const lambdaImages: readonly [app: string, target?: string][] = [
  ['ingest'],
  ['preprocess'],
  ['infer', 'lambda'],
  ['monitor'],
];

const SCHEDULED_EVENT = {
  version: '0',
  id: '53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa',
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  account: '123456789012',
  time: '2024-02-01T00:45:00Z',
  region: 'us-east-1',
  resources: ['arn:aws:events:us-east-1:123456789012:rule/crypto-forecast-daily'],
  detail: {},
};

function s3Event(keys: readonly string[]): unknown {
  return {
    Records: keys.map((key) => ({
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: 'us-east-1',
      eventTime: '2024-02-01T00:30:01.000Z',
      eventName: 'ObjectCreated:Put',
      s3: {
        s3SchemaVersion: '1.0',
        configurationId: 'raw-objects',
        bucket: { name: 'crypto-forecast', arn: 'arn:aws:s3:::crypto-forecast' },
        // S3 notifications URL-encode keys ('=' becomes %3D).
        object: { key: encodeURIComponent(key).replace(/%2F/g, '/'), size: 1024, eTag: 'abc' },
      },
    })),
  };
}

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? listFiles(join(dir, entry.name), `${prefix}${entry.name}/`)
      : [`${prefix}${entry.name}`],
  );
}

describe('container contract', () => {
  jest.setTimeout(180_000);
  let work: string;
  let store: string;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'containers-'));
    store = join(work, 'store');
    mkdirSync(store);
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  describe.each(lambdaImages)('%s Lambda image', (app, target) => {
    it('runs the handler named by CMD from the built output, on the Node.js 22 Lambda base image', () => {
      const stage = targetStage(parseDockerfile(dockerfile(app)), target);
      expect(stage.base).toBe('public.ecr.aws/lambda/nodejs:22');
      expect(stage.cmd).toEqual(['lambda.handler']);
      expect(appRootInImage(stage, app)).toBe('/var/task');
      expect(existsSync(join(builtAppDir(app), 'lambda.js'))).toBe(true);
      expect(existsSync(join(builtAppDir(app), 'package.json'))).toBe(true);
    });
  });

  function stageOf(app: string, target?: string): DockerStage {
    return targetStage(parseDockerfile(dockerfile(app)), target);
  }

  it('ingest: a backfill event, then an EventBridge schedule, fill raw/ from CSV files', async () => {
    const stage = stageOf('ingest');
    const env = containerEnv(stage, {
      STORE_URL: store,
      INGEST_SOURCE: 'csv',
      INGEST_CSV_DIR: join(ROOT, 'sample-data', 'yahoo'),
      INGEST_SYMBOLS: 'BTC,ETH',
      CLOCK_NOW: '2024-02-01T00:15:00Z',
    });

    const backfill = await invokeLambda(
      builtAppDir('ingest'),
      'lambda.handler',
      { mode: 'backfill', source: 'csv', from: '2023-03-01', to: '2024-01-28' },
      env,
    );
    const daily = await invokeLambda(builtAppDir('ingest'), 'lambda.handler', SCHEDULED_EVENT, env);

    expect(backfill.error).toBeUndefined();
    expect(daily.error).toBeUndefined();
    expect(backfill.result).toMatchObject({ status: 'succeeded' });
    expect(daily.result).toMatchObject({ status: 'succeeded' });
    const raw = listFiles(join(store, 'raw'));
    expect(raw).toContain('source=csv/symbol=BTC/dt=2024-01-28/candles.json');
    expect(raw).toContain('source=csv/symbol=ETH/dt=2024-01-31/candles.json');
  });

  it('preprocess: an S3 ObjectCreated event on raw/ writes the datasets and the manifest', async () => {
    const stage = stageOf('preprocess');
    const rawKeys = listFiles(join(store, 'raw')).map((k) => `raw/${k}`);

    const run = await invokeLambda(
      builtAppDir('preprocess'),
      'lambda.handler',
      s3Event(rawKeys),
      containerEnv(stage, { STORE_URL: store, CLOCK_NOW: '2024-02-01T00:30:00Z' }),
    );

    expect(run.error).toBeUndefined();
    const manifest = JSON.parse(readFileSync(join(store, 'processed', 'daily', '_manifest.json'), 'utf8'));
    expect(manifest.datasets.BTC).toMatchObject({ firstDate: '2023-03-01', lastDate: '2024-01-31' });
    expect(manifest.datasets.ETH.rows).toBe(337);
  });

  it('train: SageMaker starts `train`; the model lands in /opt/ml/model and the job exits 0', async () => {
    const stage = stageOf('train');
    expect(stage.entrypoint).toEqual(['node', '/opt/app/main.js']);
    expect(stage.cmd).toEqual(['train']);
    const smRoot = join(work, 'opt-ml');
    mkdirSync(join(smRoot, 'input', 'config'), { recursive: true });
    // SageMaker copies the train channel (s3://bucket/processed/daily/) into input/data/train/.
    cpSync(join(store, 'processed', 'daily'), join(smRoot, 'input', 'data', 'train'), { recursive: true });
    writeFileSync(
      join(smRoot, 'input', 'config', 'hyperparameters.json'),
      JSON.stringify({
        model: 'lstm/scale-free',
        epochs: '2',
        window: '10',
        horizon: '3',
        units: '4,4',
        'batch-size': '32',
      }),
    );

    const entry = startEntry(
      [...(stage.entrypoint ?? []), ...(stage.cmd ?? [])],
      appRootInImage(stage, 'train'),
      'train',
      containerEnv(stage, { SM_ROOT: smRoot, TF_BACKEND: 'wasm' }),
    );
    const code = await entry.exited;

    expect({ code, output: code === 0 ? '' : entry.output() }).toEqual({ code: 0, output: '' });
    expect(readdirSync(join(smRoot, 'model')).sort()).toEqual(
      ['metadata.json', 'model.json', 'scaler.json', 'weights.bin'].sort(),
    );
    expect(existsSync(join(smRoot, 'output', 'failure'))).toBe(false);
  });

  it('train: bad hyperparameters end with /opt/ml/output/failure and a non-zero exit', async () => {
    const stage = stageOf('train');
    const smRoot = join(work, 'opt-ml-bad');
    mkdirSync(join(smRoot, 'input', 'config'), { recursive: true });
    mkdirSync(join(smRoot, 'input', 'data', 'train'), { recursive: true });
    writeFileSync(join(smRoot, 'input', 'config', 'hyperparameters.json'), JSON.stringify({ epochs: 'ten' }));

    const entry = startEntry(
      [...(stage.entrypoint ?? []), ...(stage.cmd ?? [])],
      appRootInImage(stage, 'train'),
      'train',
      containerEnv(stage, { SM_ROOT: smRoot, TF_BACKEND: 'wasm' }),
    );
    const code = await entry.exited;

    expect(code).not.toBe(0);
    expect(readFileSync(join(smRoot, 'output', 'failure'), 'utf8')).toMatch(/epochs/);
  });

  /** SageMaker's `docker run <train image> train` with these hyperparameters, in its own /opt/ml tree. */
  function startTrainJob(name: string, hyperparameters: Record<string, string>, env: Record<string, string>) {
    const stage = stageOf('train');
    const smRoot = join(work, name);
    mkdirSync(join(smRoot, 'input', 'config'), { recursive: true });
    writeFileSync(join(smRoot, 'input', 'config', 'hyperparameters.json'), JSON.stringify(hyperparameters));
    const entry = startEntry(
      [...(stage.entrypoint ?? []), ...(stage.cmd ?? [])],
      appRootInImage(stage, 'train'),
      'train',
      containerEnv(stage, { SM_ROOT: smRoot, TF_BACKEND: 'wasm', ...env }),
    );
    return { smRoot, entry };
  }

  it('train: `train` with mode=backtest runs a walk-forward backtest on STORE_URL and writes backtests/{id}/', async () => {
    const { smRoot, entry } = startTrainJob(
      'opt-ml-backtest',
      {
        mode: 'backtest',
        from: '2023-12-01',
        to: '2024-01-20',
        'refit-every': '30',
        models: 'persistence,drift',
        horizon: '3',
      },
      { STORE_URL: store },
    );
    const code = await entry.exited;

    expect({ code, output: code === 0 ? '' : entry.output() }).toEqual({ code: 0, output: '' });
    const [id, ...others] = readdirSync(join(store, 'backtests'));
    expect(others).toEqual([]);
    expect(readdirSync(join(store, 'backtests', id)).sort()).toEqual([
      'forecasts.csv',
      'report.json',
      'report.md',
    ]);
    const report = JSON.parse(readFileSync(join(store, 'backtests', id, 'report.json'), 'utf8'));
    expect(report.request).toMatchObject({
      from: '2023-12-01',
      to: '2024-01-20',
      models: ['persistence', 'drift'],
    });
    expect(existsSync(join(smRoot, 'output', 'failure'))).toBe(false);
  });

  it('train: a backtest job without STORE_URL ends with /opt/ml/output/failure saying so', async () => {
    const { smRoot, entry } = startTrainJob(
      'opt-ml-backtest-no-store',
      { mode: 'backtest', from: '2023-12-01' },
      {},
    );
    const code = await entry.exited;

    expect(code).not.toBe(0);
    expect(readFileSync(join(smRoot, 'output', 'failure'), 'utf8')).toMatch(/STORE_URL/);
  });

  it('infer Lambda: a scheduled event publishes forecasts from the promoted model', async () => {
    // Promotion is the monitor's job; here the trained model is put in place the way it leaves it.
    const model = join(work, 'opt-ml', 'model');
    const version = JSON.parse(readFileSync(join(model, 'metadata.json'), 'utf8')).version as string;
    for (const dir of [version, 'latest']) cpSync(model, join(store, 'models', dir), { recursive: true });

    const run = await invokeLambda(
      builtAppDir('infer'),
      'lambda.handler',
      SCHEDULED_EVENT,
      containerEnv(stageOf('infer', 'lambda'), {
        STORE_URL: store,
        INFER_SYMBOLS: 'BTC,ETH',
        TF_BACKEND: 'wasm',
        CLOCK_NOW: '2024-02-01T00:45:00Z',
      }),
    );

    expect(run.error).toBeUndefined();
    const latest = JSON.parse(readFileSync(join(store, 'predictions', 'latest', 'latest_all.json'), 'utf8'));
    expect(latest.map((f: { symbol: string }) => f.symbol).sort()).toEqual(['BTC', 'ETH']);
    expect(latest[0]).toMatchObject({ lastObservedDate: '2024-01-31', modelVersion: version, horizon: 3 });
  });

  it('infer SageMaker image: `serve` answers /ping and /invocations on its port, passes its HEALTHCHECK, stops on SIGTERM', async () => {
    const stage = stageOf('infer', 'sagemaker');
    // SageMaker's inference contract runs the container as root (it mounts /opt/ml/model as root).
    expect(stage.user ?? 'root').toBe('root');
    expect(stage.healthcheck).toBeDefined();
    const port = await freePort();
    const env = containerEnv(stage, {
      SAGEMAKER_BIND_TO_PORT: String(port),
      MODEL_DIR: join(work, 'opt-ml', 'model'),
      TF_BACKEND: 'wasm',
    });
    const entry = startEntry(
      [...(stage.entrypoint ?? []), ...(stage.cmd ?? [])],
      appRootInImage(stage, 'infer'),
      'infer',
      env,
    );
    try {
      await waitForStatus(`http://127.0.0.1:${port}/ping`, 200, entry);
      const csv = readFileSync(join(store, 'processed', 'daily', 'symbol=BTC', 'ohlcv.csv'), 'utf8');

      const response = await fetch(`http://127.0.0.1:${port}/invocations`, {
        method: 'POST',
        headers: { 'content-type': 'text/csv' },
        body: csv,
      });
      const healthcheck = startEntry(
        JSON.parse(stage.healthcheck!.slice(stage.healthcheck!.indexOf('CMD') + 3).trim()),
        '/opt/app',
        'infer',
        env,
      );

      expect(response.status).toBe(200);
      expect(JSON.stringify(await response.json())).toContain('"BTC"');
      expect(await healthcheck.exited).toBe(0);
    } finally {
      entry.child.kill('SIGTERM');
    }
    expect(await entry.exited).toBe(0);
  });

  it('monitor Lambda: a scheduled event runs the daily cycle and writes the dashboard', async () => {
    const run = await invokeLambda(
      builtAppDir('monitor'),
      'lambda.handler',
      SCHEDULED_EVENT,
      containerEnv(stageOf('monitor'), {
        STORE_URL: store,
        TF_BACKEND: 'wasm',
        CLOCK_NOW: '2024-02-01T02:00:00Z',
        // A retraining in this cycle trains a tiny model, like the one above.
        MONITOR_TRAIN_EPOCHS: '1',
        MONITOR_TRAIN_WINDOW: '10',
        MONITOR_TRAIN_HORIZON: '3',
        MONITOR_TRAIN_UNITS: '4,4',
      }),
    );

    expect(run.error).toBeUndefined();
    expect(existsSync(join(store, 'monitoring', 'dashboard', 'index.html'))).toBe(true);
  });

  it.each(['ingest', 'preprocess', 'train', 'infer', 'monitor'])(
    '%s: `main.js serve` answers /health and shuts down cleanly on SIGTERM',
    async (app) => {
      const port = await freePort();
      const entry = startEntry(['node', '/app/main.js', 'serve'], '/app', app, {
        PATH: process.env.PATH,
        STORE_URL: store,
        PORT: String(port),
        SAGEMAKER_BIND_TO_PORT: String(port),
        MODEL_DIR: join(work, 'opt-ml', 'model'),
        TF_BACKEND: 'wasm',
      });
      try {
        await waitForStatus(`http://127.0.0.1:${port}/health`, 200, entry);
      } finally {
        entry.child.kill('SIGTERM');
      }
      expect(await entry.exited).toBe(0);
    },
  );
});

describe('docker-build targets', () => {
  // Lambda and SageMaker run linux/amd64 (tfjs-node ships x86_64 binaries only), and Lambda refuses the
  // manifest lists BuildKit makes when it attaches provenance attestations.
  it.each(['ingest', 'preprocess', 'train', 'infer', 'monitor'])(
    '%s builds every image for linux/amd64 without provenance attestations',
    (app) => {
      const project = JSON.parse(readFileSync(join(ROOT, 'apps', app, 'project.json'), 'utf8'));
      const commands: string[] = project.targets['docker-build'].options.commands;

      expect(commands.length).toBeGreaterThan(0);
      for (const command of commands) {
        expect(command).toMatch(/^docker build /);
        expect(command.split(' ')).toEqual(
          expect.arrayContaining(['--platform', 'linux/amd64', '--provenance=false']),
        );
      }
    },
  );
});
