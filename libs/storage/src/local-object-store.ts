import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, open, readdir, readFile, rename, rmdir, stat, unlink } from 'node:fs/promises';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { contentEtag, fileEtag } from './content-etag';
import {
  InvalidKeyError,
  KeyConflictError,
  ObjectNotFoundError,
  PreconditionFailedError,
  StorageError,
  StoreUnavailableError,
} from './errors';
import { assertValidKey } from './keys';
import { compareKeys, pageOf, validateListOptions } from './listing';
import { errorCode, isMissing } from './fs-errors';
import { keyLockFile, LOCK_MARK, withKeyLock, type KeyLockSettings } from './local-key-lock';
import { checkLocalCondition } from './local-write-condition';
import type {
  CopyOptions,
  ListOptions,
  ObjectHead,
  ObjectInfo,
  ObjectPage,
  ObjectStore,
  PutOptions,
  StoredObject,
  WriteResult,
} from './object-store';
import { writeCondition, type WriteCondition } from './write-conditions';

// Temp files live next to their final key (so rename is atomic on the same file system), and so do the
// keys' lock files, under names no listing shows and no key may use.
const TEMP_MARK = '.cf-tmp-';
const RESERVED_MARKS = [TEMP_MARK, LOCK_MARK];

/** Options of `LocalObjectStore`: how writers of one key wait for each other. */
export interface LocalObjectStoreOptions {
  /** How long a write waits for another writer of the same key before failing (`StoreUnavailableError`). Default 60 s. */
  readonly lockTimeoutMs?: number;
  /** A key lock held longer than this is treated as abandoned (crashed or hung holder) and broken. Default 30 s. */
  readonly staleLockMs?: number;
}

/**
 * The embedded store: each key is a file under `rootDir` (`raw/x/y.json` -> `<rootDir>/raw/x/y.json`).
 * Writes are atomic (temp file in the same directory, fsync, rename), so a reader or a crash never sees
 * half an object at its key. Writers of one key (puts, copies to it, deletes), in this process or any other
 * on the same file system, take turns through the key's lock file, so a conditional write checks and renames
 * in one step. An object's ETag is the quoted MD5 of its bytes (`contentEtag`), as S3 gives it.
 *
 * @example
 * const store = new LocalObjectStore('./data');
 * const { etag } = await store.put('raw/a.json', '{}');
 * await store.put('raw/a.json', '{"b":1}', { ifMatch: etag }); // PreconditionFailedError if changed meanwhile
 */
export class LocalObjectStore implements ObjectStore {
  readonly rootDir: string;
  readonly url: string;
  /** `rootDir` with a trailing separator: every object path starts with it. */
  private readonly inside: string;
  private readonly lock: KeyLockSettings;

  constructor(rootDir: string, options: LocalObjectStoreOptions = {}) {
    this.rootDir = path.resolve(rootDir);
    this.url = pathToFileURL(this.rootDir).href;
    this.inside = this.rootDir.endsWith(path.sep) ? this.rootDir : this.rootDir + path.sep;
    this.lock = { timeoutMs: options.lockTimeoutMs ?? 60_000, staleMs: options.staleLockMs ?? 30_000 };
  }

  async get(key: string): Promise<Buffer | undefined> {
    const file = this.pathOf(key);
    try {
      return await readFile(file);
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw new StoreUnavailableError('get', key, error);
    }
  }

  async getObject(key: string): Promise<StoredObject | undefined> {
    return this.read('get', key, true);
  }

  async head(key: string): Promise<ObjectHead | undefined> {
    return this.read('head', key, false);
  }

