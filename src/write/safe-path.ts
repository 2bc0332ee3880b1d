/**
 * Keeps every write inside the output folder: relative paths only, no `..`, and no symbolic link on the way
 * (a folder or the file itself) that leads outside it.
 */
import { lstat, readlink, realpath } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { UserError } from '../diagnostics.js';
import { META_DIR, isErrno } from './lock.js';

/** Throws a UserError unless `path` is a plain relative path (`/`-separated) inside the output folder. */
export function checkRelativePath(path: string, what = 'generated file'): void {
  const problem = pathProblem(path);
  if (problem !== undefined) throw new UserError(`Refusing to write ${what} ${JSON.stringify(path)}: ${problem}.`);
}

function pathProblem(path: string): string | undefined {
  if (path === '') return 'the path is empty';
  if (path.includes('\0')) return 'the path contains a NUL character';
  if (path.includes('\\')) return 'use "/" as the separator';
  if (path.startsWith('/') || isAbsolute(path) || /^[A-Za-z]:/.test(path)) return 'the path is absolute';
  const segments = path.split('/');
  if (segments.some((s) => s === '..')) return 'the path leaves the output folder ("..")';
  if (segments.some((s) => s === '' || s === '.')) return 'the path has an empty or "." segment';
  if (segments[0] === META_DIR) return `${META_DIR}/ is reserved for connector-gen's own records`;
  return undefined;
}

/** What is at a path now; `blocked` when a folder on the way is a file. */
export type Entry = 'missing' | 'file' | 'directory' | 'other' | 'blocked';

/** Checks paths under one root, remembering folders already checked (one guard per run, no shared state). */
export class PathGuard {
  private readonly folders = new Map<string, Promise<Entry>>();

  constructor(private readonly root: string) {}

  /** Refuses (UserError) a symlink outside the root on the way to `path`, and says what is there now. */
  async inspect(path: string): Promise<Entry> {
    const slash = path.lastIndexOf('/');
    if (slash !== -1) {
      const parent = await this.folder(path.slice(0, slash));
      if (parent === 'missing') return 'missing';
      if (parent !== 'directory') return 'blocked';
    }
    return this.entry(path);
  }

  private folder(path: string): Promise<Entry> {
    let pending = this.folders.get(path);
    if (pending === undefined) {
      pending = this.inspect(path);
      this.folders.set(path, pending);
    }
    return pending;
  }

  private async entry(path: string): Promise<Entry> {
    const absolute = join(this.root, path);
    let stat;
    try {
      stat = await lstat(absolute);
    } catch (error) {
      if (isErrno(error, 'ENOENT') || isErrno(error, 'ENOTDIR')) return 'missing';
      throw error;
    }
    if (stat.isSymbolicLink()) {
      let target: string;
      try {
        target = await realpath(absolute);
      } catch (error) {
        // A dangling link: judge it by what it names.
        if (!isErrno(error, 'ENOENT')) throw error;
        target = resolve(dirname(absolute), await readlink(absolute));
      }
      if (!isInside(this.root, target)) {
        throw new UserError(
          `Refusing to write through ${path}: it is a symbolic link to ${target}, outside the output folder. Nothing was written.`,
        );
      }
      try {
        stat = await lstat(target);
      } catch {
        return 'missing';
      }
    }
    return stat.isDirectory() ? 'directory' : stat.isFile() ? 'file' : 'other';
  }
}

export function isInside(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel === '' || (!rel.startsWith('..' + sep) && rel !== '..' && !isAbsolute(rel));
}
