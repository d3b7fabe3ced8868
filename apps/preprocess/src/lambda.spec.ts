import { startLocalS3, type LocalS3 } from '@cf/storage/testing';
import { getJson, listAll, PROCESSED_MANIFEST_KEY, type ObjectStore } from '@cf/storage';
import type { DatasetManifest } from '@cf/ohlcv';
import type { PreprocessReport } from './job/preprocess-report';
import { s3Event, scheduledEvent } from './test-support/aws-events';
import { csvFixture, putRaw, yahooText } from './test-support/raw-fixtures';

const context = { awsRequestId: 'req-1', functionName: 'preprocess' };
type Handler = (event: unknown, ctx: typeof context) => Promise<PreprocessReport | { skipped: string }>;

describe('Lambda handler on a local S3-compatible server', () => {
  let s3: LocalS3;
  let store: ObjectStore;
  let handler: Handler;
  const previous = { ...process.env };

  beforeAll(async () => {
    s3 = await startLocalS3();
    store = s3.createStore('prod');
    Object.assign(process.env, {
      STORE_URL: `s3://${s3.bucket}/prod`,
      S3_FORCE_PATH_STYLE: 'true',
      AWS_ENDPOINT_URL_S3: s3.endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      LOG_LEVEL: 'silent',
    });
    handler = (await import('./lambda')).handler as Handler;
  }, 30_000);
  afterAll(async () => {
    process.env = previous;
    await s3.close();
  });

  it('processes the objects an S3 ObjectCreated event names, then ignores its own writes', async () => {
    const sol = csvFixture('SOL', yahooText('SOL'), {
      fetchedAt: '2024-02-12T00:10:00.000Z',
      from: '2020-04-10',
      to: '2024-02-11',
    });
    await putRaw(store, sol);

    const report = (await handler(s3Event(s3.bucket, [`prod/${sol.key}`]), context)) as PreprocessReport;

    expect(report.symbols.map((s) => [s.symbol, s.accepted, s.rows, s.dataset])).toEqual([
      ['SOL', 1403, 1403, 'written'],
    ]);
    const manifest = (await getJson<DatasetManifest>(store, PROCESSED_MANIFEST_KEY)) as DatasetManifest;
    expect(manifest.datasets['SOL'].rows).toBe(1403);
    expect(manifest.rawConsumed).toEqual({ [sol.key]: sol.envelope.bodySha256 });
    const written = (await listAll(store, 'processed/')).map((o) => `prod/${o.key}`);

    const echo = await handler(s3Event(s3.bucket, written), context);

    expect(echo).toEqual({ skipped: 'no valid ObjectCreated key under prod/raw/ in the S3 event' });
  });

  it('runs incrementally on a scheduled event and fully on a direct { full: true } invocation', async () => {
    const incremental = (await handler(scheduledEvent(), context)) as PreprocessReport;
    const full = (await handler({ full: true }, context)) as PreprocessReport;

    expect(incremental).toMatchObject({ mode: 'incremental', raw: { read: 0 }, manifest: 'unchanged' });
    expect(full).toMatchObject({ mode: 'full', raw: { read: 1, unchanged: 1 }, manifest: 'unchanged' });
    expect(full.symbols.map((s) => [s.symbol, s.duplicate, s.dataset])).toEqual([['SOL', 1403, 'unchanged']]);
  });

  it('fails a direct invocation with a bad field, naming it', async () => {
    await expect(handler({ full: 'yes' }, context)).rejects.toThrow(
      `run request field 'full' must be true or false, got "yes"`,
    );
  });
});
