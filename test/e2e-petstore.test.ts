/**
 * End to end, as a user meets it: generate a package from a spec, type-check it with the real tsc, then run its
 * actions with `connector-gen exec` against a local HTTP server and check the exact requests it received.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, removeDir, repoRoot, runCli, startServer, tempDir, typecheck, writeInput, type TestServer } from './helpers.js';

const API_KEY = 'pk_live_e2e_5ecret';
let dir: string;
let server: TestServer;
let conn: string;

beforeAll(async () => {
  dir = await tempDir('e2e-petstore');
  const gen = await runCli('generate', path.join(repoRoot, 'specs', 'petstore-openapi30.yaml'), '-o', path.join(dir, 'pkg'));
  expect(gen.stderr).toBe('');
  expect(gen.code).toBe(0);
  server = await startServer((req, res) => {
    if (req.method === 'POST' && req.path === '/v1/pets') return json(res, 201, { id: 7, ...JSON.parse(req.body) });
    if (req.method === 'GET' && req.path === '/v1/pets') return json(res, 200, [{ id: 1, name: 'Rex' }, { id: 2, name: 'Tom', tag: 'cat' }]);
    if (req.method === 'GET' && req.path === '/v1/pets/7') return json(res, 200, { id: 7, name: 'Rex' });
    if (req.method === 'DELETE' && req.path === '/v1/pets/7') return void res.writeHead(204).end();
    // An error body that echoes the credential back: it must never reach the user's terminal.
    return json(res, 404, { code: 404, message: `no pet here (key ${req.headers['x-api-key']})` });
  });
  conn = path.join(dir, 'conn.json');
  await writeFile(conn, JSON.stringify({ api_key: API_KEY, baseUrl: `${server.url}/v1` }));
});

afterAll(async () => {
  await server?.close();
  await removeDir(dir);
});

describe('petstore (OpenAPI 3.0) end to end', () => {
  it('type-checks strictly with the real tsc', async () => {
    expect(await typecheck(path.join(dir, 'pkg'))).toBe('');
  });

  it('create_pet sends the JSON body with the API key header and prints the created pet', async () => {
    server.requests.length = 0;
    const r = await runCli('exec', path.join(dir, 'pkg'), 'actions.create_pet', '--connection', conn, '--input', await writeInput(dir, 'create', { name: 'Rex', tag: 'dog' }));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ id: 7, name: 'Rex', tag: 'dog' });
    expect(server.requests).toHaveLength(1);
    const [req] = server.requests;
    expect(req.method).toBe('POST');
    expect(req.url).toBe('/v1/pets');
    expect(req.headers['x-api-key']).toBe(API_KEY);
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers['accept']).toBe('application/json');
    expect(req.body).toBe('{"name":"Rex","tag":"dog"}');
  });

  it('list_pets sends its query parameter and collects the records', async () => {
    server.requests.length = 0;
    const r = await runCli('exec', path.join(dir, 'pkg'), 'actions.list_pets', '--connection', conn, '--input', await writeInput(dir, 'list', { limit: 2 }));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ records: [{ id: 1, name: 'Rex' }, { id: 2, name: 'Tom', tag: 'cat' }] });
    expect(server.requests.map((q) => `${q.method} ${q.url}`)).toEqual(['GET /v1/pets?limit=2']);
    expect(server.requests[0].headers['x-api-key']).toBe(API_KEY);
  });

  it('show_pet_by_id fills the path parameter; delete_pet prints null for 204', async () => {
    server.requests.length = 0;
    const show = await runCli('exec', path.join(dir, 'pkg'), 'actions.show_pet_by_id', '--connection', conn, '--input', await writeInput(dir, 'show', { pet_id: '7' }));
    expect(show.code).toBe(0);
    expect(JSON.parse(show.stdout)).toEqual({ id: 7, name: 'Rex' });
    const del = await runCli('exec', path.join(dir, 'pkg'), 'actions.delete_pet', '--connection', conn, '--input', await writeInput(dir, 'del', { pet_id: '7' }));
    expect(del.code).toBe(0);
    expect(del.stdout.trim()).toBe('null');
    expect(server.requests.map((q) => `${q.method} ${q.url}`)).toEqual(['GET /v1/pets/7', 'DELETE /v1/pets/7']);
  });

  it('an HTTP error exits 1 with status, method, URL and body excerpt, the secret redacted', async () => {
    const r = await runCli('exec', path.join(dir, 'pkg'), 'actions.show_pet_by_id', '--connection', conn, '--input', await writeInput(dir, 'missing', { pet_id: '404' }));
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('404');
    expect(r.stderr).toContain('GET');
    expect(r.stderr).toContain(`${server.url}/v1/pets/404`);
    expect(r.stderr).toContain('no pet here');
    expect(r.stderr).not.toContain(API_KEY);
  });

  it('invalid input is refused before any request, naming the field', async () => {
    server.requests.length = 0;
    const r = await runCli('exec', path.join(dir, 'pkg'), 'actions.create_pet', '--connection', conn, '--input', await writeInput(dir, 'bad', { tag: 5 }));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/name/);
    expect(r.stderr).toMatch(/tag/);
    expect(server.requests).toHaveLength(0);
  });

  it('test runs the chosen safe request', async () => {
    server.requests.length = 0;
    const r = await runCli('exec', path.join(dir, 'pkg'), 'test', '--connection', conn);
    expect(r.code).toBe(0);
    expect(server.requests.map((q) => `${q.method} ${q.path}`)).toEqual(['GET /v1/pets']);
  });

  it('an unknown action is a clear error, not a crash', async () => {
    const r = await runCli('exec', path.join(dir, 'pkg'), 'actions.create_pets', '--connection', conn);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('no action "create_pets"');
  });

  it('plan names the schemas nothing uses, which the package leaves out', async () => {
    const spec = path.join(repoRoot, 'specs', 'petstore-openapi30.yaml');
    const text = await runCli('plan', spec);
    expect(text.stdout).toContain('left out, used by no action, trigger or pick list (3): NewPet, Pets, Error');
    expect(JSON.parse((await runCli('plan', spec, '--json')).stdout).unusedSchemas).toEqual(['NewPet', 'Pets', 'Error']);
    const types = await readFile(path.join(dir, 'pkg', 'src', 'types.ts'), 'utf8');
    expect(types).toContain('export interface Pet {');
    expect(types).not.toMatch(/NewPet|ErrorObject/);
  });
});
