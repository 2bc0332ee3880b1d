/**
 * The lock file `.connector-gen/lock.json`: what the last generation was made from and what it produced.
 *
 * Each generated file is recorded by the sha256 of its pristine content; the content itself is kept, byte for
 * byte, in `.connector-gen/pristine` (see pristine-store.ts), so it is the exact base of the next merge.
 * The lock stays small, so `isUpToDate` only has to read it.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError, compareText } from '../diagnostics.js';

export const META_DIR = '.connector-gen';
export const LOCK_FILE = `${META_DIR}/lock.json`;
export const JOURNAL_FILE = `${META_DIR}/journal.json`;

/** What a generation was made from; the CLI builds it, the lock records it. */
export interface GenerationMeta {
  readonly generatorVersion: string;
  /** The spec as the user gave it (relative to the output folder when it is a local file), and its content hash. */
  readonly spec: { readonly path: string; readonly hash: string };
  readonly optionsHash: string;
  /** Recorded so that `connector-gen update <dir>` can run the same generation again. */
  readonly options: Readonly<Record<string, unknown>>;
}

export interface Lock extends GenerationMeta {
  readonly lockVersion: 1;
  /** Tracked generated files: path (relative, `/`-separated) → sha256 of the pristine content. */
  readonly files: Readonly<Record<string, string>>;
  /** Generated files the user deleted: path → sha256 of the latest pristine content. They stay deleted. */
  readonly deleted: Readonly<Record<string, string>>;
  /** Files the run that wrote this lock left with conflict markers. */
  readonly conflicts: readonly string[];
  /**
   * Generated files not written because a file the user created was in the way. While one is there nothing is
   * due; once the user removes theirs, the folder is no longer up to date, so the next run writes it.
   */
  readonly skipped?: readonly string[];
}

export function hashText(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex');
}

/** JSON with object keys sorted by `compareText` at every depth: the same value always gives the same text. */
export function stableStringify(value: unknown, indent?: number): string {
  return JSON.stringify(sortKeys(value), null, indent);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort(compareText)) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = sortKeys(v);
  }
  return out;
}

/** The options hash the CLI should put in `GenerationMeta.optionsHash` (independent of key order). */
export function hashOptions(options: Readonly<Record<string, unknown>>): string {
  return hashText(stableStringify(options));
}

/** Serializes a lock deterministically: fixed top-level order, sorted paths, no timestamps. */
export function serializeLock(lock: Lock): string {
  const ordered = {
    lockVersion: lock.lockVersion,
    generatorVersion: lock.generatorVersion,
    spec: { path: lock.spec.path, hash: lock.spec.hash },
    optionsHash: lock.optionsHash,
    options: sortKeys(lock.options),
    conflicts: [...lock.conflicts].sort(compareText),
    deleted: sortedRecord(lock.deleted),
    files: sortedRecord(lock.files),
    // Only when there are some, so that locks without any read as before.
    skipped: lock.skipped?.length ? [...lock.skipped].sort(compareText) : undefined,
  };
  return JSON.stringify(ordered, null, 2) + '\n';
}

function sortedRecord(record: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(record).sort(compareText)) out[key] = record[key];
  return out;
}

export function parseLock(text: string, where: string): Lock {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw damaged(where, error instanceof Error ? error.message : String(error));
  }
  if (!isRecord(raw)) throw damaged(where, 'not a JSON object');
  if (typeof raw.lockVersion === 'number' && raw.lockVersion > 1) {
    throw new UserError(`${where} was written by a newer connector-gen (lock version ${raw.lockVersion}); update connector-gen.`);
  }
  const spec = raw.spec;
  if (
    raw.lockVersion !== 1 ||
    typeof raw.generatorVersion !== 'string' ||
    !isRecord(spec) ||
    typeof spec.path !== 'string' ||
    typeof spec.hash !== 'string' ||
    typeof raw.optionsHash !== 'string' ||
    !isRecord(raw.options) ||
    !isStringRecord(raw.files) ||
    !isStringRecord(raw.deleted) ||
    !isStringArray(raw.conflicts) ||
    (raw.skipped !== undefined && !isStringArray(raw.skipped))
  ) {
    throw damaged(where, 'a field is missing or has the wrong type');
  }
  return {
    lockVersion: 1,
    generatorVersion: raw.generatorVersion,
    spec: { path: spec.path, hash: spec.hash },
    optionsHash: raw.optionsHash,
    options: raw.options,
    files: raw.files,
    deleted: raw.deleted,
    conflicts: raw.conflicts,
    ...(raw.skipped === undefined || raw.skipped.length === 0 ? {} : { skipped: raw.skipped }),
  };
}

function damaged(where: string, why: string): UserError {
  return new UserError(
    `${where} is damaged (${why}). Restore it (e.g. from version control), or generate into a new folder and copy your edits over.`,
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return isRecord(value) && Object.values(value).every((v) => typeof v === 'string');
}

/** Reads `<dir>/.connector-gen/lock.json`; `undefined` when there is none. A damaged lock is a UserError. */
export async function readLock(dir: string): Promise<Lock | undefined> {
  const text = await readTextIfExists(join(dir, LOCK_FILE));
  return text === undefined ? undefined : parseLock(text, LOCK_FILE);
}

export async function readTextIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if (isErrno(error, 'ENOENT') || isErrno(error, 'ENOTDIR')) return undefined;
    throw error;
  }
}

export function isErrno(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}
