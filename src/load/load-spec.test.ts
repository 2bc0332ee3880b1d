import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError, type Diagnostic } from '../diagnostics.js';
import { loadSpec, MAX_DEPTH } from './load-spec.js';

const here = dirname(fileURLToPath(import.meta.url));
const specs = join(here, '..', '..', 'specs');
const fixtures = join(here, '__fixtures__');

let work: string;
beforeAll(async () => {
  work = await realpath(await mkdtemp(join(tmpdir(), 'load-spec-')));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** Writes files under a fresh folder and returns its path. */
async function folder(name: string, files: Record<string, string>): Promise<string> {
  const dir = join(work, name);
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  return dir;
}

async function failure(promise: Promise<unknown>): Promise<UserError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error('expected a UserError, but loading succeeded');
}

function only(error: UserError): Diagnostic {
  expect(error.diagnostics).toHaveLength(1);
  return error.diagnostics[0]!;
}

const minimal30 = (extra = '') => `openapi: 3.0.3
info:
  title: t
  version: '1'
paths:
  /pets:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
${extra}`;

describe('loadSpec: each version', () => {
  it.each([
    ['Swagger 2.0 JSON', { given: 'petstore-swagger2.json', want: '2.0' }],
    ['OpenAPI 3.0 YAML', { given: 'petstore-openapi30.yaml', want: '3.0.3' }],
    ['OpenAPI 3.1 YAML', { given: 'petstore-openapi31.yaml', want: '3.1.0' }],
  ])('%s', async (_name, { given, want }) => {
    const spec = await loadSpec(join(specs, given));
    expect(spec.specVersion).toBe(want);
    expect(spec.file).toBe(join(await realpath(specs), given));
    expect(spec.root).toBe(await realpath(specs));
    expect(Object.keys(spec.document.paths as object)).toEqual(['/pets', '/pets/{petId}']);
    expect(spec.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(spec.diagnostics).toEqual([]);
  });

  it('locates pointers in YAML and JSON to the line of the key', async () => {
    const yaml = await loadSpec(join(specs, 'petstore-openapi30.yaml'));
    expect(yaml.locate('/paths/~1pets/get/parameters/0')).toEqual({ file: yaml.file, line: 23 });
    expect(yaml.locate('/components/schemas/Pet')).toEqual({ file: yaml.file, line: 154 });
    const json = await loadSpec(join(specs, 'petstore-swagger2.json'));
    expect(json.locate('/definitions/Pet')).toEqual({ file: json.file, line: expect.any(Number) });
    const text = (await import('node:fs')).readFileSync(json.file, 'utf8').split('\n');
    expect(text[json.locate('/definitions/Pet')!.line - 1]).toMatch(/^\s*"Pet": \{/);
    expect(text[json.locate('/paths/~1pets/get/responses/200/headers/x-next')!.line - 1]).toMatch(/"x-next"/);
    // A pointer that goes past what exists stops at the deepest part that does.
    expect(text[json.locate('/paths/~1pets/get/nothing/here')!.line - 1]).toMatch(/"get"/);
  });

  it('the hash changes with any referenced file, and only then', async () => {
    const dir = await folder('hash', { 'api.yaml': minimal30("                $ref: 'pet.yaml'\n"), 'pet.yaml': 'type: string\n' });
    const first = (await loadSpec(join(dir, 'api.yaml'))).hash;
    expect((await loadSpec(join(dir, 'api.yaml'))).hash).toBe(first);
    await writeFile(join(dir, 'pet.yaml'), 'type: integer\n');
    expect((await loadSpec(join(dir, 'api.yaml'))).hash).not.toBe(first);
  });
});

describe('loadSpec: multi-file refs', () => {
  it('bundles files from sub-folders, keeps cycles as refs and maps pointers back to their files', async () => {
    const spec = await loadSpec(join(fixtures, 'multi', 'api.yaml'));
    const doc = spec.document as any;
    const json = JSON.stringify(doc);
    // Every external ref is gone; what is left points inside the document.
    expect(json).not.toMatch(/"\$ref":"[^#]/);
    expect(doc.components.schemas.Pet.properties.name).toEqual({ type: 'string' });
    // The owner record is bundled where it is first used; pet -> owner -> pets[] -> pet stays a cycle of refs.
    const ownerAt = '#/paths/~1owners~1{ownerId}/get/responses/200/content/application~1json/schema';
    expect(doc.components.schemas.Pet.properties.owner).toEqual({ $ref: ownerAt });
    expect(doc.paths['/owners/{ownerId}'].get.responses['200'].content['application/json'].schema.properties.pets.items).toEqual({ $ref: '#/components/schemas/Pet' });
    expect(doc.paths['/pets'].get.operationId).toBe('listPets');
    expect(doc.paths['/owners/{ownerId}'].get.parameters[0].name).toBe('ownerId');

    const multi = await realpath(join(fixtures, 'multi'));
    expect(spec.files).toEqual([join(multi, 'api.yaml'), join(multi, 'paths', 'parameters.yaml'), join(multi, 'paths', 'pets.yaml'), join(multi, 'schemas', 'owner record.yaml'), join(multi, 'schemas', 'pet.yaml')]);
    expect(spec.locate('/paths/~1pets/get/operationId')).toEqual({ file: join(multi, 'paths', 'pets.yaml'), line: 2 });
    expect(spec.locate(ownerAt.slice(1) + '/properties/pets')).toEqual({ file: join(multi, 'schemas', 'owner record.yaml'), line: 5 });
    expect(spec.locate('/components/schemas/Pet/properties/owner')).toEqual({ file: join(multi, 'schemas', 'pet.yaml'), line: 6 });
    expect(spec.locate('/paths/~1owners~1{ownerId}/get/parameters/0/in')).toEqual({ file: join(multi, 'paths', 'parameters.yaml'), line: 3 });
    expect(spec.locate('/paths/~1owners~1{ownerId}/get')).toEqual({ file: join(multi, 'api.yaml'), line: 9 });
  });

  it('reports a missing file and a missing fragment at the $ref', async () => {
    const dir = await folder('missing', {
      'api.yaml': minimal30("                $ref: 'nope.yaml'\n") + `    post:
      responses:
        '200':
          $ref: 'parts.yaml#/responses/Missing'
`,
      'parts.yaml': 'responses: {}\n',
    });
    const error = await failure(loadSpec(join(dir, 'api.yaml')));
    expect(error.diagnostics.map((d) => [d.code, d.pointer, d.line])).toEqual([
      ['unresolved-ref', '/paths/~1pets/get/responses/200/content/application~1json/schema', 14],
      ['unresolved-ref', '/paths/~1pets/post/responses/200', 18],
    ]);
    expect(error.diagnostics[0]!.message).toMatch(/file not found \(nope\.yaml\)/);
    expect(error.diagnostics[1]!.message).toMatch(/points to nothing in parts\.yaml/);
  });

  it('reports an internal ref that points to nothing', async () => {
    const dir = await folder('internal', { 'api.yaml': minimal30("                $ref: '#/components/schemas/Nope'\n") });
    const d = only(await failure(loadSpec(join(dir, 'api.yaml'))));
    expect(d).toMatchObject({ code: 'unresolved-ref', line: 14, file: join(dir, 'api.yaml') });
  });
});

describe('loadSpec: refs may not leave the spec folder (issue 6)', () => {
  const secret = 'type: string\ndescription: TOP-SECRET-CONTENT\n';
  let spec: string;
  beforeAll(async () => {
    await folder('escape', { 'secret.yaml': secret, 'spec/sub/inner.yaml': 'type: string\n' });
    spec = join(work, 'escape', 'spec');
    await symlink(join(work, 'escape', 'secret.yaml'), join(spec, 'link.yaml'));
    await symlink(join(work, 'escape'), join(spec, 'linkdir'));
  });

  it.each([
    ['a ../ chain', () => '../secret.yaml'],
    ['a ../ chain through a sub-folder', () => 'sub/../../secret.yaml'],
    ['an absolute path', () => join(work, 'escape', 'secret.yaml')],
    ['a file: URL', () => pathToFileURL(join(work, 'escape', 'secret.yaml')).href],
    ['a symlinked file leading outside', () => 'link.yaml'],
    ['a symlinked folder leading outside', () => 'linkdir/secret.yaml'],
    ['/etc/passwd', () => '/etc/passwd'],
  ])('%s is refused with file, pointer and line', async (_name, ref) => {
    await writeFile(join(spec, 'api.yaml'), minimal30(`                $ref: '${ref()}'\n`));
    const error = await failure(loadSpec(join(spec, 'api.yaml')));
    const d = only(error);
    expect(d).toMatchObject({
      code: 'ref-outside-root',
      severity: 'error',
      file: join(spec, 'api.yaml'),
      pointer: '/paths/~1pets/get/responses/200/content/application~1json/schema',
      line: 14,
    });
    expect(d.message).toContain(ref());
    expect(JSON.stringify(error.diagnostics) + error.message).not.toContain('TOP-SECRET');
  });

  it('an encoded slash is not a way out either', async () => {
    await writeFile(join(spec, 'api.yaml'), minimal30("                $ref: '..%2Fsecret.yaml'\n"));
    const d = only(await failure(loadSpec(join(spec, 'api.yaml'))));
    expect(['invalid-ref', 'unresolved-ref']).toContain(d.code);
    expect(d.line).toBe(14);
  });

  it('a file inside the folder is fine, also through ./ and sub/../', async () => {
    await writeFile(join(spec, 'api.yaml'), minimal30("                $ref: './sub/../sub/inner.yaml'\n"));
    const loaded = await loadSpec(join(spec, 'api.yaml'));
    expect((loaded.document as any).paths['/pets'].get.responses['200'].content['application/json'].schema).toEqual({ type: 'string' });
  });

  it('refs in a referenced file are checked too, located in that file', async () => {
    await writeFile(join(spec, 'sub', 'hop.yaml'), "type: object\nproperties:\n  a:\n    $ref: '../../secret.yaml'\n");
    await writeFile(join(spec, 'api.yaml'), minimal30("                $ref: 'sub/hop.yaml'\n"));
    const d = only(await failure(loadSpec(join(spec, 'api.yaml'))));
    expect(d).toMatchObject({ code: 'ref-outside-root', file: join(spec, 'sub', 'hop.yaml'), pointer: '/properties/a', line: 4 });
  });

  it('a $ref hidden in an example is checked as well (the bundler would follow it)', async () => {
    await writeFile(join(spec, 'api.yaml'), minimal30("                type: object\n                example:\n                  $ref: '../secret.yaml'\n"));
    expect(only(await failure(loadSpec(join(spec, 'api.yaml')))).code).toBe('ref-outside-root');
  });
});

describe('loadSpec: remote refs', () => {
  let server: Server;
  let base: string;
  const requests: string[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push(req.url ?? '');
      if (req.url === '/pet.yaml') {
        res.setHeader('content-type', 'application/yaml');
        res.end("type: object\nproperties:\n  name:\n    type: string\n  tag:\n    $ref: 'tag.json'\n");
      } else if (req.url === '/tag.json') {
        res.setHeader('content-type', 'application/json');
        res.end('{"type": "string", "maxLength": 20}');
      } else if (req.url === '/moved.yaml') {
        res.statusCode = 302;
        res.setHeader('location', 'http://example.invalid/pet.yaml');
        res.end();
      } else {
        res.statusCode = 404;
        res.end();
      }
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((ok) => server.close(ok));
  });

  async function specWith(ref: string): Promise<string> {
    const dir = await folder(`remote-${requests.length}-${Math.random().toString(36).slice(2)}`, { 'api.yaml': minimal30(`                $ref: '${ref}'\n`) });
    return join(dir, 'api.yaml');
  }

  it('are refused by default, without any request', async () => {
    const before = requests.length;
    const d = only(await failure(loadSpec(await specWith(`${base}/pet.yaml`))));
    expect(d).toMatchObject({ code: 'remote-ref', line: 14, pointer: '/paths/~1pets/get/responses/200/content/application~1json/schema' });
    expect(requests.length).toBe(before);
  });

  it('are refused when the host is not allowed', async () => {
    const d = only(await failure(loadSpec(await specWith(`${base}/pet.yaml`), { allowRemoteRefs: true, allowedHosts: ['example.com'] })));
    expect(d.code).toBe('remote-ref');
    expect(d.message).toMatch(/not in the allowed hosts/);
  });

  it('are fetched and bundled with the opt-in and an allowed host, relative refs included', async () => {
    const spec = await loadSpec(await specWith(`${base}/pet.yaml`), { allowRemoteRefs: true, allowedHosts: ['127.0.0.1'] });
    const schema = (spec.document as any).paths['/pets'].get.responses['200'].content['application/json'].schema;
    expect(schema.properties.tag).toEqual({ type: 'string', maxLength: 20 });
    expect(spec.locate('/paths/~1pets/get/responses/200/content/application~1json/schema/properties/tag')).toEqual({ file: `${base}/tag.json`, line: 1 });
  });

  it('redirects are not followed', async () => {
    const error = await failure(loadSpec(await specWith(`${base}/moved.yaml`), { allowRemoteRefs: true, allowedHosts: ['127.0.0.1'] }));
    expect(only(error)).toMatchObject({ code: 'remote-ref', line: 14 });
    expect(only(error).message).toMatch(/redirect/);
  });
});

describe('loadSpec: syntax and validation errors are located', () => {
  it.each([
    ['YAML syntax error', { given: { 'api.yaml': 'openapi: 3.0.3\ninfo:\n  title: [unclosed\n  version: 1\npaths: {}\n' }, want: { code: 'syntax-error', line: 4 } }],
    ['JSON syntax error', { given: { 'api.json': '{\n  "openapi": "3.0.3",\n  "info": {"title": "t" "version": "1"},\n  "paths": {}\n}\n' }, want: { code: 'syntax-error', line: 3 } }],
    ['duplicate YAML keys', { given: { 'api.yaml': 'openapi: 3.0.3\ninfo: {title: t, version: "1"}\npaths: {}\npaths: {}\n' }, want: { code: 'syntax-error', line: 4 } }],
    ['not an OpenAPI document', { given: { 'api.yaml': 'hello: world\n' }, want: { code: 'not-openapi', line: 1 } }],
    ['a list at the top', { given: { 'api.json': '[1, 2]' }, want: { code: 'not-openapi', line: 1 } }],
    ['a numeric version', { given: { 'api.yaml': 'info: {}\nopenapi: 3.0\npaths: {}\n' }, want: { code: 'not-openapi', line: 2 } }],
    ['an unsupported version', { given: { 'api.yaml': 'swagger: "1.2"\n' }, want: { code: 'not-openapi', line: 1 } }],
  ])('%s', async (name, { given, want }) => {
    const dir = await folder(`syntax-${name.replace(/\W+/g, '-')}`, given);
    const file = join(dir, Object.keys(given)[0]!);
    const error = await failure(loadSpec(file));
    expect(error.diagnostics[0]).toMatchObject({ ...want, file });
    expect(error.message).toContain(`${file}:${want.line}`);
  });

  it('validation errors: short messages, pointer, file and line, in document order', async () => {
    const dir = await folder('invalid', {
      'api.yaml': `openapi: 3.0.3
info:
  title: t
paths:
  /pets:
    get:
      parameters:
        - name: limit
          in: querry
          schema:
            type: integer
      responses: {}
  pets:
    get:
      responses:
        '200':
          description: ok
`,
    });
    const file = join(dir, 'api.yaml');
    const error = await failure(loadSpec(file));
    expect(error.diagnostics.map((d) => [d.pointer, d.line, d.message])).toEqual([
      ['/info', 2, "/info: must have property 'version'"],
      ['/paths/~1pets/get/parameters/0/in', 9, '/paths/~1pets/get/parameters/0/in: must be one of "path", "query", "header", "cookie"'],
      ['/paths/~1pets/get/responses', 12, '/paths/~1pets/get/responses: must have at least one response'],
      ['/paths/pets', 13, "/paths/pets: path 'pets' must start with '/'"],
    ]);
    expect(error.diagnostics.every((d) => d.code === 'invalid-spec' && d.file === file && d.severity === 'error')).toBe(true);
  });

  it('a Swagger 2.0 parameter with a bad type names the type, not every oneOf branch', async () => {
    const dir = await folder('invalid2', {
      'api.json': JSON.stringify({ swagger: '2.0', info: { title: 't', version: '1' }, paths: { '/p': { get: { parameters: [{ name: 'a', in: 'query', type: 'strin' }], responses: { 200: { description: 'ok' } } } } } }, null, 1),
    });
    const d = only(await failure(loadSpec(join(dir, 'api.json'))));
    expect(d.pointer).toBe('/paths/~1p/get/parameters/0/type');
    expect(d.message).toMatch(/must be one of "string", "number", "boolean", "integer", "array"/);
    expect(d.line).toBe(14);
  });

  it('errors inside a referenced file are located in that file', async () => {
    const dir = await folder('invalid-ref', {
      'api.yaml': "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /pets:\n    $ref: 'pets.yaml'\n",
      'pets.yaml': 'get:\n  responses:\n    "200":\n      descriptio: typo\n',
    });
    const error = await failure(loadSpec(join(dir, 'api.yaml')));
    expect(error.diagnostics[0]).toMatchObject({ file: join(dir, 'pets.yaml'), line: 3, pointer: '/paths/~1pets/get/responses/200' });
  });

  it('at most 20 diagnostics, the message says how many there were', async () => {
    const paths = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`/p${i}`, { get: { responses: {} } }]));
    const dir = await folder('many', { 'api.json': JSON.stringify({ openapi: '3.0.3', info: { title: 't', version: '1' }, paths }) });
    const error = await failure(loadSpec(join(dir, 'api.json')));
    expect(error.diagnostics).toHaveLength(20);
    expect(error.message).toMatch(/and 29 more/);
  });
});

