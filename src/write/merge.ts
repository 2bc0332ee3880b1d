/**
 * Line-based three-way merge of one file: base = the pristine previous generation, yours = the file on disk,
 * generated = the new generation. Conflicts get git's diff3-style markers, base included, so the reader sees
 * what each side changed rather than only the two results.
 */
import { diff3Merge, diffIndices } from 'node-diff3';

export const MARKER_YOURS = '<<<<<<< yours';
export const MARKER_BASE = '||||||| base';
export const MARKER_SEPARATOR = '=======';
export const MARKER_GENERATED = '>>>>>>> generated';

export interface MergeResult {
  readonly text: string;
  /** 1-based lines of the `<<<<<<<` markers in `text`; empty when the merge was clean. */
  readonly conflictLines: readonly number[];
}

/** True when the file mostly ends its lines with CRLF (the user's editor or git setting); merged text keeps it. */
export function usesCrlf(text: string): boolean {
  let crlf = 0;
  let lf = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    if (i > 0 && text.charCodeAt(i - 1) === 13) crlf++;
    else lf++;
  }
  return crlf > lf;
}

export const toLf = (text: string): string => text.replace(/\r\n/g, '\n');
export const toCrlf = (text: string): string => text.replace(/\r?\n/g, '\r\n');

/** `text` with the line endings of `like` (the file on disk). */
export function withLineEndingsOf(like: string, text: string): string {
  return usesCrlf(like) ? toCrlf(text) : text;
}

/** Whether the disk content is the pristine content, ignoring a CRLF conversion of the whole file. */
export function sameContent(disk: string, pristine: string): boolean {
  return disk === pristine || (usesCrlf(disk) && toLf(disk) === toLf(pristine));
}

interface Lines {
  readonly lines: string[];
  readonly finalNewline: boolean;
}

// The final newline is merged as a flag of its own, so that adding or removing it at the end of the file never
// collides with a change to the last line.
function splitLines(text: string): Lines {
  if (text === '') return { lines: [], finalNewline: false };
  const finalNewline = text.endsWith('\n');
  return { lines: (finalNewline ? text.slice(0, -1) : text).split('\n'), finalNewline };
}

const equalLines = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((line, i) => line === b[i]);

export function mergeText(base: string, yours: string, generated: string): MergeResult {
  const crlf = usesCrlf(yours);
  const o = splitLines(crlf ? toLf(base) : base);
  const a = splitLines(crlf ? toLf(yours) : yours);
  const b = splitLines(crlf ? toLf(generated) : generated);

  const out: string[] = [];
  const conflictLines: number[] = [];
  for (const region of diff3Merge<string>(a.lines, o.lines, b.lines, { excludeFalseConflicts: true })) {
    if (region.ok) {
      out.push(...region.ok);
      continue;
    }
    const c = region.conflict!;
    // A region grouped from touching hunks where one side in fact kept the base is not a conflict.
    if (equalLines(c.a, c.o)) {
      out.push(...c.b);
      continue;
    }
    if (equalLines(c.b, c.o)) {
      out.push(...c.a);
      continue;
    }
    const together = applyBoth(c.o, c.a, c.b);
    if (together !== undefined) {
      out.push(...together);
      continue;
    }
    // Lines both sides agree on at the edges of the region stay outside the markers (git's zdiff3).
    let head = 0;
    while (head < c.a.length && head < c.b.length && c.a[head] === c.b[head]) head++;
    let tail = 0;
    while (
      tail < c.a.length - head &&
      tail < c.b.length - head &&
      c.a[c.a.length - 1 - tail] === c.b[c.b.length - 1 - tail]
    ) {
      tail++;
    }
    out.push(...c.a.slice(0, head));
    conflictLines.push(out.length + 1);
    out.push(MARKER_YOURS, ...c.a.slice(head, c.a.length - tail), MARKER_BASE, ...c.o, MARKER_SEPARATOR);
    out.push(...c.b.slice(head, c.b.length - tail), MARKER_GENERATED, ...c.a.slice(c.a.length - tail));
  }

  const finalNewline = a.finalNewline !== o.finalNewline ? a.finalNewline : b.finalNewline;
  const text = out.join('\n') + (finalNewline && out.length > 0 ? '\n' : '');
  return { text: crlf ? toCrlf(text) : text, conflictLines };
}

interface Hunk {
  readonly start: number;
  readonly end: number;
  readonly lines: readonly string[];
}

/**
 * diff3 (like git) calls changes to touching lines a conflict: renaming an action's export on line 1 would clash
 * with the user's new title on line 2. Within such a region, both sides' changes apply when they replace disjoint
 * base lines; only overlapping changes, or two insertions (or an insertion and a change) at one place, whose
 * order nobody can know, remain conflicts.
 */
function applyBoth(o: string[], a: string[], b: string[]): string[] | undefined {
  const hunks = (side: string[]): Hunk[] =>
    diffIndices(o, side).map((h) => ({
      start: h.buffer1[0],
      end: h.buffer1[0] + h.buffer1[1],
      lines: side.slice(h.buffer2[0], h.buffer2[0] + h.buffer2[1]),
    }));
  const all = [...hunks(a), ...hunks(b)].sort((x, y) => x.start - y.start || x.end - y.end);
  const kept: Hunk[] = [];
  for (const hunk of all) {
    const last = kept[kept.length - 1];
    if (last !== undefined && last.start === hunk.start && last.end === hunk.end && equalLines(last.lines, hunk.lines)) continue;
    if (last !== undefined && (hunk.start < last.end || (hunk.start === last.start && (hunk.start === hunk.end || last.start === last.end)))) {
      return undefined;
    }
    kept.push(hunk);
  }
  const out: string[] = [];
  let at = 0;
  for (const hunk of kept) {
    out.push(...o.slice(at, hunk.start), ...hunk.lines);
    at = hunk.end;
  }
  out.push(...o.slice(at));
  return out;
}

/**
 * 1-based lines that open a conflict (`<<<<<<<` then a later `>>>>>>>`). Only the two outer markers count:
 * a lone `=======` is also a Markdown heading underline.
 */
export function findConflictMarkers(text: string): number[] {
  const found: number[] = [];
  const lines = text.split('\n');
  let open: number | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (isMarker(line, '<<<<<<<')) open ??= i + 1;
    else if (isMarker(line, '>>>>>>>') && open !== undefined) {
      found.push(open);
      open = undefined;
    }
  }
  return found;
}

function isMarker(line: string, marker: string): boolean {
  if (!line.startsWith(marker)) return false;
  const next = line.charAt(marker.length);
  return next === '' || next === ' ' || next === '\r';
}

/** Cheap pre-check before splitting a whole file into lines. */
export const mayHaveConflictMarkers = (text: string): boolean => text.includes('<<<<<<<');
