import { setTimeout as sleep } from 'node:timers/promises';
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import * as path from 'node:path';
import { errorCode } from './fs-errors';

/** Names of lock files (and their breakers) start with this; listings skip them and keys may not use it. */
export const LOCK_MARK = '.cf-lock-';

/** The lock file of the object file `target`: next to it, named by a hash of its name so any name fits. */
export function keyLockFile(target: string): string {
  const name = createHash('sha256').update(path.basename(target)).digest('hex').slice(0, 32);
  return path.join(path.dirname(target), `${LOCK_MARK}${name}`);
}

/** How long the local store waits for a key's lock, and when a lock counts as abandoned. */
export interface KeyLockSettings {
  /** Give up waiting for another writer of the key after this long. */
  readonly timeoutMs: number;
  /** A lock held longer than this is abandoned (its holder crashed or hung) and is broken. */
  readonly staleMs: number;
}

/** The lock of a key was held by someone else for longer than `timeoutMs`. */
export class KeyLockTimeoutError extends Error {
  constructor(lockFile: string, holder: string) {
    super(`timed out waiting for the lock ${lockFile} (held by ${holder})`);
    this.name = 'KeyLockTimeoutError';
  }
}

/** The lock was broken by another process while this one held it (held past `staleMs`): do not write. */
export class KeyLockLostError extends Error {
  constructor(lockFile: string) {
    super(
      `the lock ${lockFile} was taken over by another writer while held (held longer than the stale limit)`,
    );
    this.name = 'KeyLockLostError';
  }
}

interface LockOwner {
  readonly pid: number;
  readonly host: string;
  readonly token: string;
  readonly since: string;
}

interface ObservedLock {
  /** The lock file's bytes as read (empty while its creator has not written them yet). */
  readonly raw: string;
  readonly owner?: LockOwner;
  readonly ageMs: number;
}

// Callers in this process queue here, so the lock file is contended only between processes.
const queues = new Map<string, Promise<void>>();
const HOST = hostname();

/**
 * Runs `critical` while holding the lock of one key, exclusive across processes and within this one.
 *
 * The lock is a file created with O_EXCL (`wx`) holding `{ pid, host, token, since }`; it is removed on
 * release only if it still holds this holder's token. A lock is abandoned when its holder is a dead process
 * on this host (checked at once with signal 0) or when it is older than `staleMs` (a holder on another host,
 * or a hung one). Breaking an abandoned lock takes a second O_EXCL file (`<lock>.break`) and removes the lock
 * only if it still holds the bytes judged abandoned, so two breakers cannot remove a lock a third process
 * has just taken. `critical` receives `assertHeld()`, which re-reads the lock and throws `KeyLockLostError`
 * if it was broken meanwhile: call it right before the step that must not race (the rename).
 *
 * Fails with `KeyLockTimeoutError` after `timeoutMs`, or with the file system's error (ENOENT when the
 * directory of the lock vanished: the caller recreates it and retries).
 */
export async function withKeyLock<T>(
  lockFile: string,
  settings: KeyLockSettings,
  critical: (assertHeld: () => Promise<void>) => Promise<T>,
): Promise<T> {
  return queued(lockFile, async () => {
    const { token, createdAt } = await acquire(lockFile, settings);
    // Nobody breaks a lock younger than staleMs held by a live process: until half of it has passed, the
    // lock is certainly still this holder's and need not be re-read.
    const surelyHeld = () => Date.now() - createdAt < settings.staleMs / 2;
    try {
      return await critical(async () => {
        if (surelyHeld()) return;
        const held = await observe(lockFile);
        if (held?.owner?.token !== token) throw new KeyLockLostError(lockFile);
      });
    } finally {
      await release(lockFile, token, surelyHeld());
    }
  });
}

async function queued<T>(id: string, run: () => Promise<T>): Promise<T> {
  const previous = queues.get(id) ?? Promise.resolve();
  let done!: () => void;
  const mine = new Promise<void>((resolve) => (done = resolve));
  const tail = previous.then(() => mine);
  queues.set(id, tail);
  await previous;
  try {
    return await run();
  } finally {
    done();
    if (queues.get(id) === tail) queues.delete(id);
  }
}