  async put(key: string, body: Buffer | string, options: PutOptions = {}): Promise<WriteResult> {
    const file = this.pathOf(key);
    const condition = writeCondition(key, options);
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    await this.writeAtomically('put', key, file, condition, async (temp) => {
      const handle = await open(temp, 'wx', 0o644);
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
    });
    return { etag: contentEtag(bytes) };
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ObjectPage> {
    const { limit, cursor } = validateListOptions(options);
    if (prefix !== '') this.checkPrefix(prefix);
    let files: Map<string, string>;
    try {
      files = await this.keysUnder(prefix);
    } catch (error) {
      throw new StoreUnavailableError('list', prefix, error);
    }
    const keys = [...files.keys()].sort(compareKeys);
    const { pageKeys, nextCursor } = pageOf(keys, cursor, limit);
    // A key deleted between the walk and its stat is simply no longer part of the listing. A file whose name
    // is not a valid key (a backslash, a control character: written by another tool) is listed as it is, as
    // S3 lists such keys, so a reader can report it; reading it by that key is refused.
    const infos = await Promise.all(pageKeys.map((key) => this.info(key, files.get(key))));
    const objects = infos.filter((info): info is ObjectInfo => info !== undefined);
    return nextCursor === undefined ? { objects } : { objects, nextCursor };
  }

  async copy(from: string, to: string, options: CopyOptions = {}): Promise<WriteResult> {
    const source = this.pathOf(from);
    const target = this.pathOf(to);
    const condition = writeCondition(to, options);
    let etag = '';
    await this.writeAtomically('copy', to, target, condition, async (temp) => {
      try {
        await copyFile(source, temp);
      } catch (error) {
        if (isMissing(error)) throw new ObjectNotFoundError(from);
        throw error;
      }
      const handle = await open(temp, 'r+');
      try {
        await handle.sync();
        etag = await fileEtag(handle);
      } finally {
        await handle.close();
      }
    });
    return { etag };
  }

  async delete(key: string): Promise<void> {
    const file = this.pathOf(key);
    try {
      await withKeyLock(keyLockFile(file), this.lock, () => unlink(file));
    } catch (error) {
      if (isMissing(error) || errorCode(error) === 'EISDIR' || errorCode(error) === 'EPERM') return;
      throw new StoreUnavailableError('delete', key, error);
    }
    await this.pruneEmptyParents(path.dirname(file));
  }

  /** The object read through one open file: its bytes (if asked), size, time and ETag of the same version. */
  private async read(operation: string, key: string, withBody: true): Promise<StoredObject | undefined>;
  private async read(operation: string, key: string, withBody: false): Promise<ObjectHead | undefined>;
  private async read(
    operation: string,
    key: string,
    withBody: boolean,
  ): Promise<StoredObject | ObjectHead | undefined> {
    const file = this.pathOf(key);
    try {
      const handle = await open(file, 'r');
      try {
        const stats = await handle.stat();
        if (!stats.isFile()) return undefined;
        const head = { key, size: stats.size, lastModified: stats.mtime };
        if (!withBody) return { ...head, etag: await fileEtag(handle) };
        const body = await handle.readFile();
        return { ...head, size: body.length, etag: contentEtag(body), body };
      } finally {
        await handle.close();
      }
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw new StoreUnavailableError(operation, key, error);
    }
  }

  /** Size and modification time, from `stat` alone (listings do not read objects). */
  private async info(key: string, file = this.pathOf(key)): Promise<ObjectInfo | undefined> {
    try {
      const stats = await stat(file);
      return stats.isFile() ? { key, size: stats.size, lastModified: stats.mtime } : undefined;
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw new StoreUnavailableError('list', key, error);
    }
  }

  /** The file of `key`, after checking the key and that the path stays inside the root. */
  private pathOf(key: string): string {
    assertValidKey(key);
    const segments = key.split('/');
    const reserved = RESERVED_MARKS.find((mark) => segments.some((segment) => segment.startsWith(mark)));
    if (reserved !== undefined) {
      throw new InvalidKeyError(`key '${key}' uses the reserved prefix '${reserved}'`);
    }
    const file = path.resolve(this.rootDir, ...segments);
    if (!file.startsWith(this.inside)) {
      throw new InvalidKeyError(`key '${key}' resolves outside the store root`);
    }
    return file;
  }

  private checkPrefix(prefix: string): void {
    // A prefix may end mid-segment (`raw/source=c`) or with `/`; either way its complete part must be a key.
    const trimmed = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
    this.pathOf(trimmed);
  }

  /**
   * Writes through a temp file in the target's directory, then, holding the key's lock, checks the
   * precondition and renames the temp file over the target. A concurrent `delete` may remove the freshly
   * created directory; that is retried a few times. A refused write removes the directories it created.
   */
  private async writeAtomically(
    operation: string,
    key: string,
    target: string,
    condition: WriteCondition | undefined,
    write: (temp: string) => Promise<void>,
  ): Promise<void> {
    const dir = path.dirname(target);
    for (let attempt = 1; ; attempt++) {
      const temp = path.join(dir, `${TEMP_MARK}${randomBytes(8).toString('hex')}`);
      try {
        await mkdir(dir, { recursive: true });
        await write(temp);
        await withKeyLock(keyLockFile(target), this.lock, async (assertHeld) => {
          if (condition !== undefined) await checkLocalCondition(key, target, condition);
          await assertHeld();
          await rename(temp, target);
        });
        return;
      } catch (error) {
        await unlink(temp).catch(() => undefined);
        if (error instanceof PreconditionFailedError) await this.pruneEmptyParents(dir);
        if (error instanceof StorageError) throw error;
        const code = errorCode(error);
        if (code === 'ENOENT' && attempt < 3) continue;
        if (code === 'EISDIR' || code === 'ENOTDIR' || code === 'EEXIST' || code === 'ENOTEMPTY') {
          throw new KeyConflictError(key, error);
        }
        throw new StoreUnavailableError(operation, key, error);
      }
    }
  }

  /** Removes directories left empty by a delete, up to (not including) the root. */
  private async pruneEmptyParents(dir: string): Promise<void> {
    let current = dir;
    while (current.startsWith(this.inside)) {
      try {
        await rmdir(current);
      } catch {
        // Not empty (or just refilled by a concurrent put): nothing more to prune.
        return;
      }
      current = path.dirname(current);
    }
  }

  /** Every key starting with `prefix` and its file, unsorted. Only directories that can hold such keys are read. */
  private async keysUnder(prefix: string): Promise<Map<string, string>> {
    const slash = prefix.lastIndexOf('/');
    const baseKey = slash === -1 ? '' : prefix.slice(0, slash);
    const baseDir = baseKey === '' ? this.rootDir : path.join(this.rootDir, ...baseKey.split('/'));
    const keys = new Map<string, string>();
    const walk = async (dir: string, keyPrefix: string): Promise<void> => {
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch (error) {
        if (isMissing(error)) return;
        throw error;
      }
      for (const entry of entries) {
        if (RESERVED_MARKS.some((mark) => entry.name.startsWith(mark))) continue;
        const key = keyPrefix + entry.name;
        if (entry.isDirectory()) {
          const childPrefix = `${key}/`;
          if (childPrefix.startsWith(prefix) || prefix.startsWith(childPrefix))
            await walk(path.join(dir, entry.name), childPrefix);
        } else if (entry.isFile() && key.startsWith(prefix)) {
          keys.set(key, path.join(dir, entry.name));
        }
      }
    };
    await walk(baseDir, baseKey === '' ? '' : `${baseKey}/`);
    return keys;
  }
}
