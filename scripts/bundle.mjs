// Bundles the built CLI (dist/cli/main.js and the modules it loads) into dist/bundle/, which bin/connector-gen.js
// runs. Node's ES module loader resolves, reads and links each of dist/'s 120-odd modules on its own: GitHub's
// generation spent about 58 ms of its main thread importing them, against about 34 ms for the bundle (issue 7).
// Run by `npm run build` after tsc and the other build steps.
//
// - Each stage stays a chunk of its own (code splitting), loaded when a command needs it as before: `--version`
//   and a no-op `generate` do not load the emit, and `exec` alone loads TypeScript.
// - Packages stay imports from node_modules.
// - Every file lands directly in dist/bundle/, two levels below the package root like dist/emit/ and dist/load/,
//   so that paths modules take from `import.meta.url` (templates/, src/runtime/, package.json, and dist/'s
//   validators and precompiled templates) resolve the same from either place.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist', 'bundle');

rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { main: 'dist/cli/main.js' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  chunkNames: '[name]-[hash]',
  sourcemap: true,
  logLevel: 'warning',
});
