import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { format } from './format.js';
import { hardline, textWidth } from './layout.js';
import { stringLiteral } from './literal.js';
import { constDeclaration, data, jsDoc, numberText, objectKey, printTs, quote } from './ts-print.js';

/** A value as the emitters used to write it before Prettier formatted it: on one line, keys quoted when needed. */
function oneLine(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return stringLiteral(v);
  if (typeof v === 'number') return Object.is(v, -0) ? '0' : String(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(oneLine).join(', ')}]`;
  const entries = Object.entries(v as object);
  if (entries.length === 0) return '{}';
  const key = (k: string) => (k === '__proto__' ? '["__proto__"]' : /^[A-Za-z_$][\w$]*$/.test(k) ? k : stringLiteral(k));
  return `{ ${entries.map(([k, x]) => `${key(k)}: ${oneLine(x)}`).join(', ')} }`;
}

describe('data literals', () => {
  const key = fc.oneof(
    fc.constantFrom('id', 'name', 'label', 'hint', 'optional', 'description', 'x-y', 'a b', '100', '__proto__', 'café', 'prénom_2', 'ключ', '名前'),
    fc.string({ maxLength: 12 }),
  );
  const text = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.constantFrom("it's", 'say "hi"', `a'b"c'`, 'long text '.repeat(12), 'naïve café ’quoted’', '日本語のテキスト', '😀 emoji', 'line\nbreak'),
  );
  const value = fc.letrec((tie) => ({
    v: fc.oneof(
      { depthSize: 'small' },
      text,
      fc.integer({ min: -1000, max: 100000 }),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.boolean(),
      fc.constant(null),
      fc.array(tie('v'), { maxLength: 12 }),
      fc.array(fc.integer({ min: -99999, max: 99999 }), { maxLength: 40 }),
      fc.dictionary(key, tie('v'), { maxKeys: 9 }),
    ),
  })).v;

  it('are laid out as Prettier formats them, at any width left on the line', async () => {
    let multiLine = 0;
    await fc.assert(
      fc.asyncProperty(value, fc.constantFrom('x', 'request', 'aVeryLongVariableNameThatLeavesLittleRoomOnTheLine'), async (v, name) => {
        const want = await format(`const ${name} = ${oneLine(v)};\n`, 'typescript');
        if (want.split('\n').length > 2) multiLine++;
        expect(printTs([constDeclaration('const', name, data(v)), hardline])).toBe(want);
      }),
      { numRuns: 2000 },
    );
    // The property is only worth something if many cases break over lines.
    expect(multiLine).toBeGreaterThan(200);
  }, 300_000);
});

describe('large data', () => {
  it('is laid out as Prettier formats it across the points where the printer joins its output', async () => {
    // About 22,000 pieces: the printer joins them a few thousand at a time.
    const fields = Array.from({ length: 1500 }, (_, i) => ({
      name: `field_${i}`,
      label: i % 7 === 0 ? `A label long enough that this field cannot stay on one line, number ${i}` : `Field ${i}`,
      type: i % 3 === 0 ? 'object' : 'string',
      ...(i % 3 === 0 ? { properties: [{ name: 'id', type: 'integer' }, { name: 'ids', type: 'array', of: [1, 2, i] }] } : {}),
    }));
    const source = `const definitions = ${oneLine({ root: { fields } })};\n`;
    expect(printTs([constDeclaration('const', 'definitions', data({ root: { fields } })), hardline])).toBe(await format(source, 'typescript'));
  });
});

describe('deeply nested data', () => {
  it('is written as JSON.parse data past 200 levels, laid out as Prettier lays out the call', async () => {
    let v: unknown = { leaf: 'x'.repeat(30) };
    for (let i = 0; i < 205; i++) v = i % 2 ? [v] : { level: v, id: i };
    const printed = printTs([constDeclaration('const', 'deep', data({ schema: v })), hardline]);
    expect(printed).toContain("JSON.parse(\n");
    expect(printed).toBe(await format(printed, 'typescript'));
    // The same value comes back.
    const literal = printed.slice(printed.indexOf('=') + 1, printed.lastIndexOf(';'));
    expect(new Function(`return (${literal});`)()).toEqual({ schema: v });
  });
});

describe('literals and keys', () => {
  const strings: [string, { given: string; want: string }][] = [
    ['plain', { given: 'abc', want: "'abc'" }],
    ['a single quote turns to double quotes only when singles outnumber doubles', { given: "it's", want: '"it\'s"' }],
    ['equal counts keep single quotes', { given: `a'b"`, want: `'a\\'b"'` }],
    ['double quotes need no escape', { given: 'say "hi"', want: `'say "hi"'` }],
    ['control characters and separators are escaped', { given: 'a\nb\u2028', want: "'a\\nb\\u2028'" }],
    ['a closing script tag is escaped', { given: '</script>', want: "'\\u003c/script>'" }],
  ];
  it.each(strings)('quote: %s', (_name, { given, want }) => {
    expect(quote(given)).toBe(want);
  });

  const numbers: [string, { given: number; want: string }][] = [
    ['integer', { given: 42, want: '42' }],
    ['negative zero', { given: -0, want: '0' }],
    ['exponent without plus', { given: 1e21, want: '1e21' }],
    ['small exponent', { given: 1.5e-7, want: '1.5e-7' }],
    ['not finite', { given: Number.POSITIVE_INFINITY, want: 'null' }],
  ];
  it.each(numbers)('numberText: %s', (_name, { given, want }) => {
    expect(numberText(given)).toBe(want);
  });

  const keys: [string, { given: string; want: string }][] = [
    ['identifier', { given: 'name', want: 'name' }],
    ['dash', { given: 'x-y', want: "'x-y'" }],
    ['number-like stays quoted in TypeScript', { given: '100', want: "'100'" }],
    ['__proto__ stays computed', { given: '__proto__', want: "['__proto__']" }],
    ['non-ASCII letters are an identifier', { given: 'café', want: 'café' }],
  ];
  it.each(keys)('objectKey: %s', (_name, { given, want }) => {
    expect(objectKey(given)).toBe(want);
  });

  it('measures text as Prettier does (wide characters count two, marks none)', () => {
    expect(textWidth('abc')).toBe(3);
    expect(textWidth('café')).toBe(4);
    expect(textWidth('日本')).toBe(4);
    expect(textWidth('e\u0301')).toBe(1);
  });
});

describe('JSDoc comments', () => {
  const cases: [string, { given: string; tags?: string[]; want: string }][] = [
    ['one line', { given: 'Lists pets.', want: '/** Lists pets. */\nconst x = 1;\n' }],
    ['several lines', { given: 'One.\n\nTwo.', want: '/**\n * One.\n *\n * Two.\n */\nconst x = 1;\n' }],
    ['a tag', { given: 'Old.', tags: ['deprecated'], want: '/**\n * Old.\n * @deprecated\n */\nconst x = 1;\n' }],
    ['trailing blanks go, a Markdown hard break stays', { given: 'a \nb  \nc', want: '/**\n * a\n * b  \n * c\n */\nconst x = 1;\n' }],
    ['the comment cannot be closed early', { given: 'x */ y', want: '/** x *\\/ y */\nconst x = 1;\n' }],
  ];
  it.each(cases)('%s', async (_name, { given, tags, want }) => {
    const printed = printTs([jsDoc(given, tags)!, hardline, 'const x = 1;', hardline]);
    expect(printed).toBe(want);
    expect(await format(printed, 'typescript')).toBe(printed);
  });
});
