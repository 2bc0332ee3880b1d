/**
 * Decides, file by file, what a regeneration does: the new generation against the lock's record of the previous
 * one and the files on disk. Reads nothing itself and writes nothing, so a dry run is the same computation.
 */
import { compareText } from '../diagnostics.js';
import { hashText } from './lock.js';
import { mergeText, sameContent, withLineEndingsOf } from './merge.js';

/**
 * What happened (or, in a dry run, would happen) to one file:
 * - `added`: newly generated, written.
 * - `updated`: you had not edited it; replaced by the new generation.
 * - `merged`: you had edited it; the generator's changes were merged in without conflict.
 * - `conflicted`: you and the generator changed the same lines; written with conflict markers.
 * - `moved`: generated under a new name (e.g. operationId renamed); your edits moved with it (`from`).
 * - `unchanged`: nothing to write.
 * - `deleted`: no longer generated and not edited by you; removed.
 * - `kept`: no longer generated, but you had edited it; left in place and no longer tracked (it is yours now).
 * - `kept-deleted`: you deleted it; it stays deleted and the generator will not bring it back.
 * - `skipped`: a file you created is where the generator now wants to write; left alone, not tracked.
 */
export type FileOutcome =
  | 'added'
  | 'updated'
  | 'merged'
  | 'conflicted'
  | 'moved'
  | 'unchanged'
  | 'deleted'
  | 'kept'
  | 'kept-deleted'
  | 'skipped';

export interface FileReport {
  readonly path: string;
  readonly outcome: FileOutcome;
  readonly detail?: string;
  /** For a file generated under a new name: its previous path. */
  readonly from?: string;
  /** For `conflicted`: 1-based lines of the `<<<<<<<` markers. */
  readonly conflictLines?: readonly number[];
}

export interface PendingDelete {
  /** sha256 of the content on disk when the decision was taken. */
  readonly hash: string;
  /** Set when the file's content moved to this path (a rename); the delete depends on that write. */
  readonly movedTo?: string;
}

export interface ReconcileInput {
  readonly generated: ReadonlyMap<string, string>;
  /** The previous generation: tracked path → pristine hash, and paths the user deleted. */
  readonly tracked: ReadonlyMap<string, string>;
  readonly deleted: ReadonlyMap<string, string>;
  readonly renames: ReadonlyMap<string, string>;
  /** Content on disk of every path named above (`undefined` = absent). */
  readonly disk: ReadonlyMap<string, string | undefined>;
  readonly readBlob: (hash: string) => Promise<string | undefined>;
  /** A generated file's hash when it is known already (the writer thread computed it); else it is computed. */
  readonly knownHash?: (path: string, content: string) => string | undefined;
}

export interface Reconciled {
  readonly reports: FileReport[];
  /** Path → exact content to write. */
  readonly writes: Map<string, string>;
  readonly deletes: Map<string, PendingDelete>;
  /** The next lock's `files`, `deleted` and `conflicts`. */
  readonly files: Map<string, string>;
  readonly deleted: Map<string, string>;
  readonly conflicts: string[];
  /** Pristine contents by hash, for the pristine store. */
  readonly blobs: Map<string, string>;
  /** Generated path → hash of its content. */
  readonly hashes: Map<string, string>;
}

