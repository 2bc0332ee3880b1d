/**
 * The only file-system changes the write stage makes, each one counted so that tests can interrupt a run after
 * any number of them and check that the next run converges.
 */
import { closeSync, openSync, renameSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { mkdir, rename, rm, rmdir, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { isErrno } from './lock.js';

/** Internal test hook: called before every file-system change; throwing simulates an interruption there. */
export type StepHook = (step: number, action: string, file: string) => void;

export class Steps {
  private count = 0;
  constructor(private readonly hook?: StepHook) {}

  private before(action: string, file: string): void {
    this.count++;
    this.hook?.(this.count, action, file);
  }

  /**
   * Writes `content` to a temp file beside `file`, then renames it into place (atomic on one file system).
   * Synchronous calls: a first write of 1,300 files took about three times as long through the thread pool
   * and file handles, which contend for the one folder most of the files go to.
   */
  async writeAtomic(file: string, content: string | Iterable<string>): Promise<void> {
    const temp = tempPathFor(file);
    this.before('write-temp', temp);
    let fd: number;
    try {
      // `wx` never follows a symlink planted at the temp path; a leftover temp file from an interrupted run is
      // removed and the write retried.
      fd = openSync(temp, 'wx');
    } catch (error) {
      if (!isErrno(error, 'EEXIST')) throw error;
      unlinkSync(temp);
      fd = openSync(temp, 'wx');
    }
    try {
      if (typeof content === 'string') writeFileSync(fd, content, 'utf8');
      else writePieces(fd, content);
    } finally {
      closeSync(fd);
    }
    this.before('rename', file);
    renameSync(temp, file);
  }

  /** Creates a new file (never through a symlink, never over a file); for folders no one else sees yet. */
  writeNew(file: string, content: string | Iterable<string>): void {
    this.before('write-new', file);
    if (typeof content === 'string') {
      writeFileSync(file, content, { encoding: 'utf8', flag: 'wx' });
      return;
    }
    const fd = openSync(file, 'wx');
    try {
      writePieces(fd, content);
    } finally {
      closeSync(fd);
    }
  }

  /** Moves a file or folder into place: one step, atomic on one file system. */
  async moveInto(from: string, to: string): Promise<void> {
    this.before('rename', to);
    await rename(from, to);
  }

  /** Removes a whole folder tree (the leftover staging folder of an interrupted first generation). */
  async removeTree(folder: string): Promise<void> {
    this.before('remove-tree', folder);
    await rm(folder, { recursive: true, force: true });
  }

  async remove(file: string): Promise<boolean> {
    this.before('unlink', file);
    try {
      await unlink(file);
      return true;
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return false;
      throw error;
    }
  }

  /** Removes `folder` and then its parents up to (not including) `root`, as long as they are empty. */
  async removeEmptyFolders(root: string, folder: string): Promise<void> {
    for (let current = folder; current !== root && current.startsWith(root); current = dirname(current)) {
      this.before('rmdir', current);
      try {
        await rmdir(current);
      } catch (error) {
        if (isErrno(error, 'ENOTEMPTY') || isErrno(error, 'EEXIST') || isErrno(error, 'ENOENT')) return;
        throw error;
      }
    }
  }

  async makeFolder(folder: string): Promise<void> {
    // Creating folders is idempotent and leaves nothing half-done, so it is not a counted step.
    await makeFolders(folder);
  }
}

/**
 * `mkdir -p`, one level at a time from the deepest folder that exists. Node's own recursive mkdir never returns
 * under a file system that refuses every new entry with ENOENT (`-o /proc/x/out` spun forever); here the
 * first refusal is thrown.
 */
export async function makeFolders(folder: string): Promise<void> {
  const missing: string[] = [];
  for (let current = folder; ; ) {
    try {
      await stat(current);
      break;
    } catch (error) {
      if (!isErrno(error, 'ENOENT')) throw error;
    }
    missing.push(current);
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const path of missing.reverse()) {
    try {
      await mkdir(path);
    } catch (error) {
      // Made meanwhile by someone else: fine, as with `mkdir -p`.
      if (!isErrno(error, 'EEXIST')) throw error;
    }
  }
}

/**
 * Writes a text given in pieces, a megabyte at a time, so that it is never held whole (the pristine store is
 * 25 MB for GitHub, and a whole string would also be copied into a buffer to be written).
 */
function writePieces(fd: number, pieces: Iterable<string>): void {
  for (const batch of batches(pieces)) {
    const bytes = Buffer.from(batch, 'utf8');
    for (let written = 0; written < bytes.length; ) written += writeSync(fd, bytes, written, bytes.length - written);
  }
}

/** Pieces of text joined into batches of about `size` characters (the last may be shorter; at least one). */
export function* batches(pieces: Iterable<string>, size = 1 << 20): Generator<string> {
  let batch: string[] = [];
  let length = 0;
  let any = false;
  for (const piece of pieces) {
    batch.push(piece);
    length += piece.length;
    if (length >= size) {
      yield batch.join('');
      any = true;
      batch = [];
      length = 0;
    }
  }
  if (batch.length > 0 || !any) yield batch.join('');
}

/** A fixed name (not random) so that a later run can find and remove what an interrupted one left behind. */
export function tempPathFor(file: string): string {
  return join(dirname(file), `.${basename(file)}.connector-gen-tmp`);
}

export const isTempName = (name: string): boolean => name.endsWith('.connector-gen-tmp');

/**
 * Runs `task` over `items` with at most `limit` at a time. After the first failure no new task starts; the ones
 * already running finish, then the first error is thrown.
 */
export async function forEachLimited<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < items.length) {
      const item = items[next++];
      try {
        await task(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure !== undefined) throw failure.error;
}

export async function mapLimited<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  const indexed = items.map((item, index) => ({ item, index }));
  await forEachLimited(indexed, limit, async ({ item, index }) => {
    out[index] = await task(item);
  });
  return out;
}
