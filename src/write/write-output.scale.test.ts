/**
 * The write stage at the size of GitHub's API (about 1,200 actions). Asserts behaviour only; the timings are
 * printed for the record (issue 7: no wall-clock assertions in unit tests).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meta, mtimes, tempFolder } from './__fixtures__/helpers.js';
import { isUpToDate, writeOutput } from './write-output.js';

const COUNT = 1200;
const action = (i: number, version: number): string => {
  const body: string[] = [`export const action${i} = {`, `  title: 'Action ${i}',`, '  input: ['];
  for (let f = 0; f < 40; f++) body.push(`    { name: 'field_${f}', type: 'string', hint: 'Field ${f} of action ${i}, version ${f === 20 ? version : 1}' },`);
  body.push('  ],', '};', '');
  return body.join('\n');
};
const generation = (version: number, changed: (i: number) => boolean): Map<string, string> => {
  const out = new Map<string, string>();
  for (let i = 0; i < COUNT; i++) out.set(`src/actions/group-${i % 30}/action-${i}.ts`, action(i, changed(i) ? version : 1));
  out.set('src/index.ts', [...out.keys()].map((p, i) => `export { action${i} } from './${p.slice(4, -3)}.js';`).join('\n') + '\n');
  return out;
};

describe('writeOutput at 1,200 files', () => {
  let folder: Awaited<ReturnType<typeof tempFolder>>;
  const timings: string[] = [];
  const time = async <T>(label: string, run: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    const result = await run();
    timings.push(`${label}: ${(performance.now() - start).toFixed(1)} ms`);
    return result;
  };
  beforeAll(async () => {
    folder = await tempFolder();
  });
  afterAll(async () => {
    console.log(`write stage, ${COUNT + 1} files:\n  ${timings.join('\n  ')}`);
    await folder.dispose();
  });

  it('writes, skips a no-op, and merges a 5% change with user edits', async () => {
    const dir = join(folder.path, 'out');
    const first = generation(1, () => false);
    const written = await time('first write', () => writeOutput(dir, first, meta('v1')));
    expect(written.files.filter((f) => f.outcome === 'added')).toHaveLength(COUNT + 1);

    expect(await time('isUpToDate', () => isUpToDate(dir, meta('v1')))).toBe(true);
    const stamps = await mtimes(dir);
    const noop = await time('no-op writeOutput', () => writeOutput(dir, first, meta('v1')));
    expect(noop.wrote).toBe(false);
    expect(await mtimes(dir)).toEqual(stamps);

    for (let i = 0; i < COUNT; i += 100) {
      const file = join(dir, `src/actions/group-${i % 30}/action-${i}.ts`);
      await writeFile(file, (await readFile(file, 'utf8')).replace(`title: 'Action ${i}'`, `title: 'My action ${i}'`));
    }
    const second = generation(2, (i) => i % 20 === 0);
    const merged = await time('regenerate (5% changed, 12 edited)', () => writeOutput(dir, second, meta('v2')));
    const count = (outcome: string): number => merged.files.filter((f) => f.outcome === outcome).length;
    expect([count('merged'), count('updated'), count('unchanged')]).toEqual([12, 48, COUNT + 1 - 60]);
  });
});
