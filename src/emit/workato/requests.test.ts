import { describe, expect, it } from 'vitest';
import type { PlanRequest } from '../../plan/types.js';
import { encodePathText, requestCode } from './requests.js';

describe('encodePathText', () => {
  it.each([
    ['kept', { given: "pets/a:b@c!$&'()*+,;=-._~", want: "pets/a:b@c!$&'()*+,;=-._~" }],
    ['space and hash', { given: 'a b#c', want: 'a%20b%23c' }],
    ['existing escapes stay, a lone percent is escaped', { given: '%41%zz', want: '%41%25zz' }],
    ['unicode as UTF-8', { given: 'é', want: '%C3%A9' }],
  ])('%s', (_name, { given, want }) => {
    expect(encodePathText(given)).toBe(want);
  });
});

describe('requestCode', () => {
  const base: PlanRequest = { method: 'get', path: '/pets', params: [], response: { status: '200', kind: 'json' } };
  it.each([
    ['relative path', { given: base, setup: ["path = 'pets'"], call: ['get(path)'] }],
    ['a colon in the first segment stays a path', { given: { ...base, path: '/v1:batch' }, setup: ["path = './v1:batch'"], call: ['get(path)'] }],
    ['root', { given: { ...base, path: '/' }, setup: ["path = ''"], call: ['get(path)'] }],
    [
      'matrix path parameter with explode',
      { given: { ...base, path: '/a/{id}', params: [{ field: 'id', name: 'id', in: 'path', style: 'matrix', explode: true, required: true }] } as PlanRequest, setup: ["path = 'a/' + call('path_param', input['id'], 'id', 'matrix', true)"], call: ['get(path)'] },
    ],
    [
      'trace is refused',
      { given: { ...base, method: 'trace' } as PlanRequest, setup: ["path = 'pets'"], call: ["error('The TRACE method is not available in Workato\\'s HTTP DSL')"] },
    ],
  ])('%s', (_name, { given, setup, call }) => {
    const code = requestCode(given, { input: 'input', fields: new Map() });
    expect(code.setup).toEqual(setup);
    expect(code.call).toEqual(call);
  });

  it('sends an optional empty body as no body, wraps the envelope only around a body', () => {
    const code = requestCode(
      { ...base, method: 'post', body: { mediaType: 'application/json', encoding: 'json', required: false, mode: 'properties', properties: [{ field: 'n', name: 'name', required: false }], envelope: ['data'] } },
      { input: 'input', fields: new Map() },
    );
    expect(code.setup).toEqual(["path = 'pets'", 'body = {', "  'name' => input['n']", '}.compact', 'body = nil if body.empty?', "body = { 'data' => body } if body"]);
    expect(code.call).toEqual(['post(path, body)']);
  });
});
