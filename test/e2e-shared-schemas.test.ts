/**
 * An inline object the spec repeats word for word (an address, written out in three schemas and one request
 * body) becomes one object definition. End to end: the package type-checks with the real tsc, the plan says
 * where the definition came from, and an action whose body refers to it validates its input through the
 * reference and sends it to a local server as given.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, removeDir, repoRoot, runCli, startServer, tempDir, typecheck, writeInput, type TestServer } from './helpers.js';

const spec = path.join(repoRoot, 'test', 'fixtures', 'repeated-inline.yaml');
let dir: string;
let server: TestServer;
let conn: string;

beforeAll(async () => {
  dir = await tempDir('e2e-shared');
  const gen = await runCli('generate', spec, '-o', path.join(dir, 'pkg'));
  expect(gen.code, gen.stderr).toBe(0);
  server = await startServer((req, res) => {
    if (req.method === 'POST' && req.path === '/v1/orders') return json(res, 201, { id: 9, ...JSON.parse(req.body), billing: { city: 'Paris' } });
    return json(res, 404, { message: 'not here' });
  });
  conn = path.join(dir, 'conn.json');
  await writeFile(conn, JSON.stringify({ token: 'tok', baseUrl: `${server.url}/v1` }));
});

afterAll(async () => {
  await server?.close();
  await removeDir(dir);
});

describe('a repeated inline object, defined once', () => {
  it('is one object definition that the others refer to, and the package type-checks', async () => {
    const defs = await readFile(path.join(dir, 'pkg', 'src', 'object-definitions.ts'), 'utf8');
    expect(defs.match(/^ {2}[a-z_]+: \{$/gm)).toEqual(['  order: {', '  invoice: {', '  order_shipping: {']);
    expect(defs.match(/object_definition: 'order_shipping'/g)).toHaveLength(3);
    expect(defs.match(/\$ref: '#\/objectDefinitions\/order_shipping'/g)).toHaveLength(3);
    expect(defs.match(/pattern: '\^\[0-9\]\{5\}\$'/g)).toHaveLength(1);
    const types = await readFile(path.join(dir, 'pkg', 'src', 'types.ts'), 'utf8');
    expect(types).toMatch(/shipping\?: OrderShipping;\n {2}billing\?: OrderShipping;/);
    expect(await typecheck(path.join(dir, 'pkg'))).toBe('');
  });

  it('plan --json says how many copies it stands for and where the first is', async () => {
    const r = await runCli('plan', spec, '--json');
    expect(r.code, r.stderr).toBe(0);
    const plan = JSON.parse(r.stdout);
    const def = plan.objectDefinitions.find((d: { key: string }) => d.key === 'order_shipping');
    expect(def).toMatchObject({ sourceName: 'Order-shipping', sourceCopies: 3, title: 'Order shipping' });
    expect(def.reasons.join(' ')).toContain('/components/schemas/Order/properties/shipping');
    const text = await runCli('plan', spec);
    expect(text.stdout).toContain('object definitions: 3 (1 of them inline schemas the spec repeats)');
  });

  it('an action whose body holds the object validates it through the reference, then sends it as given', async () => {
    server.requests.length = 0;
    const bad = await runCli('exec', path.join(dir, 'pkg'), 'actions.create_order', '--connection', conn, '--input', await writeInput(dir, 'bad', { shipping: { city: 'Lyon', postcode: '69' } }));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/shipping\.postcode/);
    const missing = await runCli('exec', path.join(dir, 'pkg'), 'actions.create_order', '--connection', conn, '--input', await writeInput(dir, 'missing', { shipping: { street: '1 rue' } }));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/shipping\.city/);
    expect(server.requests).toHaveLength(0);

    const shipping = { street: '1 rue Neuve', city: 'Lyon', postcode: '69001' };
    const ok = await runCli('exec', path.join(dir, 'pkg'), 'actions.create_order', '--connection', conn, '--input', await writeInput(dir, 'ok', { note: 'fragile', shipping }));
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual({ id: 9, note: 'fragile', shipping, billing: { city: 'Paris' } });
    expect(server.requests.map((q) => `${q.method} ${q.url} ${q.body}`)).toEqual([`POST /v1/orders ${JSON.stringify({ note: 'fragile', shipping })}`]);
    expect(server.requests[0]!.headers['authorization']).toBe('Bearer tok');
  });
});
