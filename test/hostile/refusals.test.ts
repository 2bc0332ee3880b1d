/**
 * Broken and malicious documents are refused the same way: exit 1, one located message (file, line, pointer
 * where there is one), no stack trace, and nothing written where the package would have gone.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, tempDir } from '../helpers.js';
import { expectRefused } from './support.js';

const head = 'openapi: 3.0.3\ninfo: {title: t, version: "1"}\n';
const bomb = ['openapi: 3.0.3', "info: {title: t, version: '1'}", 'paths: {}', 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]']
  .concat(Array.from({ length: 9 }, (_, i) => `a${i + 1}: &a${i + 1} [${Array(10).fill(`*a${i}`).join(', ')}]`))
  .join('\n');

const cases: [string, { name: string; text: string | Buffer; code: string; line?: number; pointer?: string }][] = [
  ['a YAML syntax error', { name: 'api.yaml', text: head + 'paths:\n  /a: [unclosed\n', code: 'syntax-error' }],
  ['a JSON syntax error', { name: 'api.json', text: '{\n  "openapi": "3.0.3",\n  "info": {"title": "t" "version": "1"},\n  "paths": {}\n}\n', code: 'syntax-error', line: 3 }],
  ['duplicate keys', { name: 'api.yaml', text: head + 'paths: {}\npaths: {}\n', code: 'syntax-error', line: 4 }],
  ['an empty file', { name: 'api.yaml', text: '', code: 'not-openapi' }],
  ['binary garbage', { name: 'api.json', text: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0xfe]), code: 'not-openapi' }],
  ['not an OpenAPI document', { name: 'api.yaml', text: 'hello: world\n', code: 'not-openapi', line: 1 }],
  ['an unsupported version', { name: 'api.yaml', text: 'openapi: 4.0.0\ninfo: {title: t, version: "1"}\npaths: {}\n', code: 'not-openapi', line: 1, pointer: '/openapi' }],
  ['a schema violation', { name: 'api.yaml', text: head + 'paths:\n  /a:\n    get:\n      responses: {}\n', code: 'invalid-spec', line: 6, pointer: '/paths/~1a/get/responses' }],
  ['a $ref to nothing', { name: 'api.yaml', text: head + "paths:\n  /a:\n    get:\n      responses:\n        '200': {$ref: '#/components/responses/Missing'}\n", code: 'unresolved-ref', line: 7 }],
  ['a YAML alias bomb', { name: 'api.yaml', text: bomb, code: 'syntax-error' }],
  ['JSON nested 100,000 levels', { name: 'api.json', text: '{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}, "x": ' + '['.repeat(100_000) + ']'.repeat(100_000) + '}', code: 'too-deep' }],
];

let work: string;
beforeAll(async () => {
  work = await tempDir('hostile-refusals');
});
afterAll(async () => {
  await removeDir(work);
});

describe('refused, located, nothing written', () => {
  it.each(cases)('%s', async (name, { name: file, text, code, line, pointer }) => {
    const folder = path.join(work, name.replace(/\W+/g, '-'));
    await mkdir(folder, { recursive: true });
    const spec = path.join(folder, file);
    await writeFile(spec, text);
    const r = await expectRefused(spec, path.join(folder, 'out'));
    expect(r.code).toBe(code);
    expect(path.basename(r.file)).toBe(file);
    if (line !== undefined) expect(r.line).toBe(line);
    if (pointer !== undefined) expect(r.pointer).toBe(pointer);
  });

  it('a spec that is not there, or is a folder', async () => {
    const missing = await expectRefused(path.join(work, 'nothing-here.yaml'), path.join(work, 'out-missing'));
    expect(missing.code).toBe('file-not-found');
    const folder = await expectRefused(work, path.join(work, 'out-folder'));
    expect(folder.code).toBe('file-not-found');
  });
});
