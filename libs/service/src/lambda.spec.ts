import { StoreUnavailableError } from '@cf/storage';
import { createLambdaHandler, isScheduledEvent, s3ObjectKeysFromEvent, type LambdaContext } from './lambda';
import { captureLogger } from './testing';

const context = (id: string): LambdaContext => ({
  awsRequestId: id,
  functionName: 'cf-ingest',
  getRemainingTimeInMillis: () => 30_000,
});

describe('createLambdaHandler', () => {
  it('initialises once per container and passes deps, event and context to handle', async () => {
    const { logger, lines } = captureLogger();
    let inits = 0;
    const handler = createLambdaHandler({
      name: 'ingest',
      logger,
      init: async () => ({ store: `store-${++inits}` }),
      handle: async (deps, event: { day: string }, ctx) => `${deps.store}:${event.day}:${ctx.awsRequestId}`,
    });

    const results = await Promise.all([
      handler({ day: 'a' }, context('r1')),
      handler({ day: 'b' }, context('r2')),
    ]);
    const third = await handler({ day: 'c' }, context('r3'));

    expect(results).toEqual(['store-1:a:r1', 'store-1:b:r2']);
    expect(third).toBe('store-1:c:r3');
    expect(inits).toBe(1);
    const started = lines().filter((line) => line.msg === 'invocation started');
    expect(started.map((line) => [line.requestId, line.coldStart])).toEqual([
      ['r1', true],
      ['r2', false],
      ['r3', false],
    ]);
  });

  it('retries a failed init on the next invocation instead of caching the failure', async () => {
    const { logger } = captureLogger();
    let attempts = 0;
    const handler = createLambdaHandler({
      name: 'ingest',
      logger,
      init: async () => {
        attempts++;
        if (attempts === 1) throw new StoreUnavailableError('head', 'x', new Error('cold network'));
        return { ready: true };
      },
      handle: async (deps) => deps.ready,
    });

    await expect(handler({}, context('r1'))).rejects.toBeInstanceOf(StoreUnavailableError);
    const second = await handler({}, context('r2'));

    expect(second).toBe(true);
    expect(attempts).toBe(2);
  });

  it('logs a failure once with its code and request id, then rethrows it', async () => {
    const { logger, lines } = captureLogger();
    const failure = new StoreUnavailableError('put', 'raw/x.json', new Error('SlowDown'));
    const handler = createLambdaHandler({
      name: 'ingest',
      logger,
      init: async () => ({}),
      handle: async () => {
        throw failure;
      },
    });

    await expect(handler({}, context('req-42'))).rejects.toBe(failure);

    const errors = lines().filter((line) => line.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      requestId: 'req-42',
      function: 'ingest',
      code: 'STORAGE_UNAVAILABLE',
      kind: 'unavailable',
      message: "store put of 'raw/x.json' failed: SlowDown",
      msg: 'invocation failed',
    });
  });
});

describe('Lambda events', () => {
  it('recognises EventBridge scheduled events only', () => {
    const scheduled = {
      version: '0',
      id: '53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa',
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: '123456789012',
      time: '2024-03-02T00:05:00Z',
      region: 'eu-west-1',
      resources: ['arn:aws:events:eu-west-1:123456789012:rule/cf-ingest-daily'],
      detail: {},
    };

    expect(isScheduledEvent(scheduled)).toBe(true);
    expect(isScheduledEvent({ ...scheduled, 'detail-type': 'Object Created', source: 'aws.s3' })).toBe(false);
    expect(isScheduledEvent(null)).toBe(false);
    expect(isScheduledEvent('aws.events')).toBe(false);
  });

  it('extracts decoded keys of ObjectCreated records from an S3 notification', () => {
    const record = (eventName: string, key: string) => ({
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: 'eu-west-1',
      eventTime: '2024-03-02T00:06:00.000Z',
      eventName,
      s3: { s3SchemaVersion: '1.0', bucket: { name: 'cf-store' }, object: { key, size: 512 } },
    });
    const event = {
      Records: [
        record('ObjectCreated:Put', 'raw/source%3Dcc/symbol%3DBTC/dt%3D2024-03-01/candles.json'),
        record('ObjectRemoved:Delete', 'raw/source%3Dcc/symbol%3DETH/dt%3D2024-03-01/candles.json'),
        record('ObjectCreated:CompleteMultipartUpload', 'imports/my+file+%2B1.csv'),
      ],
    };

    expect(s3ObjectKeysFromEvent(event)).toEqual([
      'raw/source=cc/symbol=BTC/dt=2024-03-01/candles.json',
      'imports/my file +1.csv',
    ]);
    expect(s3ObjectKeysFromEvent({ Records: [] })).toEqual([]);
    expect(s3ObjectKeysFromEvent({ source: 'aws.events' })).toEqual([]);
  });
});
