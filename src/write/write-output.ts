/**
 * Puts a generation on disk: first write, or an incremental regeneration that merges the user's edits
 * (issue 5). Knows nothing about OpenAPI; it sees a map of relative paths to file contents.
 *
 * Order of changes, so that an interruption at any point leaves a state the next run handles:
 *   1. the pristine store gains the new generation's contents (keyed by hash, so the old ones stay valid);
 *   2. the journal: the next lock plus the hash of every file about to be written or deleted;
 *   3. the files, each to a temp file beside it and renamed into place;
 *   4. deletions (after every write, so a moved file's old copy goes only once the new one is there);
 *   5. the lock, by temp file and rename: the commit point;
 *   6. the pristine store drops contents no lock refers to, leftover temp files are swept, and the journal is
 *      removed last.
 * A run that finds a journal knows the previous run stopped between 2 and 6. It rebuilds the state from it:
 * a file whose content hash matches what the journal says was written takes the new lock's entry, any other
 * keeps the old lock's, and a moved file's old copy is deleted once its new copy is verified. So the lock never
 * vouches for a file that was not written, and no edit is lost or merged twice. (The steps survive the process
 * being killed; without fsync they do not promise anything across a power cut.)
 * A first generation into a folder that does not exist is simpler: everything goes into a staging folder beside
 * it, renamed into place at the end (see writeStaged).
 */
