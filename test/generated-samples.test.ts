/**
 * The committed packages in generated/ are what the generator makes today from specs/: regenerating each into
 * a fresh folder gives byte-identical files, and each package type-checks strictly with the real tsc.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listFiles, readText, removeDir, repoRoot, runCli, tempDir, typecheck } from './helpers.js';

const specs = readdirSync(path.join(repoRoot, 'specs')).filter((f) => /\.(json|ya?ml)$/.test(f)).sort();
const made: string[] = [];
afterAll(async () => {
  for (const dir of made) await removeDir(dir);
});

describe.each(specs)('generated/ from specs/%s', (spec) => {
  const name = spec.replace(/\.(json|ya?ml)$/, '');
  const committed = path.join(repoRoot, 'generated', name);

  it('is what the generator makes now (run `npm run generate:samples` after changing the generator)', async () => {
    const out = await tempDir(name);
    made.push(out);
    const result = await runCli('generate', path.join(repoRoot, 'specs', spec), '-o', out);
    expect(result.stderr.match(/^error.*$/m)?.[0] ?? '').toBe('');
    expect(result.code).toBe(0);
    // The lock names the spec relative to the output folder, which differs here; everything else must match.
    const fresh = await listFiles(out, ['.connector-gen']);
    expect(await listFiles(committed, ['.connector-gen'])).toEqual(fresh);
    for (const file of fresh) {
      expect(await readText(path.join(committed, file)), file).toBe(await readText(path.join(out, file)));
    }
  });

  it('type-checks strictly', async () => {
    expect(await typecheck(committed)).toBe('');
  });
});
