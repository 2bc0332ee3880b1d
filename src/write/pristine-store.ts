/**
 * The pristine contents of the generated files, the base of every three-way merge: one JSON file,
 * `.connector-gen/pristine.json`, mapping sha256 → exact content, one entry per line in hash order.
 *
 * One file rather than a file per content because creating files dominates the cost of writing a large package
 * (a second file per generated file doubled the time of a first write of 1,200 actions). It is read only when a
 * merge or a conflict check needs a base, never on a no-op run. Entries are checked against their hash when
 * loaded, so a damaged entry counts as missing rather than as a wrong base.
 */
import { join } from 'node:path';
import { compareText } from '../diagnostics.js';
import { META_DIR, hashText, readTextIfExists } from './lock.js';

export const PRISTINE_FILE = `${META_DIR}/pristine.json`;

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
    const text = await readTextIfExists(join(this.root, PRISTINE_FILE));
    const out = new Map<string, string>();
    if (text === undefined) return out;
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
}

export function serializePristine(entries: ReadonlyMap<string, string>): string {
  return [...pristinePieces(entries)].join('');
}

/** The store's text a piece at a time (about one entry each), for writing it without holding it whole. */
export function* pristinePieces(entries: ReadonlyMap<string, string>): Generator<string> {
  const hashes = [...entries.keys()].sort(compareText);
  if (hashes.length === 0) {
    yield '{}\n';
    return;
  }
  for (let i = 0; i < hashes.length; i++) {
    yield `${i === 0 ? '{\n' : ',\n'}  ${JSON.stringify(hashes[i])}: ${JSON.stringify(entries.get(hashes[i]!))}`;
  }
  yield '\n}\n';
}