describe('loadSpec: hostile shapes', () => {
  function deepSchema(levels: number): unknown {
    let s: unknown = { type: 'string' };
    for (let i = 0; i < levels; i++) s = { type: 'object', properties: { a: s } };
    return s;
  }
  const doc = (schema: unknown) => ({ openapi: '3.0.3', info: { title: 't', version: '1' }, paths: {}, components: { schemas: { Deep: schema } } });

  it('a deep but sane document loads', async () => {
    const dir = await folder('deep-ok', { 'api.json': JSON.stringify(doc(deepSchema(200))) });
    const spec = await loadSpec(join(dir, 'api.json'));
    expect(spec.specVersion).toBe('3.0.3');
  });

  it.each([
    ['JSON, 20,000 levels', { name: 'api.json', text: () => '{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}, "x": ' + '{"a":'.repeat(20_000) + '1' + '}'.repeat(20_000) + '}' }],
    ['YAML flow style, 5,000 levels', { name: 'api.yaml', text: () => 'openapi: 3.0.3\ninfo: {title: t, version: "1"}\npaths: {}\nx-deep: ' + '['.repeat(5000) + ']'.repeat(5000) + '\n' }],
    ['YAML block style, 1,500 levels', { name: 'api.yaml', text: () => 'openapi: 3.0.3\ninfo: {title: t, version: "1"}\npaths: {}\nx-deep:\n' + Array.from({ length: 1500 }, (_, i) => ' '.repeat(i + 1) + 'a:\n').join('') + ' '.repeat(1501) + 'b: 1\n' }],
    ['JSON-looking .yaml that is not JSON', { name: 'api.yaml', text: () => '{"openapi": "3.0.3", "x": ' + '{"a":'.repeat(3000) + '1' + '}'.repeat(3000) + ', oops}' }],
  ])('%s: a clear too-deep error, no crash', async (name, { name: file, text }) => {
    const dir = await folder(`deep-${name.replace(/\W+/g, '-')}`, { [file]: text() });
    const error = await failure(loadSpec(join(dir, file)));
    expect(error.diagnostics[0]!.code).toBe('too-deep');
    expect(error.diagnostics[0]!.file).toBe(join(dir, file));
  });

  it(`the depth limit is ${MAX_DEPTH} levels`, async () => {
    // The document is level 0, so `x-deep` holding n nested arrays reaches level n.
    const nested = (n: number) => '{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}, "x-deep": ' + '['.repeat(n) + ']'.repeat(n) + '}';
    const ok = await folder('depth-at-limit', { 'api.json': nested(MAX_DEPTH) });
    await expect(loadSpec(join(ok, 'api.json'))).resolves.toBeDefined();
    const bad = await folder('depth-over-limit', { 'api.json': nested(MAX_DEPTH + 1) });
    expect((await failure(loadSpec(join(bad, 'api.json')))).diagnostics[0]!.code).toBe('too-deep');
  });

  it('a YAML alias bomb is refused', async () => {
    const lines = ['openapi: 3.0.3', "info: {title: t, version: '1'}", 'paths: {}', 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++) lines.push(`a${i}: &a${i} [*a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}]`);
    const dir = await folder('bomb', { 'api.yaml': lines.join('\n') + '\n' });
    expect((await failure(loadSpec(join(dir, 'api.yaml')))).diagnostics[0]!.code).toBe('syntax-error');
  });

  it('a __proto__ key stays a plain key', async () => {
    const dir = await folder('proto', { 'api.yaml': "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    __proto__:\n      type: string\n" });
    const spec = await loadSpec(join(dir, 'api.yaml'));
    const schemas = (spec.document as any).components.schemas;
    expect(Object.keys(schemas)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(schemas)).toBe(Object.prototype);
  });

  it('a circular ref in a single file loads', async () => {
    const dir = await folder('cycle', {
      'api.yaml': `openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    Node:
      type: object
      properties:
        next:
          $ref: '#/components/schemas/Node'
`,
    });
    const spec = await loadSpec(join(dir, 'api.yaml'));
    expect((spec.document as any).components.schemas.Node.properties.next).toEqual({ $ref: '#/components/schemas/Node' });
  });

  it('YAML warnings (an unknown tag) are returned as located warnings, and nothing runs', async () => {
    const dir = await folder('tags', { 'api.yaml': "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\nx-code: !!js/function 'function () { throw new Error(1) }'\n" });
    const spec = await loadSpec(join(dir, 'api.yaml'));
    expect(spec.diagnostics).toEqual([expect.objectContaining({ code: 'yaml-warning', severity: 'warning', file: join(dir, 'api.yaml'), line: 4 })]);
    expect(typeof spec.document['x-code']).toBe('string');
  });

  it('a missing root file is a UserError', async () => {
    expect(only(await failure(loadSpec(join(work, 'nope.yaml')))).code).toBe('file-not-found');
  });
});

describe('loadSpec: a spec file that cannot be read', () => {
  // /proc/self/mem is a file whose first page never reads (EIO), whoever runs the tests; permissions would not
  // stop root.
  it.skipIf(process.platform !== 'linux')('is a located UserError, not an internal one', async () => {
    const error = await loadSpec('/proc/self/mem').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    const [d] = (error as UserError).diagnostics;
    // Named by its real path (/proc/self is a link to the process's own folder).
    expect([d!.code, d!.file]).toEqual(['file-unreadable', `/proc/${process.pid}/mem`]);
    expect(d!.message).toMatch(/^cannot read the spec: EIO/);
  });
});
