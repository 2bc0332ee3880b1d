#!/usr/bin/env node
// Regenerates generated/<name> from every spec in specs/ (run after changing the generator; a test fails when
// the committed packages differ from what the generator makes now).
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../dist/cli/main.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const specs = readdirSync(path.join(root, 'specs')).filter((f) => /\.(json|ya?ml)$/.test(f)).sort();
let failed = 0;
for (const spec of specs) {
  const name = spec.replace(/\.(json|ya?ml)$/, '');
  // --force: the generator's code changed while its version did not, so the lock alone cannot tell.
  const code = await main(['generate', path.join('specs', spec), '-o', path.join('generated', name), '--force']);
  if (code !== 0) failed++;
}
process.exitCode = failed ? 1 : 0;
