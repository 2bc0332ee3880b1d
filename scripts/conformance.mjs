#!/usr/bin/env node
/**
 * npm run conformance -- <spec> [<spec> …] [--min-rate 0.99] [--json report.json] [--required-only] [--verbose]
 *                                          [--prism-timeout <seconds>]
 *
 * For each spec: generate the connector into a temp folder, start Prism as a validating mock of the spec on
 * loopback, run every action with an input that satisfies its input schema, and print how many requests Prism
 * accepted, listing each rejected action with Prism's reason. Exits 1 when the accepted share over all specs is
 * below --min-rate (default 1: any rejection fails), or when a spec cannot be generated. Specs Prism itself
 * cannot load are reported as skipped and not counted. Runs on the built code: `npm run build` first (the npm
 * script does).
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { formatSpecResult, runConformance } from '../dist/conformance/index.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    'min-rate': { type: 'string', default: '1' },
    json: { type: 'string' },
    'required-only': { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
    'prism-timeout': { type: 'string', default: '120' },
  },
});

if (positionals.length === 0) {
  process.stderr.write('usage: npm run conformance -- <spec> [<spec> …] [--min-rate 0.99] [--json report.json] [--required-only] [--verbose] [--prism-timeout 120]\n');
  process.exit(2);
}
const minRate = Number(values['min-rate']);
if (!(minRate >= 0 && minRate <= 1)) {
  process.stderr.write(`--min-rate must be a number from 0 to 1, not ${values['min-rate']}\n`);
  process.exit(2);
}

// An interrupted run exits through process.exit, so the exit hooks stop every Prism still running.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.once(signal, () => process.exit(130));

const results = [];
for (const spec of positionals) {
  let result;
  try {
    result = await runConformance(spec, {
      optional: values['required-only'] ? 'none' : 'all',
      prism: { startTimeoutMs: Number(values['prism-timeout']) * 1000 },
      log: values.verbose ? (line) => process.stderr.write(line + '\n') : undefined,
    });
  } catch (e) {
    result = { spec, status: 'failed', reason: e instanceof Error ? e.message : String(e), actions: [], accepted: 0, total: 0 };
  }
  results.push(result);
  process.stdout.write(formatSpecResult(result, values.verbose) + '\n');
}

const ran = results.filter((r) => r.status === 'ran');
const accepted = ran.reduce((n, r) => n + r.accepted, 0);
const total = ran.reduce((n, r) => n + r.total, 0);
const skipped = results.filter((r) => r.status === 'skipped');
const failed = results.filter((r) => r.status === 'failed');
const rate = total === 0 ? 1 : accepted / total;
if (results.length > 1) {
  process.stdout.write(
    `\ntotal: ${accepted}/${total} accepted (${(rate * 100).toFixed(2)}%) over ${ran.length} specs` +
      (skipped.length ? `; ${skipped.length} skipped (Prism cannot load them)` : '') +
      (failed.length ? `; ${failed.length} failed` : '') +
      '\n',
  );
}
if (values.json) await writeFile(values.json, JSON.stringify({ accepted, total, rate, results }, null, 2) + '\n');
process.exitCode = failed.length > 0 || rate < minRate ? 1 : 0;
