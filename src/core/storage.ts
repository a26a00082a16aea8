import { randomBytes } from 'node:crypto';
import { createReadStream, type Dirent } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';

/**
 * Where uploaded bytes live, addressed by keys the application generates. The local disk is the
 * default; shared storage (several app processes) implements the same interface.
 *
 *   const storage = createLocalStorage(path.join(config.dataDir, 'files'));
 *   await storage.put('2026/11/0f3a….pdf', bytes);
 *   for await (const key of storage.list()) console.log(key); // '2026/11/0f3a….pdf'
 */
export interface Storage {
  /** Writes all of the bytes under the key or, on failure, nothing: never half a file. */
  put(key: string, data: Buffer): Promise<void>;
  /** Fails with code ENOENT when nothing is stored under the key. */
  read(key: string): Promise<Buffer>;
  stream(key: string): Readable;
  /** Bytes stored under the key, or undefined when there is nothing. */
  size(key: string): Promise<number | undefined>;
  /** Removes the bytes; nothing stored under the key is not an error. */
  delete(key: string): Promise<void>;
  /** Every stored key, in no promised order. */
  list(): AsyncIterable<string>;
}

// The disk refused (full, read-only, permissions) or failed: nothing the request could change.
const STORAGE_FAULT_CODES = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EDQUOT', 'EIO']);

/** Whether a file operation failed because of the storage itself, not the request. */
export function isStorageUnavailable(error: unknown): boolean {
  const { code, syscall } = (error ?? {}) as { code?: unknown; syscall?: unknown };
  return typeof syscall === 'string' && typeof code === 'string' && STORAGE_FAULT_CODES.has(code);
}

export class StorageKeyError extends Error {
  constructor(key: string) {
    super(`storage: refused key ${JSON.stringify(key.slice(0, 200))}`);
    this.name = 'StorageKeyError';
  }
}

// Segments start with a letter or digit, so no key names a hidden file, a temporary file of put()
// or a parent directory.
const KEY = /^[a-z0-9][a-z0-9._-]*(?:\/[a-z0-9][a-z0-9._-]*)*$/;

/**
 *   isValidStorageKey('2026/11/ab12.pdf')  // true
 *   isValidStorageKey('../etc/passwd')     // false
 */
export function isValidStorageKey(key: string): boolean {
  return key.length <= 500 && KEY.test(key) && !key.includes('..');
}

const TEMPORARY_SUFFIX = '.partial';

export function createLocalStorage(root: string): Storage {
  const base = path.resolve(root);

  const pathOf = (key: string): string => {
    if (typeof key !== 'string' || !isValidStorageKey(key)) throw new StorageKeyError(String(key));
    const resolved = path.resolve(base, ...key.split('/'));
    // The pattern already excludes this; a second check costs nothing if the pattern is ever widened.
    if (!resolved.startsWith(base + path.sep)) throw new StorageKeyError(key);
    return resolved;
  };

  async function* walk(dir: string, prefix: string): AsyncGenerator<string> {
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    for (const entry of entries) {
      const key = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
      if (entry.isDirectory()) yield* walk(path.join(dir, entry.name), key);
      else if (entry.isFile() && isValidStorageKey(key)) yield key;
    }
  }

  return {
    async put(key, data) {
      const target = pathOf(key);
      await mkdir(path.dirname(target), { recursive: true, mode: 0o750 });
      // The temporary name starts with a dot, so it is never a valid key: list() skips it and
      // a crash leaves only an ignorable leftover, never a half-written file under the real name.
      const temporary = path.join(
        path.dirname(target),
        `.${path.basename(target)}.${randomBytes(6).toString('hex')}${TEMPORARY_SUFFIX}`,
      );
      const handle = await open(temporary, 'wx', 0o640);
      try {
        try {
          await handle.writeFile(data);
          // The mode given to open() is reduced by the umask; the files must stay 0640 regardless.
          await handle.chmod(0o640);
          await handle.sync();
        } finally {
          await handle.close();
        }
        await rename(temporary, target);
      } catch (error) {
        await rm(temporary, { force: true });
        throw error;
      }
    },

    read(key) {
      return readFile(pathOf(key));
    },

    stream(key) {
      return createReadStream(pathOf(key));
    },

    async size(key) {
      try {
        const info = await stat(pathOf(key));
        return info.isFile() ? info.size : undefined;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },

    async delete(key) {
      await rm(pathOf(key), { force: true });
    },

    list() {
      return walk(base, '');
    },
  };
}