export async function reconcile(input: ReconcileInput): Promise<Reconciled> {
  const { generated, tracked, deleted, disk } = input;
  const out: Reconciled = {
    reports: [],
    writes: new Map(),
    deletes: new Map(),
    files: new Map(),
    deleted: new Map(),
    conflicts: [],
    blobs: new Map(),
    hashes: new Map(),
  };
  const moves = applicableRenames(input);
  const movedAway = new Set(moves.values());

  for (const path of [...generated.keys()].sort(compareText)) {
    const next = generated.get(path)!;
    const nextHash = input.knownHash?.(path, next) ?? hashText(next);
    out.blobs.set(nextHash, next);
    out.hashes.set(path, nextHash);
    const from = moves.get(path);
    const previous = from ?? path;
    const baseHash = tracked.get(previous) ?? deleted.get(previous);
    const yours = disk.get(previous);

    if (baseHash === undefined) {
      if (yours === undefined) {
        out.writes.set(path, next);
        out.files.set(path, nextHash);
        out.reports.push({ path, outcome: 'added' });
      } else if (sameContent(yours, next)) {
        out.files.set(path, nextHash);
        out.reports.push({ path, outcome: 'unchanged', detail: 'already on disk as generated; now tracked' });
      } else {
        out.reports.push({
          path,
          outcome: 'skipped',
          detail: 'a file you created is in the way; the generated version was not written (remove yours to get it)',
        });
      }
      continue;
    }

    if (yours === undefined) {
      out.deleted.set(path, nextHash);
      out.reports.push({
        path,
        outcome: 'kept-deleted',
        detail: from === undefined ? 'you deleted it; not written again' : `you deleted ${from}; not written under its new name either`,
        ...(from === undefined ? {} : { from }),
      });
      continue;
    }

    out.files.set(path, nextHash);
    // Fast path: the generator produced what it produced last time, so whatever is on disk stays.
    if (from === undefined && nextHash === baseHash) {
      out.reports.push({ path, outcome: 'unchanged' });
      continue;
    }

    let base: string | undefined;
    let edited = hashText(yours) !== baseHash;
    if (edited) {
      base = await input.readBlob(baseHash);
      edited = base === undefined || !sameContent(yours, base);
    }
    let content: string;
    let conflictLines: readonly number[] = [];
    let detail: string | undefined;
    if (!edited) content = withLineEndingsOf(yours, next);
    else if (nextHash === baseHash) content = yours;
    else {
      const merged = mergeText(base ?? '', yours, next);
      content = merged.text;
      conflictLines = merged.conflictLines;
      if (base === undefined) detail = 'the pristine copy of the previous generation is missing; merged against nothing';
    }

    if (from === undefined) {
      if (content === yours) {
        out.reports.push({ path, outcome: 'unchanged', detail: 'your edits kept; the generator changes were already in' });
        continue;
      }
      out.writes.set(path, content);
    } else {
      out.writes.set(path, content);
      out.deletes.set(from, { hash: hashText(yours), movedTo: path });
      detail ??= edited ? `moved from ${from} with your edits` : `moved from ${from}`;
    }
    const outcome: FileOutcome =
      conflictLines.length > 0 ? 'conflicted' : from !== undefined ? 'moved' : edited ? 'merged' : 'updated';
    if (outcome === 'conflicted') out.conflicts.push(path);
    out.reports.push({
      path,
      outcome,
      ...(detail === undefined ? {} : { detail }),
      ...(from === undefined ? {} : { from }),
      ...(conflictLines.length === 0 ? {} : { conflictLines }),
    });
  }

  const gone = new Set([...tracked.keys(), ...deleted.keys()]);
  for (const path of [...gone].sort(compareText)) {
    if (generated.has(path) || movedAway.has(path)) continue;
    const yours = disk.get(path);
    if (yours === undefined) continue; // no longer generated and already gone: nothing to do or say
    const baseHash = (tracked.get(path) ?? deleted.get(path))!;
    let edited = hashText(yours) !== baseHash;
    if (edited) {
      const base = await input.readBlob(baseHash);
      edited = base === undefined || !sameContent(yours, base);
    }
    if (edited) {
      out.reports.push({ path, outcome: 'kept', detail: 'no longer generated; kept because you edited it, and no longer tracked' });
    } else {
      out.deletes.set(path, { hash: hashText(yours) });
      out.reports.push({ path, outcome: 'deleted', detail: 'no longer generated' });
    }
  }

  out.reports.sort((a, b) => compareText(a.path, b.path));
  return out;
}

/** new path → old path, for the renames that can apply: old was generated before, new is new and free. */
function applicableRenames(input: ReconcileInput): Map<string, string> {
  const { generated, tracked, deleted, disk } = input;
  const moves = new Map<string, string>();
  const sources = new Set<string>();
  for (const [from, to] of [...input.renames].sort((a, b) => compareText(a[0], b[0]))) {
    if (from === to || sources.has(from) || moves.has(to)) continue;
    if (!tracked.has(from) && !deleted.has(from)) continue;
    if (generated.has(from) || !generated.has(to)) continue;
    if (tracked.has(to) || deleted.has(to) || disk.get(to) !== undefined) continue;
    moves.set(to, from);
    sources.add(from);
  }
  return moves;
}
