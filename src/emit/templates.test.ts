import fc from 'fast-check';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { hostilePlan } from './__fixtures__/hostile-plan.js';
import { petstorePlan } from './__fixtures__/petstore-plan.js';
import { mdCode, mdInline, mdParagraphs, README_DETAIL_LIMIT, renderReadme, templateData, templatesFrom, TEMPLATES, type Precompiled } from './templates.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('templates precompiled by the build (scripts/build-templates.mjs)', () => {
  mkdirSync(path.join(repoRoot, '.cache'), { recursive: true });
  const dir = mkdtempSync(path.join(repoRoot, '.cache', 'templates-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'templates.cjs');
  execFileSync(process.execPath, [path.join(repoRoot, 'scripts', 'build-templates.mjs'), '--out', file]);
  const precompiled = createRequire(import.meta.url)(file) as Precompiled;
  const sources = TEMPLATES.map((name) => readFileSync(path.join(repoRoot, 'templates', `${name}.hbs`), 'utf8'));
  const options = { generatorVersion: '1.2.3', specFile: 'spec.yaml' };

  it('covers every template', () => {
    expect(Object.keys(precompiled).sort()).toEqual([...TEMPLATES].sort());
  });

  it.each([
    ['petstore', petstorePlan],
    ['hostile texts', hostilePlan],
  ])('renders %s exactly as templates compiled at run time', (_name, plan) => {
    const built = templatesFrom(sources, precompiled);
    const compiled = templatesFrom(sources, {});
    const data = templateData(plan, options);
    for (const name of TEMPLATES) expect(built.get(name)!(data)).toBe(compiled.get(name)!(data));
    expect(built.get('README.md')!(data)).toContain(`actions.${plan.actions[0]!.key}`);
  });

  it('compiles a template edited after the build instead of using the stale copy', () => {
    const edited = sources.map((source, i) => (TEMPLATES[i] === 'README.md' ? `edited after the build\n${source}` : source));
    const readme = templatesFrom(edited, precompiled).get('README.md')!(templateData(petstorePlan, options));
    expect(readme.startsWith('edited after the build\n')).toBe(true);
  });
});

describe('renderReadme', () => {
  const options = { generatorVersion: '1.2.3', specFile: 'spec.yaml' };
  const data = templateData(petstorePlan, options);
  /** A template that notes which README it is asked for and writes `detailedBytes` for the detailed one. */
  const spy = (detailedBytes: number) => {
    const asked: boolean[] = [];
    const template = ((d: { detailed: boolean }) => {
      asked.push(d.detailed);
      return d.detailed ? `# Detailed\n\n${'x'.repeat(detailedBytes)}\n` : '# One line each\n';
    }) as unknown as Parameters<typeof renderReadme>[0];
    return { asked, template };
  };

  it('writes the detailed README when it fits', () => {
    const { asked, template } = spy(1000);
    expect(renderReadme(template, data).startsWith('# Detailed')).toBe(true);
    expect(asked).toEqual([true]);
  });

  it('falls back to one line each when the detailed README is too large', () => {
    const { asked, template } = spy(README_DETAIL_LIMIT);
    expect(renderReadme(template, data)).toBe('# One line each\n');
    expect(asked).toEqual([true, false]);
  });

  it('does not write a detailed README that the texts it would quote already make too large', () => {
    const { asked, template } = spy(10);
    const [first] = data.actions;
    const long = { ...data, actions: [{ ...first!, description: 'x'.repeat(README_DETAIL_LIMIT + 1) }] };
    expect(renderReadme(template, long)).toBe('# One line each\n');
    expect(asked).toEqual([false]);
  });
});

describe('Markdown helpers', () => {
  const inline: [string, { given: string; want: string }][] = [
    ['plain', { given: 'List pets', want: 'List pets' }],
    ['snake_case stays readable', { given: 'auth_type', want: 'auth_type' }],
    ['emphasis', { given: '*a* _b_', want: '\\*a\\* \\_b\\_' }],
    ['link', { given: '[x](javascript:y)', want: '\\[x\\](javascript:y)' }],
    ['html', { given: '<img src=x>', want: '\\<img src=x>' }],
    ['table pipe', { given: 'a | b', want: 'a \\| b' }],
    ['newlines folded', { given: 'a\n\nb', want: 'a b' }],
    ['handlebars stays literal', { given: '{{x}}', want: '{{x}}' }],
  ];
  it.each(inline)('mdInline: %s', (_name, { given, want }) => {
    expect(mdInline(given)).toBe(want);
  });

  it('mdInline gives plain text back as the full escaping would', () => {
    // A leading space never takes the shortcut for plain text, and the full path trims it away.
    const textOf = (chars: string) => fc.array(fc.constantFrom(...chars.split('')), { maxLength: 24 }).map((cs) => cs.join(''));
    // Half from what plain text is made of, so that many cases are plain; half with what must be escaped too.
    const plain = 'aZ09_ .,:;!?\'"()/+=@#$%^{}-';
    let plainCases = 0;
    fc.assert(
      fc.property(fc.oneof(textOf(plain), textOf(plain + '*`|\\<>&~[]\t\n\u0001é')), (text) => {
        if (mdInline(text) === text) plainCases++;
        expect(mdInline(text)).toBe(mdInline(' ' + text));
      }),
      { numRuns: 5000 },
    );
    expect(plainCases).toBeGreaterThan(500);
    expect(mdInline('per_page and snake_case_name')).toBe('per_page and snake_case_name');
  });

  const paragraphs: [string, { given: string; want: string }][] = [
    ['lines kept', { given: 'a\nb', want: 'a\nb' }],
    ['heading marker escaped', { given: '# Title', want: '\\# Title' }],
    ['list markers escaped', { given: '- a\n1. b\n+ c', want: '\\- a\n\\1. b\n\\+ c' }],
    ['quote marker escaped', { given: '> q', want: '\\> q' }],
    ['indented code becomes text', { given: '    code', want: 'code' }],
    ['separators are line breaks', { given: 'a\u2028b', want: 'a\nb' }],
    ['a code fence is escaped, so it cannot swallow the rest of the README', { given: '```json\n{}\n```', want: '\\`\\`\\`json\n{}\n\\`\\`\\`' }],
    ['code spans with the fence Prettier would write', { given: 'a ```id``` and `` `x` ``', want: 'a `id` and `` `x` ``' }],
    ['a code span over a line break becomes text', { given: '`a\nb`', want: '\\`a\nb\\`' }],
    ['runs of spaces become one, as Prettier prints them', { given: 'a  b\t\tc', want: 'a b c' }],
    ['a non-breaking space is text, not a run to collapse', { given: 'a\u00a0\u00a0b', want: 'a\u00a0\u00a0b' }],
  ];
  it.each(paragraphs)('mdParagraphs: %s', (_name, { given, want }) => {
    expect(mdParagraphs(given)).toBe(want);
  });

  const code: [string, { given: string; want: string }][] = [
    ['plain', { given: 'GET /pets', want: '`GET /pets`' }],
    ['backtick inside', { given: 'a`b', want: '``a`b``' }],
    ['backtick at the edge', { given: '`a', want: '`` `a ``' }],
    ['the shortest fence no run inside uses', { given: 'a``b', want: '`a``b`' }],
  ];
  it.each(code)('mdCode: %s', (_name, { given, want }) => {
    expect(mdCode(given)).toBe(want);
  });
});
