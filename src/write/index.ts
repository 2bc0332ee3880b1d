/**
 * The write stage: puts a generation (a map of relative paths to contents) on disk, merging the user's edits
 * into a folder generated before. See write-output.ts for the order of changes that makes it crash-safe.
 */
export { isUpToDate, writeOutput, type WriteOptions, type WriteReport } from './write-output.js';
export type { FileOutcome, FileReport } from './reconcile.js';
export { hashOptions, hashText, readLock, type GenerationMeta, type Lock } from './lock.js';
export { specPathForLock } from './spec-path.js';
