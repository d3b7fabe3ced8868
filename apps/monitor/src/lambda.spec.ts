import { loadSampleCandles } from '@cf/ohlcv/testing';
import type { ScheduledEvent } from '@cf/service';
import { listAll, type ObjectStore } from '@cf/storage';
import { makeTempStore } from '@cf/storage/testing';
import type { CycleReport } from './cycle/run-daily-cycle';
import { writeDatasets } from './testing/fixtures';

type Handler = (
  event: unknown,
  context: { awsRequestId: string; functionName: string },
) => Promise<CycleReport>;

const EVENT: ScheduledEvent = {
  source: 'aws.events',
  'detail-type': 'Scheduled Event',
  time: '2024-02-12T06:00:00Z',
  resources: ['arn:aws:events:eu-west-1:123456789012:rule/monitor-daily'],
};
const CONTEXT = { awsRequestId: 'req-1', functionName: 'monitor' };

// The handler reads its configuration from the environment at its first invocation, as on Lambda, and a
// failed initialisation is retried by the next invocation. The tfjs backend is wasm here.
describe('monitor Lambda handler', () => {
  const saved = { ...process.env };
  let store: ObjectStore;
  let dir: string;
  let cleanup: () => Promise<void>;

  beforeAll(async () => ({ store, dir, cleanup } = await makeTempStore()));
  afterAll(async () => {
    process.env = { ...saved };
    await cleanup();
  });

  it('fails on an invalid environment naming every problem, then runs the daily cycle once it is fixed', async () => {
    // prepare: data but no model and no forecast yet; the handler module loaded as Lambda loads it
    await writeDatasets(
      store,
      ['BTC', 'ETH'].map((s) => loadSampleCandles(s, { from: '2023-01-01', to: '2024-02-11' })),
    );
    process.env = {
      ...saved,
      LOG_LEVEL: 'silent',
      STORE_URL: dir,
      MONITOR_MIN_DA: '2',
      MONITOR_TRAINER: 'cloud',
    };
    const { handler } = (await import('./lambda')) as { handler: Handler };

    // act + assert: the broken environment
    await expect(handler(EVENT, CONTEXT)).rejects.toMatchObject({
      code: 'SERVICE_CONFIG',
      problems: [
        "Environment variable MONITOR_TRAINER must be one of local, sagemaker, got 'cloud'",
        "Environment variable MONITOR_MIN_DA must be a number between 0 and 1, got '2'",
      ],
    });

    // prepare: the fixed environment, with a tiny model for retraining
    process.env = {
      ...saved,
      LOG_LEVEL: 'silent',
      STORE_URL: dir,
      MONITOR_TRAIN_MODEL: 'lstm/scale-free',
      MONITOR_TRAIN_WINDOW: '8',
      MONITOR_TRAIN_HORIZON: '3',
      MONITOR_TRAIN_EPOCHS: '1',
      MONITOR_TRAIN_UNITS: '6,4',
      MONITOR_TRAIN_BATCH_SIZE: '64',
    };

    // act
    const report = await handler(EVENT, CONTEXT);

    // assert
    expect(report.failures).toEqual([]);
    expect(report).toMatchObject({ day: '2024-02-11', evaluation: { skipped: 'no forecast published yet' } });
    expect(report.retraining).toMatchObject({ retrain: true, result: 'succeeded' });
    // the tiny network is refused; with nothing live, persistence goes live as the champion
    expect(report.promotion).toMatchObject({
      model: 'lstm/scale-free',
      status: 'refused',
      champion: { model: 'persistence', status: 'promoted' },
    });
    expect((await listAll(store, 'monitoring/dashboard/')).map((o) => o.key)).toEqual([
      'monitoring/dashboard/dashboard.json',
      'monitoring/dashboard/index.html',
    ]);
  }, 60_000);
});
