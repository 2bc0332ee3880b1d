import { describe, expect, it } from 'vitest';
import { hashText } from './lock.js';
import { STORE_HEADER, parseStore, serializePristine, storeOrder } from './pristine-store.js';

const entry = (content: string): [string, string] => [hashText(content), content];

describe('pristine store', () => {
  it('reads back every content byte for byte, whatever it holds', () => {
    const contents = ['export {};\n', 'line\r\nwith CRLF\r\n', 'no final newline', '', 'naïve — 😀\n', '\0binary\n\n', 'a1b2 7\n'];
    const text = serializePristine(contents.map(entry));
    expect(text.startsWith(STORE_HEADER)).toBe(true);
    const read = parseStore(Buffer.from(text, 'utf8'));
    expect([...read.values()]).toEqual(contents);
    expect([...read.keys()]).toEqual(contents.map((c) => hashText(c)));
  });

  it('drops an entry whose bytes no longer match its hash and keeps the rest', () => {
    const bytes = Buffer.from(serializePristine(['first\n', 'second\n', 'third\n'].map(entry)), 'utf8');
    bytes[bytes.indexOf('second')] = 'S'.charCodeAt(0);
    expect([...parseStore(bytes).values()]).toEqual(['first\n', 'third\n']);
  });

  it('keeps the entries before a break in the framing (a truncated or converted file)', () => {
    const text = serializePristine(['first\n', 'second\n', 'third\n'].map(entry));
    const truncated = Buffer.from(text.slice(0, text.indexOf('second') + 3), 'utf8');
    expect([...parseStore(truncated).values()]).toEqual(['first\n']);
    // Line endings converted to CRLF change every length after the header: nothing is read as a wrong base.
    const converted = Buffer.from(text.replace(/\n/g, '\r\n'), 'utf8');
    expect(parseStore(converted).size).toBe(0);
  });

  it('is empty for a file that is not a store', () => {
    expect(parseStore(Buffer.from('{"abc": "x"}')).size).toBe(0);
    expect(parseStore(Buffer.alloc(0)).size).toBe(0);
  });

  it("orders the generation's contents as its files come, once each, then older ones by hash", () => {
    const stored = new Map([entry('b'), entry('a'), entry('old 2'), entry('old 1')]);
    const hashes = new Map([
      ['z.ts', hashText('b')],
      ['y.ts', hashText('a')],
      ['x.ts', hashText('b')],
    ]);
    const order = storeOrder(['z.ts', 'y.ts', 'x.ts'], (path) => hashes.get(path), stored).map(([, content]) => content);
    const older = ['old 1', 'old 2'].sort((p, q) => (hashText(p) < hashText(q) ? -1 : 1));
    expect(order).toEqual(['b', 'a', ...older]);
  });
});
