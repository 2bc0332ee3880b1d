/**
 * The runtime is copied verbatim into every generated package, so it must compile on its own:
 * strict TypeScript, NodeNext modules, nothing imported from outside the folder but Node built-ins.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = path.dirname(fileURLToPath(import.meta.url));
const shipped = readdirSync(here).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));

describe('runtime as shipped', () => {
  it('imports nothing but its own files and node: built-ins', () => {
    const offending: string[] = [];
    for (const file of shipped) {
      const text = readFileSync(path.join(here, file), 'utf8');
      for (const match of text.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)) {
        const target = match[1]!;
        const ok = target.startsWith('node:') || (/^\.\/[a-z0-9-]+\.js$/.test(target) && shipped.includes(target.slice(2).replace(/\.js$/, '.ts')));
        if (!ok) offending.push(`${file}: ${target}`);
      }
    }
    expect(offending).toEqual([]);
  });

  it('type-checks alone under tsc --strict (and stricter flags) with module NodeNext', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'runtime-standalone-'));
    try {
      for (const file of shipped) copyFileSync(path.join(here, file), path.join(dir, file));
      const require = createRequire(import.meta.url);
      const typesNode = path.dirname(require.resolve('@types/node/package.json'));
      writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
      writeFileSync(
        path.join(dir, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            target: 'ES2022',
            module: 'NodeNext',
            moduleResolution: 'NodeNext',
            lib: ['ES2023'],
            types: ['node'],
            typeRoots: [path.dirname(typesNode)],
            strict: true,
            noUncheckedIndexedAccess: true,
            exactOptionalPropertyTypes: true,
            erasableSyntaxOnly: true,
            noImplicitOverride: true,
            noEmit: true,
          },
          include: ['*.ts'],
        }),
      );
      const tsc = require.resolve('typescript/bin/tsc');
      const result = spawnSync(process.execPath, [tsc, '-p', dir], { encoding: 'utf8' });
      expect(result.stdout + result.stderr).toBe('');
      expect(result.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
