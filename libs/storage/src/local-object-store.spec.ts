import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import * as path from 'node:path';
import { InvalidKeyError, KeyConflictError, PreconditionFailedError, StoreUnavailableError } from './errors';
import { keyLockFile } from './local-key-lock';
import { LocalObjectStore } from './local-object-store';
import { describeObjectStoreContract, makeTempStore } from './testing';

describeObjectStoreContract('LocalObjectStore', async () => {
  const { store, cleanup } = await makeTempStore();
  return { store, teardown: cleanup };
});

describe('LocalObjectStore on disk', () => {
  let store: LocalObjectStore;
  let dir: string;
  let cleanup: () => Promise<void>;

  beforeEach(async () => {
    ({ store, dir, cleanup } = await makeTempStore());
  });
  afterEach(async () => {
    await cleanup();
  });

  it('names itself with a file:// URL of its absolute root', () => {
    expect(store.url).toBe(`file://${dir}`);
    expect(new LocalObjectStore('relative/dir').rootDir).toBe(path.resolve('relative/dir'));
  });

  it('maps keys to files under the root and creates directories', async () => {
    await store.put('raw/source=cc/symbol=BTC/dt=2024-03-01/candles.json', '{"ok":true}');

    const file = path.join(dir, 'raw', 'source=cc', 'symbol=BTC', 'dt=2024-03-01', 'candles.json');
    expect(await readFile(file, 'utf8')).toBe('{"ok":true}');
  });

  it('never shows temp files and never exposes a half-written object after a crash', async () => {
    // What a crash in the middle of a put leaves behind: a temp file next to where the key would be.
    await mkdir(path.join(dir, 'models', 'v1'), { recursive: true });
    await writeFile(path.join(dir, 'models', 'v1', '.cf-tmp-0123456789abcdef'), '{"half":');
    await store.put('models/v1/metadata.json', '{"whole":true}');

    const listed = await store.list('');

    expect(listed.objects.map((o) => o.key)).toEqual(['models/v1/metadata.json']);
    expect(await store.get('models/v1/metadata.json')).toEqual(Buffer.from('{"whole":true}'));
    await expect(store.get('models/v1/.cf-tmp-0123456789abcdef')).rejects.toBeInstanceOf(InvalidKeyError);
  });

  it('leaves the previous object whole when a writer process is killed mid-write', async () => {
    const key = 'processed/daily/symbol=BTC/ohlcv.csv';
    const keyDir = path.join(dir, 'processed', 'daily', 'symbol=BTC');
    const previous = Buffer.alloc(1_000_000, 'a');
    await store.put(key, previous);
    // A separate Node process follows put's steps (temp file next to the key, write, fsync, rename), writing
    // slowly enough that it is certainly killed before the rename.
    const writer = spawn(
      process.execPath,
      [
        '-e',
        `const fs = require('node:fs');
         const dir = process.argv[1];
         const fd = fs.openSync(dir + '/.cf-tmp-crashtest', 'wx');
         fs.writeSync(fd, Buffer.alloc(1 << 16, 'b'));
         process.stdout.write('writing\\n');
         let chunks = 0;
         setInterval(() => {
           fs.writeSync(fd, Buffer.alloc(1 << 16, 'b'));
           if (++chunks === 1000) { fs.fsyncSync(fd); fs.renameSync(dir + '/.cf-tmp-crashtest', dir + '/ohlcv.csv'); process.exit(0); }
         }, 10);`,
        keyDir,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve) => writer.stdout.once('data', () => resolve()));
    writer.kill('SIGKILL');
    await new Promise((resolve) => writer.once('exit', resolve));

    expect((await readdir(keyDir)).sort()).toEqual(['.cf-tmp-crashtest', 'ohlcv.csv']);
    expect((await store.get(key))?.equals(previous)).toBe(true);
    expect((await store.list('processed/')).objects.map((o) => [o.key, o.size])).toEqual([
      [key, previous.length],
    ]);
  });

  it('lets concurrent readers see only whole old or new values while writing', async () => {
    const key = 'predictions/latest/latest_all.json';
    const versions = Array.from({ length: 6 }, (_, i) => Buffer.alloc(400_000, 48 + i));
    await store.put(key, versions[0]);
    let writing = true;
    let reads = 0;
    const seen = new Set<string>();

    const writer = (async () => {
      for (const version of versions.slice(1)) await store.put(key, version);
      writing = false;
    })();
    while (writing) {
      const bytes = await store.get(key);
      reads++;
      const whole = versions.findIndex((version) => bytes?.equals(version));
      seen.add(whole === -1 ? 'torn' : String(whole));
    }
    await writer;

    expect(reads).toBeGreaterThan(versions.length);
    expect(seen.has('torn')).toBe(false);
  });

  it('lists keys in UTF-8 byte order, as S3 does, not directory-walk order', async () => {
    for (const key of ['a/b', 'a-c', 'a0', 'aé', 'A', 'a/a/z']) await store.put(key, 'x');

    const page = await store.list('');

    expect(page.objects.map((o) => o.key)).toEqual(['A', 'a-c', 'a/a/z', 'a/b', 'a0', 'aé']);
  });

  it('refuses to write a key that is a directory of other keys', async () => {
    await store.put('models/v1/model.json', '{}');

    await expect(store.put('models/v1', 'x')).rejects.toBeInstanceOf(KeyConflictError);
    await expect(store.put('models/v1/model.json/x', 'x')).rejects.toBeInstanceOf(KeyConflictError);
  });

  it('removes directories left empty by delete, and keeps the root', async () => {
    await store.put('monitoring/daily/dt=2024-03-01/metrics.json', '{}');
    await store.put('monitoring/rolling/dt=2024-03-01/metrics.json', '{}');

    await store.delete('monitoring/daily/dt=2024-03-01/metrics.json');

    expect(await readdir(path.join(dir, 'monitoring'))).toEqual(['rolling']);
    await store.delete('monitoring/rolling/dt=2024-03-01/metrics.json');
    expect(await readdir(dir)).toEqual([]);
    expect((await stat(dir)).isDirectory()).toBe(true);
  });

  it('turns file system failures other than not-found into StoreUnavailableError with the cause', async () => {
    await symlink('loop', path.join(dir, 'loop'));
    const longSegment = 'x'.repeat(300);

    const failures = [
      () => store.get('loop'),
      () => store.head('loop'),
      () => store.put(`a/${longSegment}`, 'x'),
      () => store.get(`a/${longSegment}`),
    ];

    for (const failure of failures) {
      await expect(failure()).rejects.toBeInstanceOf(StoreUnavailableError);
    }
    await expect(store.get('loop')).rejects.toMatchObject({ cause: { code: 'ELOOP' } });
  });

  it('gives an object the quoted MD5 of its bytes as ETag, the same after a copy and for equal bytes', async () => {
    const md5 = `"${createHash('md5').update('{"a":1}').digest('hex')}"`;

    const written = await store.put('a/one.json', '{"a":1}');
    const copied = await store.copy('a/one.json', 'b/two.json');
    const again = await store.put('c/three.json', Buffer.from('{"a":1}'));

    expect([written.etag, copied.etag, again.etag]).toEqual([md5, md5, md5]);
    expect((await store.head('b/two.json'))?.etag).toBe(md5);
    // Only the quotes are not part of the version: an ETag passed back without them matches too.
    await store.put('a/one.json', '{"a":2}', { ifMatch: md5.slice(1, -1) });
    expect((await store.get('a/one.json'))?.toString()).toBe('{"a":2}');
  });

  it('keeps lock files out of listings and their names out of keys', async () => {
    await store.put('m/_manifest.json', '{}');
    const lock = keyLockFile(path.join(dir, 'm', '_manifest.json'));
    await writeFile(lock, JSON.stringify({ pid: process.pid, host: hostname(), token: 't', since: 'now' }));

    expect((await store.list('')).objects.map((o) => o.key)).toEqual(['m/_manifest.json']);
    await expect(store.get(`m/${path.basename(lock)}`)).rejects.toBeInstanceOf(InvalidKeyError);
    await expect(store.put('m/.cf-lock-x', '{}')).rejects.toThrow(/reserved prefix '\.cf-lock-'/);
  });

  it('removes the directories a refused conditional write created', async () => {
    await expect(store.put('deep/er/still/x.json', '{}', { ifMatch: '"abc"' })).rejects.toBeInstanceOf(
      PreconditionFailedError,
    );

    expect(await readdir(dir)).toEqual([]);
  });

  it('waits for a writer of the key in another process, then writes', async () => {
    // prepare: another process holds the key's lock for 400 ms
    const key = 'processed/daily/_manifest.json';
    await store.put(key, 'before');
    const lock = keyLockFile(path.join(dir, 'processed', 'daily', '_manifest.json'));
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `const fs = require('node:fs');
         const lock = process.argv[1];
         fs.writeFileSync(lock, JSON.stringify({ pid: process.pid, host: require('node:os').hostname(), token: 'other', since: '' }), { flag: 'wx' });
         process.stdout.write('locked\\n');
         setTimeout(() => { fs.unlinkSync(lock); process.stdout.write('released\\n'); }, 400);`,
        lock,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const exited = new Promise((resolve) => holder.once('exit', resolve));
    const events: string[] = [];
    holder.stdout.on('data', (chunk: Buffer) => events.push(...chunk.toString().trim().split('\n')));
    await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()));

    // act
    await store.put(key, 'after');
    events.push('written');
    await exited;

    // assert: the write happened only after the other process released the lock
    expect(events).toEqual(['locked', 'released', 'written']);
    expect((await store.get(key))?.toString()).toBe('after');
  });

  it('breaks at once a lock left by a process that died holding it', async () => {
    const dead = spawn(process.execPath, ['-e', '']);
    await new Promise((resolve) => dead.once('exit', resolve));
    await store.put('k/obj.json', 'v1');
    const lock = keyLockFile(path.join(dir, 'k', 'obj.json'));
    await writeFile(lock, JSON.stringify({ pid: dead.pid, host: hostname(), token: 'crashed', since: '' }));

    const crashedStore = new LocalObjectStore(dir, { lockTimeoutMs: 2_000, staleLockMs: 60_000 });
    await crashedStore.put('k/obj.json', 'v2');

    expect((await store.get('k/obj.json'))?.toString()).toBe('v2');
    expect(await readdir(path.join(dir, 'k'))).toEqual(['obj.json']);
  });

  it('breaks a lock older than staleLockMs whatever its holder, and an unreadable one too', async () => {
    const strict = new LocalObjectStore(dir, { lockTimeoutMs: 5_000, staleLockMs: 1_000 });
    const lockA = keyLockFile(path.join(dir, 'a.json'));
    const lockB = keyLockFile(path.join(dir, 'b.json'));
    await writeFile(lockA, JSON.stringify({ pid: 1, host: 'another-host', token: 'remote', since: '' }));
    await writeFile(lockB, '');
    const old = new Date(Date.now() - 60_000);
    await utimes(lockA, old, old);
    await utimes(lockB, old, old);

    await strict.put('a.json', 'a');
    await strict.put('b.json', 'b');

    expect((await readdir(dir)).sort()).toEqual(['a.json', 'b.json']);
  });

  it('fails with StoreUnavailableError naming the holder after lockTimeoutMs, writing nothing', async () => {
    const impatient = new LocalObjectStore(dir, { lockTimeoutMs: 200, staleLockMs: 60_000 });
    await store.put('busy/x.json', 'kept');
    const lock = keyLockFile(path.join(dir, 'busy', 'x.json'));
    // A live holder: this very process, under another token (as another module instance would be).
    await writeFile(lock, JSON.stringify({ pid: process.pid, host: hostname(), token: 'live', since: '' }));

    const write = impatient.put('busy/x.json', 'lost');

    await expect(write).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(write).rejects.toThrow(
      new RegExp(
        `store put of 'busy/x.json' failed: timed out waiting for the lock .* \\(held by pid ${process.pid} on `,
      ),
    );
    expect((await store.get('busy/x.json'))?.toString()).toBe('kept');
    expect((await readdir(path.join(dir, 'busy'))).sort()).toEqual([path.basename(lock), 'x.json'].sort());
  });
});
