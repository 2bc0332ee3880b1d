/**
 * The command as installed: `bin/connector-gen.js` runs the bundle `npm run build` makes (scripts/bundle.mjs),
 * in a process of its own. The other tests run the TypeScript sources in-process; these check that the bundle
 * and its chunks do what the sources do: same files, same refusals, and `exec` (a chunk of its own) reaching a
 * real server.
 */
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTree } from '../src/write/__fixtures__/helpers.js';
import { json, removeDir, repoRoot, runCli, startServer, tempDir } from './helpers.js';

const bin = path.join(repoRoot, 'bin', 'connector-gen.js');
const petstore = path.join(repoRoot, 'specs', 'petstore-openapi30.yaml');
let dir: string;

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function runBin(...argv: string[]): Promise<Run> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [bin, ...argv], { cwd: dir });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: unknown; stdout?: string; stderr?: string };
    if (typeof e.code !== 'number') throw error;
    return { code: e.code, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

beforeAll(async () => {
  dir = await tempDir('bin');
});

afterAll(async () => {
  await removeDir(dir);
});

describe('bin/connector-gen.js (the bundled command)', () => {
  it('runs the bundle', async () => {
    expect(await readFile(bin, 'utf8')).toContain("'../dist/bundle/main.js'");
    const version = JSON.parse(await readFile(path.join(repoRoot, 'package.json'), 'utf8')).version as string;
    expect(await runBin('--version')).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('generates the files the sources generate', async () => {
    const fromBin = await runBin('generate', petstore, '-o', path.join(dir, 'bin-out'));
    expect(fromBin.code).toBe(0);
    expect(fromBin.stderr).toBe('');
    const fromSources = await runCli('generate', petstore, '-o', path.join(dir, 'src-out'));
    expect(fromSources.code).toBe(0);
    // With connector-gen's own files: the pristine store (the base of later merges) must be the same too.
    const a = await readTree(path.join(dir, 'bin-out'), true);
    const b = await readTree(path.join(dir, 'src-out'), true);
    // The lock records the output folder's path to the spec, which differs by name only here.
    const withoutLock = (tree: Record<string, string>): Record<string, string> =>
      Object.fromEntries(Object.entries(tree).filter(([file]) => file !== '.connector-gen/lock.json'));
    expect(Object.keys(a)).toContain('.connector-gen/lock.json');
    expect(Object.keys(a).length).toBeGreaterThan(20);
    expect(Object.keys(a)).toEqual(Object.keys(b));
    expect(withoutLock(a)).toEqual(withoutLock(b));
  });

  it('refuses a bad spec with a located error and no stack trace', async () => {
    const bad = path.join(dir, 'bad.json');
    await writeFile(bad, '{\n  "openapi": "3.0.3",\n  "info": { "title": "x", "version": "1" },\n  "paths": {\n    "/a": { "get": { "responses": { "200": { "$ref": "#/nowhere" } } } }\n  }\n}\n');
    const run = await runBin('generate', bad, '-o', path.join(dir, 'bad-out'));
    expect(run.code).not.toBe(0);
    // The file (relative to the working folder), its line and the JSON pointer.
    expect(run.stderr).toContain("bad.json:5: error unresolved-ref: $ref '#/nowhere' points to nothing (at /paths/~1a/get/responses/200)");
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('runs an action of the generated package against a real server (exec)', async () => {
    const server = await startServer((req, res) => json(res, 200, [{ id: 3, name: 'Rex', path: req.path }]));
    try {
      const conn = path.join(dir, 'conn.json');
      const input = path.join(dir, 'input.json');
      await writeFile(conn, JSON.stringify({ api_key: 'k', baseUrl: `${server.url}/v1` }));
      await writeFile(input, JSON.stringify({ limit: 2 }));
      const run = await runBin('exec', path.join(dir, 'bin-out'), 'actions.list_pets', '--connection', conn, '--input', input);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout)).toEqual({ records: [{ id: 3, name: 'Rex', path: '/v1/pets' }] });
      expect(server.requests.map((r) => `${r.method} ${r.path}?${r.query}`)).toEqual(['GET /v1/pets?limit=2']);
    } finally {
      await server.close();
    }
  });
});
