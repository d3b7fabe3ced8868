import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { keyLockFile, KeyLockLostError, KeyLockTimeoutError, withKeyLock } from './local-key-lock';

const SETTINGS = { timeoutMs: 5_000, staleMs: 30_000 };

describe('withKeyLock', () => {
  let dir: string;
  let lock: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'cf-lock-'));
    lock = keyLockFile(path.join(dir, 'metadata.json'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('names the lock after a hash of the object name, next to it, whatever the name length', () => {
    const long = keyLockFile(path.join(dir, 'x'.repeat(250)));

    expect(path.dirname(lock)).toBe(dir);
    expect(path.basename(lock)).toMatch(/^\.cf-lock-[0-9a-f]{32}$/);
    expect(path.basename(long)).toHaveLength('.cf-lock-'.length + 32);
  });

  it('runs the holders of one key one after the other, and removes the lock after each', async () => {
    const timeline: string[] = [];
    const hold = (name: string, ms: number) =>
      withKeyLock(lock, SETTINGS, async () => {
        timeline.push(`${name} in`);
        await new Promise((resolve) => setTimeout(resolve, ms));
        timeline.push(`${name} out`);
      });

    await Promise.all([hold('a', 30), hold('b', 1), hold('c', 10)]);

    expect(timeline).toEqual(['a in', 'a out', 'b in', 'b out', 'c in', 'c out']);
    await expect(readFile(lock)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('tells a holder past half of staleMs that its lock was taken over, and leaves the new owner its lock', async () => {
    const taken = JSON.stringify({ pid: process.pid, host: 'elsewhere', token: 'theirs', since: '' });

    // With staleMs 0 every holder is past half of it, so it re-reads its lock before the critical step.
    const run = withKeyLock(lock, { timeoutMs: 5_000, staleMs: 0 }, async (assertHeld) => {
      await assertHeld();
      await writeFile(lock, taken);
      await assertHeld();
    });

    await expect(run).rejects.toBeInstanceOf(KeyLockLostError);
    expect(await readFile(lock, 'utf8')).toBe(taken);
  });

  it('does not re-read a lock it took less than half of staleMs ago (nobody may break it yet)', async () => {
    const foreign = JSON.stringify({ pid: process.pid, host: 'elsewhere', token: 'theirs', since: '' });

    await withKeyLock(lock, SETTINGS, async (assertHeld) => {
      await writeFile(lock, foreign);
      await assertHeld();
    });

    // The holder released what it took for its own, without reading it again.
    await expect(readFile(lock)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('gives up after timeoutMs on a lock held by a live process', async () => {
    await writeFile(lock, JSON.stringify({ pid: process.pid, host: 'elsewhere', token: 'held', since: '' }));

    const run = withKeyLock(lock, { timeoutMs: 100, staleMs: 30_000 }, async () => 'never');

    await expect(run).rejects.toBeInstanceOf(KeyLockTimeoutError);
    await expect(run).rejects.toThrow(/\(held by pid \d+ on elsewhere, for \d+ ms\)$/);
  });
});
