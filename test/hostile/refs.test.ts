/**
 * A spec is untrusted: its `$ref`s may not read files outside the spec's folder (absolute paths, `../` chains,
 * `file:` URLs, symbolic links, refs inside referenced files), nor fetch anything remote unless the user opts in
 * with `--allow-remote-refs` and names the host. Each refusal is located and writes nothing.
 */
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, runCli, startServer, tempDir, type TestServer } from '../helpers.js';
import { expectRefused, fixtures } from './support.js';

const refs = path.join(fixtures, 'refs');
const SECRET = 'OUTSIDE-SECRET-7f3a';
const SCHEMA_POINTER = '/paths/~1pets/get/responses/200/content/application~1json/schema';

let work: string;
beforeAll(async () => {
  work = await tempDir('hostile-refs');
});
afterAll(async () => {
  await removeDir(work);
});

/** A spec whose one response schema is `$ref: <ref>`, written into `folder`. */
async function specWithRef(folder: string, ref: string, name = 'api.yaml'): Promise<string> {
  await mkdir(folder, { recursive: true });
  const file = path.join(folder, name);
  await writeFile(
    file,
    [
      'openapi: 3.0.3',
      "info: {title: Hostile refs, version: '1'}",
      'paths:',
      '  /pets:',
      '    get:',
      '      operationId: listPets',
      '      responses:',
      "        '200':",
      '          description: ok',
      '          content:',
      '            application/json:',
      '              schema:',
      `                $ref: ${JSON.stringify(ref)}`,
      'servers:',
      '  - url: https://api.example.com',
      '',
    ].join('\n'),
  );
  return file;
}

describe('local $refs leaving the spec folder are refused', () => {
  it.each([
    ['a ../ chain', { given: 'dotdot.yaml', want: 'ref-outside-root' }],
    ['a ../ chain through a sub-folder', { given: 'dotdot-through-sub.yaml', want: 'ref-outside-root' }],
    ['a long ../ chain to /etc/passwd', { given: 'dotdot-chain.yaml', want: 'ref-outside-root' }],
    ['an absolute path', { given: 'absolute.yaml', want: 'ref-outside-root' }],
    ['a file: URL', { given: 'file-url.yaml', want: 'ref-outside-root' }],
    ['a file: URL with a host', { given: 'file-url-host.yaml', want: 'ref-outside-root' }],
    ['percent-encoded dots', { given: 'encoded-dotdot.yaml', want: 'ref-outside-root' }],
    ['backslashes', { given: 'backslash.yaml', want: 'ref-outside-root' }],
    ['an ftp: URL', { given: 'unsupported-scheme.yaml', want: 'unsupported-ref' }],
    ['a data: URL', { given: 'data-url.yaml', want: 'unsupported-ref' }],
  ])('%s', async (_name, { given, want }) => {
    const r = await expectRefused(path.join(refs, given), path.join(work, 'out', given));
    expect(r.code).toBe(want);
    expect(path.basename(r.file)).toBe(given);
    expect(r.line).toBe(13);
    expect(r.pointer).toBe(SCHEMA_POINTER);
    expect(r.stderr).not.toContain(SECRET);
  });

  it('a ref in a referenced file is checked too, and located in that file', async () => {
    const r = await expectRefused(path.join(refs, 'via-inside-file.yaml'), path.join(work, 'out', 'via-inside-file'));
    expect(r.code).toBe('ref-outside-root');
    expect(r.file.split(/[\\/]/).slice(-2).join('/')).toBe('sub/escape.yaml');
    expect(r.line).toBe(6);
    expect(r.pointer).toBe('/Pet/properties/secret');
    expect(r.stderr).not.toContain(SECRET);
  });

  it('a ref to a file inside the folder is fine', async () => {
    const out = path.join(work, 'out', 'inside-ok');
    const r = await runCli('generate', path.join(refs, 'inside-ok.yaml'), '-o', out);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(await readFile(path.join(out, 'src', 'actions', 'list-pets.ts'), 'utf8')).toContain('INSIDE-OK');
  });

  describe('built at run time (absolute paths of this machine, symbolic links)', () => {
    let secretFile: string;
    let spec: string;
    beforeAll(async () => {
      const outside = path.join(work, 'outside');
      await mkdir(outside, { recursive: true });
      secretFile = path.join(outside, 'secret.yaml');
      await writeFile(secretFile, `Secret:\n  type: string\n  description: ${SECRET}\n`);
      spec = path.join(work, 'spec');
      await mkdir(spec, { recursive: true });
      await symlink(secretFile, path.join(spec, 'link.yaml'));
      await symlink(outside, path.join(spec, 'linkdir'), 'dir');
    });

    it.each([
      ['the absolute path of a sibling folder', () => `${secretFile}#/Secret`],
      ['a file: URL to it', () => `${pathToFileURL(secretFile).href}#/Secret`],
      ['a symlinked file leading outside', () => 'link.yaml#/Secret'],
      ['a symlinked folder leading outside', () => 'linkdir/secret.yaml#/Secret'],
    ])('%s', async (name, ref) => {
      const file = await specWithRef(spec, ref(), `${name.replace(/\W+/g, '-')}.yaml`);
      const r = await expectRefused(file, path.join(work, 'out', path.basename(file)));
      expect(r.code).toBe('ref-outside-root');
      expect(r.line).toBe(13);
      expect(r.pointer).toBe(SCHEMA_POINTER);
      expect(r.stderr).not.toContain(SECRET);
    });

    it('a spec reached through a symlink is confined to its real folder', async () => {
      const real = path.join(work, 'real');
      const file = await specWithRef(real, '../outside/secret.yaml#/Secret');
      const viaLink = path.join(work, 'alias');
      await symlink(real, viaLink, 'dir');
      const r = await expectRefused(path.join(viaLink, 'api.yaml'), path.join(work, 'out', 'alias'));
      expect(r.code).toBe('ref-outside-root');
      expect(path.basename(file)).toBe('api.yaml');
    });
  });
});

