import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { InvalidStoreUrlError } from './errors';
import { LocalObjectStore } from './local-object-store';
import { openStore } from './open-store';
import { S3ObjectStore } from './s3-object-store';
import { startLocalS3, type LocalS3 } from './testing';

describe('openStore', () => {
  it('opens ./data, relative and absolute paths as LocalObjectStores', () => {
    const relative = openStore('./data', { cwd: '/srv/app' });
    const bare = openStore('store/here', { cwd: '/srv/app' });
    const absolute = openStore('/var/lib/cf');

    expect(relative).toBeInstanceOf(LocalObjectStore);
    expect((relative as LocalObjectStore).rootDir).toBe('/srv/app/data');
    expect(relative.url).toBe('file:///srv/app/data');
    expect((bare as LocalObjectStore).rootDir).toBe('/srv/app/store/here');
    expect((absolute as LocalObjectStore).rootDir).toBe('/var/lib/cf');
  });

  it('resolves relative paths against the current directory by default', () => {
    expect((openStore('data') as LocalObjectStore).rootDir).toBe(path.resolve(process.cwd(), 'data'));
  });

  it('opens file:///abs/path URLs, decoding escapes', () => {
    const store = openStore('file:///tmp/cf%20store');

    expect(store).toBeInstanceOf(LocalObjectStore);
    expect((store as LocalObjectStore).rootDir).toBe('/tmp/cf store');
    expect(store.url).toBe('file:///tmp/cf%20store');
  });

  it('opens s3://bucket and s3://bucket/prefix as S3ObjectStores', () => {
    const bucket = openStore('s3://cf-forecasts', { s3: { region: 'eu-west-1' } });
    const prefixed = openStore('s3://cf-forecasts/prod/v2/', { s3: { region: 'eu-west-1' } });

    expect(bucket).toBeInstanceOf(S3ObjectStore);
    expect(bucket.url).toBe('s3://cf-forecasts');
    expect((prefixed as S3ObjectStore).bucket).toBe('cf-forecasts');
    expect((prefixed as S3ObjectStore).prefix).toBe('prod/v2');
    expect(prefixed.url).toBe('s3://cf-forecasts/prod/v2');
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['http://example.com/data', "scheme 'http:'"],
    ['gs://bucket/x', "scheme 'gs:'"],
    ['s3://', 'no bucket'],
    ['s3://Bad_Bucket/x', "bucket name 'Bad_Bucket'"],
    ['s3://bucket/a/../b', "prefix 'a/../b'"],
    ['s3://bucket/x?versionId=1', 'query'],
    ['file://remote-host/share', 'host must be'],
  ])('refuses %j with InvalidStoreUrlError naming the URL and what is accepted', (url, reason) => {
    let thrown: unknown;
    try {
      openStore(url);
    } catch (error) {
      thrown = error;
    }

    expect(thrown).toBeInstanceOf(InvalidStoreUrlError);
    const message = (thrown as Error).message;
    expect(message).toContain(`'${url}'`);
    expect(message).toContain(reason);
    if (!reason.startsWith('bucket') && !reason.startsWith('prefix'))
      expect(message).toContain('s3://bucket[/prefix]');
  });

  describe('end to end', () => {
    let s3: LocalS3;
    let dir: string;

    beforeAll(async () => {
      s3 = await startLocalS3();
      dir = await mkdtemp(path.join(tmpdir(), 'cf-open-'));
    });
    afterAll(async () => {
      await s3.close();
      await rm(dir, { recursive: true, force: true });
    });

    it('writes through an s3:// URL to the S3-compatible server named in the client options', async () => {
      const store = openStore(`s3://${s3.bucket}/opened`, { s3: s3.clientConfig });

      await store.put('a/b.txt', 'via openStore');

      const direct = s3.createStore('opened');
      expect((await direct.get('a/b.txt'))?.toString()).toBe('via openStore');
    });

    it('writes through a relative path to files under cwd', async () => {
      const store = openStore('./data', { cwd: dir });

      await store.put('processed/daily/_manifest.json', '{}');

      expect(await readFile(path.join(dir, 'data', 'processed', 'daily', '_manifest.json'), 'utf8')).toBe(
        '{}',
      );
    });
  });
});
