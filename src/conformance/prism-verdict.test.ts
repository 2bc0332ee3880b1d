import { describe, expect, it } from 'vitest';
import { judgeResponse, requestViolations } from './prism-verdict.js';

const problem = (name: string, extra: Record<string, unknown> = {}): string =>
  JSON.stringify({ type: `https://stoplight.io/prism/errors#${name}`, title: 'Title', status: 400, detail: 'Detail', ...extra });

describe('judgeResponse', () => {
  type Given = Parameters<typeof judgeResponse>[0];
  const ok: Given = { status: 200, contentType: 'application/json', violationsHeader: null, body: '{"id":1}' };
  const cases: [string, { given: Given; want: { kind: 'accepted' | 'rejected'; reason?: RegExp; note?: RegExp } }][] = [
    ['a plain 2xx answer', { given: ok, want: { kind: 'accepted' } }],
    ['a 3xx answer', { given: { ...ok, status: 302, body: '' }, want: { kind: 'accepted' } }],
    [
      // The spec's own 422/400/401 response is sent; only the header tells it came from a violation.
      'request violations in sl-violations, with a response of the spec',
      {
        given: {
          status: 401,
          contentType: 'application/json',
          violationsHeader: JSON.stringify([
            { location: ['request'], severity: 'Error', code: 401, message: 'Invalid security scheme used' },
            { location: ['request', 'query', 'limit'], severity: 'Error', code: 'type', message: 'Request query parameter limit must be integer' },
          ]),
          body: '{"code":1}',
        },
        want: { kind: 'rejected', reason: /^Invalid security scheme used; query\.limit: Request query parameter limit must be integer$/ },
      },
    ],
    [
      'warnings and response violations do not reject the request',
      {
        given: {
          ...ok,
          violationsHeader: JSON.stringify([
            { location: ['request', 'query', 'x'], severity: 'Warning', message: 'deprecated' },
            { location: ['response', 'body'], severity: 'Error', message: 'must be integer' },
          ]),
        },
        want: { kind: 'accepted' },
      },
    ],
    [
      'UNPROCESSABLE_ENTITY problem without a header',
      {
        given: {
          status: 422,
          contentType: 'application/problem+json',
          violationsHeader: null,
          body: problem('UNPROCESSABLE_ENTITY', { validation: [{ location: ['request', 'body'], severity: 'Error', code: 'required', message: "must have required property 'name'" }] }),
        },
        want: { kind: 'rejected', reason: /^UNPROCESSABLE_ENTITY: body: must have required property 'name'$/ },
      },
    ],
    ['no route for the path', { given: { status: 404, contentType: 'application/problem+json', violationsHeader: null, body: problem('NO_PATH_MATCHED_ERROR') }, want: { kind: 'rejected', reason: /^NO_PATH_MATCHED_ERROR: Title — Detail$/ } }],
    ['wrong content type', { given: { status: 415, contentType: 'application/problem+json', violationsHeader: null, body: problem('INVALID_CONTENT_TYPE') }, want: { kind: 'rejected', reason: /INVALID_CONTENT_TYPE/ } }],
    [
      "Prism's mock answer breaks the spec (--errors): the request passed",
      {
        given: {
          status: 500,
          contentType: 'application/problem+json',
          violationsHeader: JSON.stringify([{ location: ['response', 'body', 'id'], severity: 'Error', message: 'must be string' }]),
          body: problem('VIOLATIONS', { validation: [{ location: ['response', 'body', 'id'], severity: 'Error', message: 'must be string' }] }),
        },
        want: { kind: 'accepted', note: /VIOLATIONS: response\.body\.id: must be string/ },
      },
    ],
    ['a problem+json of the API itself is just an answer', { given: { status: 400, contentType: 'application/problem+json', violationsHeader: null, body: '{"type":"https://api.example.com/bad","title":"Bad"}' }, want: { kind: 'accepted' } }],
  ];
  it.each(cases)('%s', (_, { given, want }) => {
    const verdict = judgeResponse(given);
    expect(verdict.kind).toBe(want.kind);
    if (want.reason) expect(verdict.kind === 'rejected' ? verdict.reason : '').toMatch(want.reason);
    if (want.note) expect(verdict.kind === 'accepted' ? verdict.note : '').toMatch(want.note);
    if (!want.note && verdict.kind === 'accepted') expect(verdict.note).toBeUndefined();
  });
});

describe('requestViolations', () => {
  it('reads the entries left in a header Prism had to cut', () => {
    const cut =
      'Too many violations! [{"location":["response","body","a"],"severity":"Error","code":"type","message":"must be string"},' +
      '{"location":["request","query","q"],"severity":"Error","code":"type","message":"Request query parameter q must be \\"x\\""},' +
      '{"location":["request","body"],"severity":"Warning","message":"old"},{"location":["request","bo';
    expect(requestViolations(cut)).toEqual([{ location: 'query.q', message: 'Request query parameter q must be "x"' }]);
    expect(requestViolations('Too many violations! [{"location":["response","body","a"],"severity":"Error","message":"m"},{"loc')).toEqual([]);
  });

  it('reads nothing from an absent header', () => {
    expect(requestViolations(null)).toEqual([]);
  });
});