import { lstat, mkdir, readdir, readFile, realpath, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { StageError, UserError, compareText, type Diagnostic } from '../diagnostics.js';
import { Steps, forEachLimited, isTempName, mapLimited, tempPathFor, type StepHook } from './fs-steps.js';
import {
  JOURNAL_FILE,
  LOCK_FILE,
  META_DIR,
  hashText,
  isErrno,
  parseLock,
  readTextIfExists,
  serializeLock,
  type GenerationMeta,
  type Lock,
} from './lock.js';
import { findConflictMarkers, mayHaveConflictMarkers } from './merge.js';
import { LEGACY_PRISTINE_FILE, PRISTINE_FILE, PristineStore, pristinePieces, storeOrder } from './pristine-store.js';
import { reconcile, type FileReport, type PendingDelete } from './reconcile.js';
import { PathGuard, checkRelativePath } from './safe-path.js';
import type { StagedWriter } from './staged-writer.js';

export interface WriteOptions {
  /** Report what would happen to each file; change nothing on disk. */
  readonly dryRun?: boolean;
  /** Proceed although conflict markers from an earlier run remain in tracked files. */
  readonly force?: boolean;
}

export interface WriteReport {
  /** Every generated, previously generated or moved file, sorted by path. Files only the user made are not listed. */
  readonly files: readonly FileReport[];
  /** Files left with conflict markers (the CLI exits non-zero when there are any). */
  readonly conflicts: readonly string[];
  /** Whether anything on disk changed (always false for a dry run or when nothing changed). */
  readonly wrote: boolean;
}

/** Internal hooks for tests; not part of the stage's API. */
export interface WriteHooks {
  readonly beforeStep?: StepHook;
  /** How many files to read or write at once (1 makes the order of steps deterministic). */
  readonly parallelism?: number;
  /**
   * A first generation's files, already being written into the staging folder (staged-writer.ts). Used when the
   * folder is still missing; otherwise it is aborted and the files are written as without it.
   */
  readonly staged?: StagedWriter;
}

interface Journal {
  readonly journalVersion: 1;
  readonly lock: Lock;
  /** Path → sha256 of the content being written there. */
  readonly writes: Readonly<Record<string, string>>;
  readonly deletes: Readonly<Record<string, PendingDelete>>;
  /** The entries the run started from for every path it writes or deletes: what to fall back to. */
  readonly before: { readonly files: Readonly<Record<string, string>>; readonly deleted: Readonly<Record<string, string>> };
}

// Entries that do not make a folder "someone else's" for a first generation.
const IGNORABLE_ENTRIES = new Set(['.git', '.DS_Store', 'Thumbs.db']);
const DEFAULT_PARALLELISM = 16;

/**
 * Cheap check before running the pipeline: true when the lock records exactly this generation (same generator
 * version, spec path and hash, options hash) and the last run finished without conflicts left to resolve.
 */
export async function isUpToDate(dir: string, meta: GenerationMeta): Promise<boolean> {
  const text = await readTextIfExists(join(dir, LOCK_FILE));
  if (text === undefined) return false;
  const lock = parseLock(text, LOCK_FILE);
  if (
    lock.generatorVersion !== meta.generatorVersion ||
    lock.spec.hash !== meta.spec.hash ||
    lock.spec.path !== meta.spec.path ||
    lock.optionsHash !== meta.optionsHash ||
    lock.conflicts.length > 0
  ) {
    return false;
  }
  // A generated file that was skipped because the user's file was in the way is due once theirs is gone.
  for (const path of lock.skipped ?? []) {
    checkRelativePath(path, 'file recorded in the lock');
    try {
      await lstat(join(dir, path));
    } catch (error) {
      if (isErrno(error, 'ENOENT') || isErrno(error, 'ENOTDIR')) return false;
      throw error;
    }
  }
  // A journal means an interrupted run that the next writeOutput has to finish.
  return (await readTextIfExists(join(dir, JOURNAL_FILE))) === undefined;
}

export function writeOutput(
  dir: string,
  files: ReadonlyMap<string, string>,
  meta: GenerationMeta,
  options: WriteOptions = {},
  renames: ReadonlyMap<string, string> = new Map(),
): Promise<WriteReport> {
  return writeOutputWithHooks(dir, files, meta, options, renames, {});
}

export async function writeOutputWithHooks(
  dir: string,
  files: ReadonlyMap<string, string>,
  meta: GenerationMeta,
  options: WriteOptions,
  renames: ReadonlyMap<string, string>,
  hooks: WriteHooks,
): Promise<WriteReport> {
  try {
    return await write(dir, files, meta, options, renames, hooks);
  } catch (error) {
    if (error instanceof UserError || error instanceof StageError) throw error;
    // The folder cannot be written (permissions, a read-only or full disk, a path the system refuses): the
    // user's to fix, not a bug. What was written before the failure is what an interrupted run leaves.
    if (USER_FILE_SYSTEM_ERRORS.has((error as { code?: string }).code ?? '')) {
      throw new UserError(`Cannot write ${dir}: ${(error as Error).message}. Fix that or choose another output folder, then run again.`);
    }
    throw new StageError('write', dir, error);
  }
}

const USER_FILE_SYSTEM_ERRORS = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EDQUOT', 'ENAMETOOLONG', 'ENOTDIR', 'EISDIR', 'ELOOP', 'ENOENT']);

async function write(
  dir: string,
  files: ReadonlyMap<string, string>,
  meta: GenerationMeta,
  options: WriteOptions,
  renames: ReadonlyMap<string, string>,
  hooks: WriteHooks,
): Promise<WriteReport> {
  const parallelism = hooks.parallelism ?? DEFAULT_PARALLELISM;
  for (const path of files.keys()) checkRelativePath(path);
  for (const [from, to] of renames) {
    checkRelativePath(from, 'renamed file');
    checkRelativePath(to, 'renamed file');
  }

  const state = await folderState(dir);
  const root = state === 'missing' ? resolve(dir) : await realpath(dir);
  const staged = hooks.staged;
  if (staged !== undefined && (state !== 'missing' || staged.root !== root || options.dryRun)) await staged.abort();
  const early = staged !== undefined && staged.root === root && state === 'missing' && !options.dryRun ? staged : undefined;
  const guard = new PathGuard(root);
  let lockText: string | undefined;
  let journal: Journal | undefined;
  if (state === 'generated') {
    for (const own of [LOCK_FILE, JOURNAL_FILE, PRISTINE_FILE, LEGACY_PRISTINE_FILE]) await guard.inspect(own);
    lockText = await readTextIfExists(join(root, LOCK_FILE));
    const journalText = await readTextIfExists(join(root, JOURNAL_FILE));
    if (journalText !== undefined) journal = parseJournal(journalText);
  }
  const previous = lockText === undefined ? undefined : parseLock(lockText, LOCK_FILE);

  // Read every path this run may look at, after checking that none leads outside the folder.
  const paths = new Set<string>([...files.keys(), ...renames.keys(), ...renames.values()]);
  for (const lock of [previous, journal?.lock]) {
    for (const path of Object.keys(lock?.files ?? {})) paths.add(path);
    for (const path of Object.keys(lock?.deleted ?? {})) paths.add(path);
  }
  for (const record of [journal?.writes, journal?.deletes, journal?.before.files, journal?.before.deleted]) {
    for (const path of Object.keys(record ?? {})) paths.add(path);
  }
  for (const path of paths) checkRelativePath(path, 'file recorded in the lock');
  const disk = new Map<string, string | undefined>();
  const sortedPaths = [...paths].sort(compareText);
  const contents = await mapLimited(sortedPaths, parallelism, async (path) => {
    const entry = state === 'missing' ? 'missing' : await guard.inspect(path);
    if (entry === 'file') return readFile(join(root, path), 'utf8');
    if (entry !== 'missing' && files.has(path)) {
      throw new UserError(
        `Cannot write ${path}: ${entry === 'blocked' ? 'a folder on its way is a file' : 'something other than a file is there'}. Nothing was written.`,
      );
    }
    return undefined;
  });
  sortedPaths.forEach((path, i) => disk.set(path, contents[i]));
  const diskHash = (path: string): string | undefined => {
    const content = disk.get(path);
    return content === undefined ? undefined : hashText(content);
  };

  const recovered = journal === undefined ? undefined : recover(journal, diskHash, (path) => files.has(path));
  const tracked = recovered?.files ?? new Map(Object.entries(previous?.files ?? {}));
  const deleted = recovered?.deleted ?? new Map(Object.entries(previous?.deleted ?? {}));
  const pristine = new PristineStore(root);
  const readBlob = (hash: string): Promise<string | undefined> => pristine.get(hash);

  const unresolved = await findUnresolvedConflicts(tracked, disk, readBlob);
  if (!options.force) refuseUnresolvedConflicts(root, unresolved);

  // The files the writer thread has written were hashed there.
  const written = early === undefined ? undefined : await early.hashes();
  const knownHash = (path: string, content: string): string | undefined => (early?.has(path, content) ? written?.get(path) : undefined);
  const plan = await reconcile({ generated: files, tracked, deleted, renames, disk, readBlob, knownHash });
  // Forced past markers that remain: the file is still conflicted, so the lock and the exit code keep saying so
  // (otherwise the next run would call the folder up to date while markers remain).
  for (const { path } of unresolved) {
    const after = plan.writes.get(path) ?? disk.get(path);
    if (plan.files.has(path) && !plan.conflicts.includes(path) && after !== undefined && findConflictMarkers(after).length > 0) {
      plan.conflicts.push(path);
    }
  }
  plan.conflicts.sort(compareText);
  for (const [path, pending] of recovered?.finishDeletes ?? []) {
    plan.deletes.set(path, pending);
    plan.reports.push({ path, outcome: 'deleted', detail: `moved to ${pending.movedTo} by an interrupted run` });
  }
  plan.reports.sort((a, b) => compareText(a.path, b.path));

  const nextLock: Lock = {
    lockVersion: 1,
    generatorVersion: meta.generatorVersion,
    spec: { path: meta.spec.path, hash: meta.spec.hash },
    optionsHash: meta.optionsHash,
    options: meta.options,
    files: Object.fromEntries(plan.files),
    deleted: Object.fromEntries(plan.deleted),
    conflicts: plan.conflicts,
    skipped: plan.reports.filter((r) => r.outcome === 'skipped').map((r) => r.path),
  };
  const nextLockText = serializeLock(nextLock);
  const report = (wrote: boolean): WriteReport => ({ files: plan.reports, conflicts: plan.conflicts, wrote });

  const nothingToDo = plan.writes.size === 0 && plan.deletes.size === 0 && journal === undefined && nextLockText === lockText;
  if (options.dryRun || nothingToDo) return report(false);

  const steps = new Steps(hooks.beforeStep);
  const referenced = new Set([...plan.files.values(), ...plan.deleted.values()]);
  const stored = state === 'generated' ? await pristine.entries() : new Map<string, string>();
  const missing = [...referenced].filter((hash) => !stored.has(hash));
  for (const hash of missing) stored.set(hash, plan.blobs.get(hash)!);

  // The store's entries: this generation's contents in its order, then older ones kept, by hash.
  const inOrder = (entries: ReadonlyMap<string, string>): [string, string][] => storeOrder(files.keys(), (path) => plan.hashes.get(path), entries);
  if (early !== undefined && (await finishStaged(early, files, plan.writes, nextLockText, inOrder(stored).map(([hash]) => hash), steps))) return report(true);
  if (state === 'missing' && (await writeStaged(root, plan.writes, nextLockText, pristinePieces(inOrder(stored)), steps))) return report(true);

  await steps.makeFolder(join(root, META_DIR));
  // 1. pristine contents: old ∪ new until the commit
  if (missing.length > 0) await steps.writeAtomic(join(root, PRISTINE_FILE), pristinePieces(inOrder(stored)));

  // 2. journal (also when only the lock changes: then the sweep in 6 is finished by the next run if interrupted)
  {
    const touched = [...plan.writes.keys(), ...plan.deletes.keys()];
    const record: Journal = {
      journalVersion: 1,
      lock: nextLock,
      // The generated text's hash is known already; only merged contents are hashed again.
      writes: Object.fromEntries(
        [...plan.writes].map(([path, content]) => [path, content === files.get(path) ? plan.files.get(path)! : hashText(content)]),
      ),
      deletes: Object.fromEntries(plan.deletes),
      before: {
        files: Object.fromEntries(touched.filter((p) => tracked.has(p)).map((p) => [p, tracked.get(p)!])),
        deleted: Object.fromEntries(touched.filter((p) => deleted.has(p)).map((p) => [p, deleted.get(p)!])),
      },
    };
    await steps.writeAtomic(join(root, JOURNAL_FILE), JSON.stringify(record) + '\n');
  }

  // 3. files
  const writes = [...plan.writes.keys()].sort(compareText);
  const folders = new Set(writes.map((path) => dirname(join(root, path))));
  for (const folder of [...folders].sort(compareText)) await steps.makeFolder(folder);
  await forEachLimited(writes, parallelism, (path) => steps.writeAtomic(join(root, path), plan.writes.get(path)!));
  for (const path of Object.keys(journal?.writes ?? {})) {
    if (!plan.writes.has(path)) await steps.remove(tempPathFor(join(root, path)));
  }

  // 4. deletions
  for (const path of [...plan.deletes.keys()].sort(compareText)) {
    await steps.remove(join(root, path));
    await steps.removeEmptyFolders(root, dirname(join(root, path)));
  }

  // 5. the lock (commit), 6. clean-up, the journal last
  if (nextLockText !== lockText) await steps.writeAtomic(join(root, LOCK_FILE), nextLockText);
  // (A store in the earlier JSON format is replaced by one in the current format, then removed.)
  const legacy = state === 'generated' && (await guard.inspect(LEGACY_PRISTINE_FILE)) === 'file';
  if (legacy || [...stored.keys()].some((hash) => !referenced.has(hash))) {
    const kept = new Map([...stored].filter(([hash]) => referenced.has(hash)));
    await steps.writeAtomic(join(root, PRISTINE_FILE), pristinePieces(inOrder(kept)));
  }
  if (legacy) await steps.remove(join(root, LEGACY_PRISTINE_FILE));
  for (const name of (await readdir(join(root, META_DIR))).sort(compareText)) {
    if (isTempName(name)) await steps.remove(join(root, META_DIR, name));
  }
  await steps.remove(join(root, JOURNAL_FILE));
  return report(true);
}

/**
 * A first generation into a folder that does not exist yet: every file is written into a staging folder
 * beside it, which is then renamed into place in one step. Nothing is visible before the rename, so there is no
 * journal and no temp file per file (GitHub's 1,318 files: half the folder entries to create). A staging
 * folder left by an interrupted run is removed first, if it is one: empty or holding our metadata folder.
 * Returns false, having changed nothing, when something else is in the staging folder's place.
 */
async function writeStaged(root: string, writes: ReadonlyMap<string, string>, lockText: string, pristine: Iterable<string>, steps: Steps): Promise<boolean> {
  const staging = tempPathFor(root);
  let leftover;
  try {
    leftover = await lstat(staging);
  } catch (error) {
    if (!isErrno(error, 'ENOENT')) throw error;
  }
  if (leftover !== undefined) {
    if (!leftover.isDirectory()) return false;
    const entries = await readdir(staging);
    if (entries.length > 0 && !entries.includes(META_DIR)) return false;
    await steps.removeTree(staging);
  }
  await steps.makeFolder(dirname(root));
  // Not recursive: the staging folder must be one this run made (a symlink planted there makes it fail).
  await mkdir(staging);
  await steps.makeFolder(join(staging, META_DIR));
  steps.writeNew(join(staging, PRISTINE_FILE), pristine);
  steps.writeNew(join(staging, LOCK_FILE), lockText);
  const paths = [...writes.keys()].sort(compareText);
  for (const folder of new Set(paths.map((path) => dirname(join(staging, path))))) await steps.makeFolder(folder);
  for (const path of paths) steps.writeNew(join(staging, path), writes.get(path)!);
  await steps.moveInto(staging, root);
  return true;
}

/**
 * writeStaged's end for files a StagedWriter has been writing since they were generated. Returns false, having
 * removed its staging folder, if it holds a file this generation does not write (then writeStaged starts over).
 */
async function finishStaged(
  staged: StagedWriter,
  files: ReadonlyMap<string, string>,
  writes: ReadonlyMap<string, string>,
  lockText: string,
  storeOrder: readonly string[],
  steps: Steps,
): Promise<boolean> {
  if (staged.paths().some((path) => !writes.has(path))) {
    await staged.abort();
    return false;
  }
  try {
    // Files not sent while they were generated go now, in the generation's order (the store's order).
    for (const path of files.keys()) {
      const content = writes.get(path);
      if (content !== undefined && !staged.has(path, content)) staged.add(path, content);
    }
    await staged.finish(storeOrder, new Map([[LOCK_FILE, lockText]]));
  } catch (error) {
    await staged.abort();
    throw error;
  }
  await steps.moveInto(staged.staging, staged.root);
  return true;
}

type FolderState = 'missing' | 'empty' | 'generated';

async function folderState(dir: string): Promise<FolderState> {
  let info;
  try {
    info = await stat(dir);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return 'missing';
    throw error;
  }
  if (!info.isDirectory()) throw new UserError(`${dir} is not a folder. Nothing was written.`);
  const entries = (await readdir(dir)).filter((name) => !IGNORABLE_ENTRIES.has(name));
  if (entries.length === 0) return 'empty';
  // Ours even without a lock (a first generation interrupted early): without a lock nothing is tracked, and an
  // untracked file is never overwritten, so this cannot clobber anything.
  if (entries.includes(META_DIR)) return 'generated';
  throw new UserError(
    `${dir} is not empty and is not a connector-gen output (it has no ${LOCK_FILE}). Nothing was written. ` +
      'Choose an empty or new folder, or the folder of an earlier generation.',
  );
}

/**
 * Rebuilds the lock that describes the disk after an interrupted run (see the order at the top of this file):
 * the journal's next lock, except for files whose write or delete did not happen, which keep the entry the
 * interrupted run started from.
 */
function recover(
  journal: Journal,
  diskHash: (path: string) => string | undefined,
  generatedNow: (path: string) => boolean,
): { files: Map<string, string>; deleted: Map<string, string>; finishDeletes: Map<string, PendingDelete> } {
  const files = new Map(Object.entries(journal.lock.files));
  const deleted = new Map(Object.entries(journal.lock.deleted));
  const restore = (path: string): void => {
    files.delete(path);
    deleted.delete(path);
    if (Object.hasOwn(journal.before.files, path)) files.set(path, journal.before.files[path]);
    else if (Object.hasOwn(journal.before.deleted, path)) deleted.set(path, journal.before.deleted[path]);
  };
  const written = new Set<string>();
  for (const [path, hash] of Object.entries(journal.writes)) {
    if (diskHash(path) === hash) written.add(path);
    else restore(path);
  }
  const finishDeletes = new Map<string, PendingDelete>();
  for (const [path, pending] of Object.entries(journal.deletes)) {
    const hash = diskHash(path);
    if (hash === undefined) continue; // it was deleted
    const moved = pending.movedTo;
    if (moved !== undefined && (written.has(moved) || !Object.hasOwn(journal.writes, moved))) {
      // The edits live on under the new name (written by this run or an earlier one); the old copy goes unless
      // it changed since, or this generation wants the old name back (then it merges as before the move).
      if (generatedNow(path)) restore(path);
      else if (hash === pending.hash) finishDeletes.set(path, pending);
      continue;
    }
    restore(path);
  }
  return { files, deleted, finishDeletes };
}

function parseJournal(text: string): Journal {
  try {
    const raw = JSON.parse(text) as Journal;
    if (
      raw.journalVersion === 1 &&
      typeof raw.writes === 'object' &&
      typeof raw.deletes === 'object' &&
      typeof raw.before?.files === 'object' &&
      typeof raw.before?.deleted === 'object'
    ) {
      return { ...raw, lock: parseLock(JSON.stringify(raw.lock), JOURNAL_FILE) };
    }
  } catch (error) {
    if (error instanceof UserError) throw error;
  }
  throw new UserError(`${JOURNAL_FILE} is damaged. Restore the folder (e.g. from version control) and run again.`);
}

interface Unresolved {
  readonly path: string;
  readonly lines: readonly number[];
}

/** Tracked files with conflict markers on disk that the generator did not put there itself. */
async function findUnresolvedConflicts(
  tracked: ReadonlyMap<string, string>,
  disk: ReadonlyMap<string, string | undefined>,
  readBlob: (hash: string) => Promise<string | undefined>,
): Promise<Unresolved[]> {
  const found: Unresolved[] = [];
  for (const [path, hash] of [...tracked].sort((a, b) => compareText(a[0], b[0]))) {
    const content = disk.get(path);
    if (content === undefined || !mayHaveConflictMarkers(content)) continue;
    const lines = findConflictMarkers(content);
    if (lines.length === 0) continue;
    // Markers that the generator itself produced (say, documentation about merges) are not the user's to resolve.
    const pristine = await readBlob(hash);
    if (pristine !== undefined && findConflictMarkers(pristine).length > 0) continue;
    found.push({ path, lines });
  }
  return found;
}

function refuseUnresolvedConflicts(root: string, found: readonly Unresolved[]): void {
  if (found.length === 0) return;
  const diagnostics: Diagnostic[] = found.flatMap(({ path, lines }) =>
    lines.map((line) => ({
      code: 'unresolved-conflict',
      severity: 'error' as const,
      message: `${path}:${line}: conflict markers from an earlier regeneration`,
      pointer: '',
      file: join(root, path),
      line,
    })),
  );
  const list = found.map(({ path, lines }) => `  ${path}: line${lines.length > 1 ? 's' : ''} ${lines.join(', ')}`).join('\n');
  throw new UserError(
    `Conflict markers from an earlier regeneration remain in ${found.length} file${found.length > 1 ? 's' : ''}:\n${list}\n` +
      'Resolve them (keep what you want between <<<<<<< and >>>>>>>, then remove the marker lines) and run again, ' +
      'or pass --force to regenerate anyway. Nothing was written.',
    diagnostics,
  );
}
