import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, open, readdir, readFile, rename, rmdir, stat, unlink } from 'node:fs/promises';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  InvalidKeyError,
  KeyConflictError,
  ObjectNotFoundError,
  StorageError,
  StoreUnavailableError,
} from './errors';
import { assertValidKey } from './keys';
import { compareKeys, pageOf, validateListOptions } from './listing';
import type { ListOptions, ObjectInfo, ObjectPage, ObjectStore, PutOptions } from './object-store';

// Temp files live next to their final key (so rename is atomic on the same file system) under a name
// no listing shows and no key may use.
const TEMP_MARK = '.cf-tmp-';

/**
 * The embedded store: each key is a file under `rootDir` (`raw/x/y.json` -> `<rootDir>/raw/x/y.json`).
 * Writes are atomic (temp file in the same directory, fsync, rename), so a reader or a crash never sees
 * half an object at its key.
 *
 * @example
 * const store = new LocalObjectStore('./data');
 * await store.put('raw/a.json', '{}');
 */
export class LocalObjectStore implements ObjectStore {
  readonly rootDir: string;
  readonly url: string;
  /** `rootDir` with a trailing separator: every object path starts with it. */
  private readonly inside: string;

  constructor(rootDir: string) {
    this.rootDir = path.resolve(rootDir);
    this.url = pathToFileURL(this.rootDir).href;
    this.inside = this.rootDir.endsWith(path.sep) ? this.rootDir : this.rootDir + path.sep;
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

  async put(key: string, body: Buffer | string, _options?: PutOptions): Promise<void> {
    const file = this.pathOf(key);
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    await this.writeAtomically('put', key, file, async (temp) => {
      const handle = await open(temp, 'wx', 0o644);
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
    });
  }

  async head(key: string): Promise<ObjectInfo | undefined> {
    const file = this.pathOf(key);
    try {
      const stats = await stat(file);
      if (!stats.isFile()) return undefined;
      return { key, size: stats.size, lastModified: stats.mtime };
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw new StoreUnavailableError('head', key, error);
    }
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ObjectPage> {
    const { limit, cursor } = validateListOptions(options);
    if (prefix !== '') this.checkPrefix(prefix);
    let keys: string[];
    try {
      keys = await this.keysUnder(prefix);
    } catch (error) {
      throw new StoreUnavailableError('list', prefix, error);
    }
    keys.sort(compareKeys);
    const { pageKeys, nextCursor } = pageOf(keys, cursor, limit);
    // A key deleted between the walk and its stat is simply no longer part of the listing.
    const infos = await Promise.all(pageKeys.map((key) => this.head(key)));
    const objects = infos.filter((info): info is ObjectInfo => info !== undefined);
    return nextCursor === undefined ? { objects } : { objects, nextCursor };
  }

  async copy(from: string, to: string): Promise<void> {
    const source = this.pathOf(from);
    const target = this.pathOf(to);
    await this.writeAtomically('copy', to, target, async (temp) => {
      try {
        await copyFile(source, temp);
      } catch (error) {
        if (isMissing(error)) throw new ObjectNotFoundError(from);
        throw error;
      }
      const handle = await open(temp, 'r+');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
    });
  }

  async delete(key: string): Promise<void> {
    const file = this.pathOf(key);
    try {
      await unlink(file);
    } catch (error) {
      if (isMissing(error) || errorCode(error) === 'EISDIR' || errorCode(error) === 'EPERM') return;
      throw new StoreUnavailableError('delete', key, error);
    }
    await this.pruneEmptyParents(path.dirname(file));
  }

  /** The file of `key`, after checking the key and that the path stays inside the root. */
  private pathOf(key: string): string {
    assertValidKey(key);
    const segments = key.split('/');
    if (segments.some((segment) => segment.startsWith(TEMP_MARK))) {
      throw new InvalidKeyError(`key '${key}' uses the reserved prefix '${TEMP_MARK}'`);
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
   * Writes through a temp file in the target's directory and renames it over the target. A concurrent
   * `delete` may remove the freshly created directory; that is retried a few times.
   */
  private async writeAtomically(
    operation: string,
    key: string,
    target: string,
    write: (temp: string) => Promise<void>,
  ): Promise<void> {
    const dir = path.dirname(target);
    for (let attempt = 1; ; attempt++) {
      const temp = path.join(dir, `${TEMP_MARK}${randomBytes(8).toString('hex')}`);
      try {
        await mkdir(dir, { recursive: true });
        await write(temp);
        await rename(temp, target);
        return;
      } catch (error) {
        await unlink(temp).catch(() => undefined);
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

  /** Every key starting with `prefix`, unsorted. Only directories that can hold such keys are read. */
  private async keysUnder(prefix: string): Promise<string[]> {
    const slash = prefix.lastIndexOf('/');
    const baseKey = slash === -1 ? '' : prefix.slice(0, slash);
    const baseDir = baseKey === '' ? this.rootDir : path.join(this.rootDir, ...baseKey.split('/'));
    const keys: string[] = [];
    const walk = async (dir: string, keyPrefix: string): Promise<void> => {
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch (error) {
        if (isMissing(error)) return;
        throw error;
      }
      for (const entry of entries) {
        if (entry.name.startsWith(TEMP_MARK)) continue;
        const key = keyPrefix + entry.name;
        if (entry.isDirectory()) {
          const childPrefix = `${key}/`;
          if (childPrefix.startsWith(prefix) || prefix.startsWith(childPrefix))
            await walk(path.join(dir, entry.name), childPrefix);
        } else if (entry.isFile() && key.startsWith(prefix)) {
          keys.push(key);
        }
      }
    };
    await walk(baseDir, baseKey === '' ? '' : `${baseKey}/`);
    return keys;
  }
}

function errorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const { code } = error as { code: unknown };
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

function isMissing(error: unknown): boolean {
  const code = errorCode(error);
  // ENOTDIR: a parent of the key is a file, so the key cannot exist; EISDIR: the key is a prefix, not an object.
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR';
}