describe('remote $refs', () => {
  let server: TestServer;
  let spec: string;
  beforeAll(async () => {
    server = await startServer((req, res) => {
      if (req.path === '/pet.yaml') return void res.writeHead(200, { 'content-type': 'application/yaml' }).end('Pet:\n  type: object\n  properties:\n    name: {type: string, description: REMOTE-PET-NAME}\n');
      if (req.path === '/local.yaml') return void res.writeHead(200, { 'content-type': 'application/yaml' }).end("Pet:\n  $ref: 'file:///etc/passwd'\n");
      if (req.path === '/moved.yaml') return void res.writeHead(302, { location: 'http://example.com/pet.yaml' }).end();
      res.writeHead(404).end();
    });
    spec = path.join(work, 'remote');
  });
  afterAll(async () => {
    await server?.close();
  });

  it.each([
    ['refused by default', { args: [] as string[], want: /remote references are off/ }],
    ['refused with the opt-in but no allowed host', { args: ['--allow-remote-refs'], want: /not in the allowed hosts/ }],
    ['refused when the host is not allowed', { args: ['--allow-remote-refs', '--allowed-hosts', 'example.com,localhost'], want: /not in the allowed hosts/ }],
  ])('%s, without a single request', async (name, { args, want }) => {
    server.requests.length = 0;
    const file = await specWithRef(spec, `${server.url}/pet.yaml#/Pet`, `${name.replace(/\W+/g, '-')}.yaml`);
    const r = await expectRefused(file, path.join(work, 'out', path.basename(file)), ...args);
    expect(r.code).toBe('remote-ref');
    expect(r.line).toBe(13);
    expect(r.pointer).toBe(SCHEMA_POINTER);
    expect(r.stderr).toMatch(want);
    expect(server.requests).toEqual([]);
  });

  it('fetched with --allow-remote-refs and --allowed-hosts 127.0.0.1', async () => {
    server.requests.length = 0;
    const file = await specWithRef(spec, `${server.url}/pet.yaml#/Pet`, 'allowed.yaml');
    const out = path.join(work, 'out', 'allowed');
    const r = await runCli('generate', file, '-o', out, '--allow-remote-refs', '--allowed-hosts', '127.0.0.1');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(server.requests.map((q) => q.path)).toEqual(['/pet.yaml']);
    expect(await readFile(path.join(out, 'src', 'actions', 'list-pets.ts'), 'utf8')).toContain('REMOTE-PET-NAME');
  });

  it('a remote document may not read local files', async () => {
    const file = await specWithRef(spec, `${server.url}/local.yaml#/Pet`, 'remote-to-local.yaml');
    const r = await expectRefused(file, path.join(work, 'out', 'remote-to-local'), '--allow-remote-refs', '--allowed-hosts', '127.0.0.1');
    expect(r.code).toBe('ref-outside-root');
  });

  it('redirects are not followed (they could leave the allowed hosts)', async () => {
    const file = await specWithRef(spec, `${server.url}/moved.yaml#/Pet`, 'moved.yaml');
    const r = await expectRefused(file, path.join(work, 'out', 'moved'), '--allow-remote-refs', '--allowed-hosts', '127.0.0.1');
    expect(r.stderr).toMatch(/redirect/);
    expect(r.line).toBe(13);
  });
});
