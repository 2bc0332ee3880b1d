/**
 * The pristine contents of the generated files, the base of every three-way merge: one file,
 * `.connector-gen/pristine`, holding each distinct content once, byte for byte, under its sha256:
 *
 *     connector-gen pristine store 1 <NUL>
 *     <sha256> <length in bytes>
 *     <content>
 *     <sha256> <length in bytes>
 *     …
 *
 * One file rather than a file per content because creating files dominates the cost of writing a large package
 * (a second file per generated file doubled the time of a first write of 1,200 actions). Contents are framed
 * by their length, not escaped: the writer thread appends each file's bytes as it writes the file itself, and
 * reading needs no parse of the whole store (GitHub's is 25 MB). The NUL in the first line makes git treat the
 * file as binary, so a checkout never converts its line endings. Entries come in the order the generation
 * produced the files, then any older entries kept for a pending merge, by hash: the same generation gives the
 * same bytes whichever way it was written.
 *
 * It is read only when a merge or a conflict check needs a base, never on a no-op run. Entries are checked
 * against their hash when loaded, so a damaged entry counts as missing rather than as a wrong base. The JSON
 * store that earlier generations wrote (`pristine.json`, hash → content) is still read, and removed once the
 * new one is written.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { compareText } from '../diagnostics.js';
import { META_DIR, hashText, isErrno, readTextIfExists } from './lock.js';

export const PRISTINE_FILE = `${META_DIR}/pristine`;
/** The store earlier generations wrote: a JSON object, hash → content. */
export const LEGACY_PRISTINE_FILE = `${META_DIR}/pristine.json`;

export const STORE_HEADER = 'connector-gen pristine store 1 \0\n';
const NEWLINE = 0x0a;

/** The line before an entry's content. */
export function entryHeader(hash: string, byteLength: number): string {
  return `${hash} ${byteLength}\n`;
}

export class PristineStore {
  private loaded: Promise<Map<string, string>> | undefined;

  constructor(private readonly root: string) {}

  entries(): Promise<Map<string, string>> {
    this.loaded ??= this.load();
    return this.loaded;
  }

  async get(hash: string): Promise<string | undefined> {
    return (await this.entries()).get(hash);
  }

  private async load(): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const legacy = await readTextIfExists(join(this.root, LEGACY_PRISTINE_FILE));
    if (legacy !== undefined) for (const [hash, content] of parseLegacy(legacy)) out.set(hash, content);
    let bytes: Buffer;
    try {
      bytes = await readFile(join(this.root, PRISTINE_FILE));
    } catch (error) {
      if (isErrno(error, 'ENOENT') || isErrno(error, 'ENOTDIR')) return out;
      throw error;
    }
    for (const [hash, content] of parseStore(bytes)) out.set(hash, content);
    return out;
  }
}

/** The entries of a store whose content matches its hash; reading stops where the framing is broken. */
export function parseStore(bytes: Buffer): Map<string, string> {
  const out = new Map<string, string>();
  const header = Buffer.from(STORE_HEADER, 'latin1');
  if (!bytes.subarray(0, header.length).equals(header)) return out;
  let at = header.length;
  while (at < bytes.length) {
    const lineEnd = bytes.indexOf(NEWLINE, at);
    if (lineEnd < 0) break;
    const match = /^([0-9a-f]{64}) (\d{1,12})$/.exec(bytes.toString('latin1', at, lineEnd));
    if (match === null) break;
    const start = lineEnd + 1;
    const end = start + Number(match[2]);
    if (end >= bytes.length || bytes[end] !== NEWLINE) break;
    const content = bytes.toString('utf8', start, end);
    if (hashText(bytes.subarray(start, end)) === match[1]) out.set(match[1]!, content);
    at = end + 1;
  }
  return out;
}

function parseLegacy(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return out;
  }
  if (raw === null || typeof raw !== 'object') return out;
  for (const [hash, content] of Object.entries(raw)) {
    if (typeof content === 'string' && hashText(content) === hash) out.set(hash, content);
  }
  return out;
}

/**
 * The store's entries in its order: the contents of `generated` in the order of its files (the generation's
 * order), then the rest of `stored` by hash. `hashOf` gives a generated file's hash.
 */
export function storeOrder(
  generated: Iterable<string>,
  hashOf: (path: string) => string | undefined,
  stored: ReadonlyMap<string, string>,
): [string, string][] {
  const out: [string, string][] = [];
  const placed = new Set<string>();
  for (const path of generated) {
    const hash = hashOf(path);
    if (hash === undefined || placed.has(hash) || !stored.has(hash)) continue;
    placed.add(hash);
    out.push([hash, stored.get(hash)!]);
  }
  for (const hash of [...stored.keys()].filter((h) => !placed.has(h)).sort(compareText)) out.push([hash, stored.get(hash)!]);
  return out;
}

/** The store's text a piece at a time (about one entry each), for writing it without holding it whole. */
export function* pristinePieces(entries: Iterable<readonly [string, string]>): Generator<string> {
  yield STORE_HEADER;
  for (const [hash, content] of entries) {
    yield entryHeader(hash, Buffer.byteLength(content, 'utf8'));
    yield content;
    yield '\n';
  }
}

export function serializePristine(entries: Iterable<readonly [string, string]>): string {
  return [...pristinePieces(entries)].join('');
}
