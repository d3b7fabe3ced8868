import { DeleteObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { PassThrough } from 'node:stream';
import { ObjectNotFoundError, PreconditionFailedError, StoreUnavailableError } from './errors';
import { putJson } from './json';
import { preconditionFailure, S3ObjectStore } from './s3-object-store';
import { describeObjectStoreContract, startLocalS3, type LocalS3 } from './testing';

// Every test here talks to a real s3rver on 127.0.0.1 through the real SDK; nothing is mocked.
let s3: LocalS3;
let run = 0;

beforeAll(async () => {
  s3 = await startLocalS3();
});
afterAll(async () => {
  await s3.close();
});

// Each test gets its own prefix in the shared bucket, which is as empty as a new bucket.
describeObjectStoreContract('S3ObjectStore on s3rver', async () => ({
  store: s3.createStore(`contract/run-${++run}`),
  teardown: async () => undefined,
}));

describe('S3ObjectStore on s3rver', () => {
  it('names itself s3://bucket/prefix', () => {
    expect(s3.createStore('a/b/').url).toBe(`s3://${s3.bucket}/a/b`);
    expect(s3.createStore().url).toBe(`s3://${s3.bucket}`);
  });

  it('keeps stores with different prefixes apart and lists keys relative to the prefix', async () => {
    const prod = s3.createStore('isolation/prod');
    const dev = s3.createStore('isolation/dev');
    const whole = s3.createStore();

    await prod.put('models/latest/metadata.json', 'prod');
    await dev.put('models/latest/metadata.json', 'dev');

    expect((await prod.get('models/latest/metadata.json'))?.toString()).toBe('prod');
    expect((await prod.list('')).objects.map((o) => o.key)).toEqual(['models/latest/metadata.json']);
    expect((await whole.list('isolation/')).objects.map((o) => o.key)).toEqual([
      'isolation/dev/models/latest/metadata.json',
      'isolation/prod/models/latest/metadata.json',
    ]);
  });

  it('stores the content type given to put', async () => {
    const store = s3.createStore('content-type');
    const client = new S3Client(s3.clientConfig);

    await putJson(store, 'a.json', { a: 1 });
    await store.put('b.bin', Buffer.from([1, 2, 3]));

    const json = await client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: 'content-type/a.json' }));
    const binary = await client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: 'content-type/b.bin' }));
    client.destroy();
    expect(json.ContentType).toBe('application/json');
    expect(binary.ContentType).toBe('application/octet-stream');
  });

  it('reports a missing bucket as StoreUnavailableError, not as a missing object', async () => {
    const client = new S3Client(s3.clientConfig);
    const store = new S3ObjectStore({ client, bucket: 'no-such-bucket' });

    const read = store.get('a.json');

    await expect(read).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(read).rejects.toMatchObject({ cause: { name: 'NoSuchBucket' } });
    await expect(store.copy('a.json', 'b.json')).rejects.not.toBeInstanceOf(ObjectNotFoundError);
    client.destroy();
  });

  it('turns a server that does not answer into StoreUnavailableError on every method', async () => {
    const client = new S3Client({ ...s3.clientConfig, endpoint: 'http://127.0.0.1:9', maxAttempts: 1 });
    const store = new S3ObjectStore({ client, bucket: s3.bucket });

    const calls = [
      () => store.get('a'),
      () => store.getObject('a'),
      () => store.put('a', 'x'),
      () => store.put('a', 'x', { ifNoneMatch: '*' }),
      () => store.put('a', 'x', { ifMatch: '"abc"' }),
      () => store.head('a'),
      () => store.list(''),
      () => store.copy('a', 'b'),
      () => store.delete('a'),
    ];

    for (const call of calls) {
      await expect(call()).rejects.toBeInstanceOf(StoreUnavailableError);
    }
    client.destroy();
  });

  it("turns S3's 409 ConditionalRequestConflict (a delete during the upload) into a retryable refusal", async () => {
    // A real 409 from the server: a conditional upload whose object is deleted before the body has arrived.
    // Streamed without a trailing checksum; it fails on purpose, which the SDK would warn about on the console.
    const silent = {
      debug: () => undefined,
      info: () => undefined,
      warn: () => undefined,
      error: () => undefined,
    };
    const client = new S3Client({
      ...s3.clientConfig,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      logger: silent,
    });
    const store = s3.createStore('conflict');
    const { etag } = await store.put('m.json', 'v1');
    const body = new PassThrough();
    const upload = client.send(
      new PutObjectCommand({
        Bucket: s3.bucket,
        Key: 'conflict/m.json',
        Body: body,
        ContentLength: 4,
        IfMatch: etag,
      }),
    );
    body.write('v');
    await new Promise((resolve) => setTimeout(resolve, 200));
    await client.send(new DeleteObjectCommand({ Bucket: s3.bucket, Key: 'conflict/m.json' }));
    body.end('2!!');
    const error = await upload.then(
      () => undefined,
      (e: unknown) => e,
    );
    client.destroy();

    const refusal = preconditionFailure(error, 'm.json', { type: 'match', etag });

    expect(refusal).toBeInstanceOf(PreconditionFailedError);
    expect(refusal).toMatchObject({
      key: 'm.json',
      reason: 'conflicted',
      cause: { name: 'ConditionalRequestConflict' },
    });
    expect(refusal?.message).toMatch(
      /^conditional write to 'm.json' refused \(If-Match: ".+"\): a concurrent operation/,
    );
    expect(
      preconditionFailure(new Error('socket hang up'), 'm.json', { type: 'create-only' }),
    ).toBeUndefined();
  });

  it('refuses an invalid bucket name or prefix when constructed', () => {
    const client = new S3Client(s3.clientConfig);

    expect(() => new S3ObjectStore({ client, bucket: 'Bad_Bucket' })).toThrow(/bucket name 'Bad_Bucket'/);
    expect(() => new S3ObjectStore({ client, bucket: 'ok-bucket', prefix: 'a/../b' })).toThrow(
      /prefix 'a\/\.\.\/b'/,
    );
    client.destroy();
  });
});
