// The tests' S3-compatible server speaks conditional writes as AWS S3 does; checked through the real SDK
// (statuses, error codes) and raw HTTP (the XML body), without any mock.
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
  type PutObjectCommandInput,
} from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { startLocalS3, type LocalS3 } from './local-s3';

let s3: LocalS3;
let client: S3Client;
let run = 0;
let prefix: string;
const silent = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

beforeAll(async () => {
  s3 = await startLocalS3();
  // Streamed bodies below: no trailing checksum, so the SDK sends them as they are written. Some of them
  // fail on purpose; the SDK would warn on the console that it cannot retry a streamed upload.
  client = new S3Client({ ...s3.clientConfig, requestChecksumCalculation: 'WHEN_REQUIRED', logger: silent });
});
afterAll(async () => {
  client.destroy();
  await s3.close();
});
beforeEach(() => {
  prefix = `server/run-${++run}`;
});

const put = (key: string, body: string, extra: Partial<PutObjectCommandInput> = {}) =>
  client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: `${prefix}/${key}`, Body: body, ...extra }));
const read = async (key: string) => {
  const response = await client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: `${prefix}/${key}` }));
  return { body: await response.Body!.transformToString(), etag: response.ETag };
};
/** The SDK's error for a request, as `{ name, status }`. */
const failure = (request: Promise<unknown>) =>
  request.then(
    () => ({ name: 'none', status: 200 }),
    (error: { name: string; $metadata?: { httpStatusCode?: number } }) => ({
      name: error.name,
      status: error.$metadata?.httpStatusCode,
    }),
  );
/** A PutObject whose body is sent in two halves, the second when `release()` is called. */
function slowPut(key: string, conditions: Partial<PutObjectCommandInput>) {
  const body = new PassThrough();
  const request = client.send(
    new PutObjectCommand({
      Bucket: s3.bucket,
      Key: `${prefix}/${key}`,
      Body: body,
      ContentLength: 10,
      ...conditions,
    }),
  );
  body.write('first');
  return { request, release: () => body.end('-last') };
}
const settle = () => new Promise((resolve) => setTimeout(resolve, 200));

describe('the local S3 server (s3rver with conditional writes)', () => {
  it('answers If-None-Match: * on an existing key with 412 PreconditionFailed, as S3 does', async () => {
    await put('a.json', 'first');

    const refused = await failure(put('a.json', 'second', { IfNoneMatch: '*' }));
    const raw = await fetch(`${s3.endpoint}/${s3.bucket}/${prefix}/a.json`, {
      method: 'PUT',
      headers: { 'if-none-match': '*' },
      body: 'third',
    });

    expect(refused).toEqual({ name: 'PreconditionFailed', status: 412 });
    expect(raw.status).toBe(412);
    const xml = await raw.text();
    expect(xml).toContain('<Code>PreconditionFailed</Code>');
    expect(xml).toContain('<Message>At least one of the pre-conditions you specified did not hold</Message>');
    expect(xml).toContain('<Condition>If-None-Match</Condition>');
    expect((await read('a.json')).body).toBe('first');
  });

  it('creates with If-None-Match: * when the key is free, answering the MD5 ETag', async () => {
    const created = await put('new.json', 'hello', { IfNoneMatch: '*' });

    expect(created.ETag).toBe(`"${createHash('md5').update('hello').digest('hex')}"`);
    expect(await read('new.json')).toEqual({ body: 'hello', etag: created.ETag });
  });

  it('answers If-Match with another ETag 412, and with no object 404 NoSuchKey', async () => {
    const first = await put('b.json', 'v1');

    const stale = await failure(put('b.json', 'v2', { IfMatch: '"00000000000000000000000000000000"' }));
    const missing = await failure(put('none.json', 'v1', { IfMatch: first.ETag }));
    const matching = await put('b.json', 'v2', { IfMatch: first.ETag });

    expect(stale).toEqual({ name: 'PreconditionFailed', status: 412 });
    expect(missing).toEqual({ name: 'NoSuchKey', status: 404 });
    expect(await read('b.json')).toEqual({ body: 'v2', etag: matching.ETag });
  });

  it('answers If-None-Match with an ETag (S3 takes only *) 501 NotImplemented', async () => {
    await put('c.json', 'v1');

    expect(await failure(put('c.json', 'v2', { IfNoneMatch: '"abc"' }))).toEqual({
      name: 'NotImplemented',
      status: 501,
    });
  });

  it('applies If-None-Match and If-Match to the destination of CopyObject', async () => {
    const source = await put('src.json', 'source');
    const existing = await put('dst.json', 'destination');
    const copy = (conditions: { IfNoneMatch?: string; IfMatch?: string }) =>
      client.send(
        new CopyObjectCommand({
          Bucket: s3.bucket,
          Key: `${prefix}/dst.json`,
          CopySource: `${s3.bucket}/${prefix}/src.json`,
          ...conditions,
        }),
      );

    expect(await failure(copy({ IfNoneMatch: '*' }))).toEqual({ name: 'PreconditionFailed', status: 412 });
    expect(await failure(copy({ IfMatch: source.ETag }))).toEqual({
      name: 'PreconditionFailed',
      status: 412,
    });
    const copied = await copy({ IfMatch: existing.ETag });

    expect(copied.CopyObjectResult?.ETag).toBe(source.ETag);
    expect(await read('dst.json')).toEqual({ body: 'source', etag: source.ETag });
  });

  it('evaluates preconditions when an upload completes: the first to finish wins, the other gets 412', async () => {
    const early = slowPut('race.json', { IfNoneMatch: '*' });
    await settle();
    const late = await put('race.json', 'late-start', { IfNoneMatch: '*' });
    early.release();

    expect(await failure(early.request)).toEqual({ name: 'PreconditionFailed', status: 412 });
    expect(await read('race.json')).toEqual({ body: 'late-start', etag: late.ETag });
  });

  it('answers 409 ConditionalRequestConflict to a conditional upload during which the object was deleted', async () => {
    const first = await put('d.json', 'v1');
    const upload = slowPut('d.json', { IfMatch: first.ETag });
    await settle();

    await client.send(new DeleteObjectCommand({ Bucket: s3.bucket, Key: `${prefix}/d.json` }));
    upload.release();

    expect(await failure(upload.request)).toEqual({ name: 'ConditionalRequestConflict', status: 409 });
    expect(await failure(read('d.json'))).toEqual({ name: 'NoSuchKey', status: 404 });
  });

  it('returns with every GET the ETag of the bytes it returns, while the object is being rewritten', async () => {
    const versions = Array.from({ length: 20 }, (_, i) => `version ${i} `.repeat(2000 + i));
    await put('e.txt', versions[0]);
    let writing = true;
    const mismatches: string[] = [];

    const writer = (async () => {
      for (const body of versions.slice(1)) await put('e.txt', body);
      writing = false;
    })();
    let reads = 0;
    while (writing) {
      const { body, etag } = await read('e.txt');
      reads++;
      const md5 = `"${createHash('md5').update(body).digest('hex')}"`;
      if (md5 !== etag) mismatches.push(`${etag} for a body hashing to ${md5}`);
    }
    await writer;

    expect(reads).toBeGreaterThan(3);
    expect(mismatches).toEqual([]);
  });
});