async function acquire(
  lockFile: string,
  settings: KeyLockSettings,
): Promise<{ token: string; createdAt: number }> {
  const token = randomBytes(12).toString('hex');
  const deadline = Date.now() + settings.timeoutMs;
  for (let attempt = 0; ; attempt++) {
    const createdAt = Date.now();
    try {
      const owner: LockOwner = {
        pid: process.pid,
        host: HOST,
        token,
        since: new Date(createdAt).toISOString(),
      };
      await writeFile(lockFile, JSON.stringify(owner), { flag: 'wx' });
      return { token, createdAt };
    } catch (error) {
      if (errorCode(error) !== 'EEXIST') throw error;
    }
    const holder = await observe(lockFile);
    if (holder === undefined) continue;
    if (isAbandoned(holder, settings.staleMs)) {
      await breakAbandoned(lockFile, holder, settings.staleMs);
      continue;
    }
    if (Date.now() >= deadline) throw new KeyLockTimeoutError(lockFile, describeHolder(holder));
    // Short, growing, jittered waits: holders keep the lock for a check and a rename only.
    await sleep(randomInt(1, Math.min(2 ** attempt, 50) + 2));
  }
}

async function release(lockFile: string, token: string, surelyHeld: boolean): Promise<void> {
  const held = surelyHeld || (await observe(lockFile).catch(() => undefined))?.owner?.token === token;
  if (held) await unlink(lockFile).catch(() => undefined);
}

async function breakAbandoned(lockFile: string, judged: ObservedLock, staleMs: number): Promise<void> {
  const breaker = `${lockFile}.break`;
  const me: LockOwner = { pid: process.pid, host: HOST, token: 'breaker', since: new Date().toISOString() };
  try {
    await writeFile(breaker, JSON.stringify(me), { flag: 'wx' });
  } catch (error) {
    if (errorCode(error) !== 'EEXIST') throw error;
    // Another process is breaking it; only a breaker that itself died is removed, then everyone retries.
    const other = await observe(breaker);
    if (other !== undefined && isAbandoned(other, staleMs)) await unlink(breaker).catch(() => undefined);
    await sleep(randomInt(1, 5));
    return;
  }
  try {
    const now = await readFile(lockFile, 'utf8').catch(() => undefined);
    if (now === judged.raw) await unlink(lockFile).catch(() => undefined);
  } finally {
    await unlink(breaker).catch(() => undefined);
  }
}

/** The lock file's bytes, parsed owner and age; `undefined` when there is no lock file. */
async function observe(file: string): Promise<ObservedLock | undefined> {
  try {
    const [raw, stats] = await Promise.all([readFile(file, 'utf8'), stat(file)]);
    return { raw, owner: parseOwner(raw), ageMs: Date.now() - stats.mtimeMs };
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw error;
  }
}

function parseOwner(raw: string): LockOwner | undefined {
  try {
    const value = JSON.parse(raw) as Partial<LockOwner>;
    if (typeof value.pid === 'number' && typeof value.host === 'string' && typeof value.token === 'string') {
      return { pid: value.pid, host: value.host, token: value.token, since: String(value.since) };
    }
  } catch {
    // Created but not written yet, or not ours: judged by its age alone.
  }
  return undefined;
}

function isAbandoned(lock: ObservedLock, staleMs: number): boolean {
  const { owner } = lock;
  if (owner !== undefined && owner.host === HOST && owner.pid !== process.pid && !isAlive(owner.pid))
    return true;
  return lock.ageMs > staleMs;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return errorCode(error) === 'EPERM';
  }
}

function describeHolder(lock: ObservedLock): string {
  const { owner } = lock;
  const age = `${Math.round(lock.ageMs)} ms`;
  return owner === undefined
    ? `an unknown writer, for ${age}`
    : `pid ${owner.pid} on ${owner.host}, for ${age}`;
}
