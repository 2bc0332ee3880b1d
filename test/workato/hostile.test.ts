/**
 * Text from the spec stays data inside connector.rb: titles, descriptions, hints, enum values, sample output,
 * path text and names full of Ruby syntax produce valid Ruby, execute nothing, and come back unchanged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Plan, PlanAction } from '../../src/plan/types.js';
import { action, field, fixturePlan, pathParam, query, request } from './fixtures/plan.js';
import { emitToTemp, ok, requireRuby, rubySyntaxError, runHarness, sendJson, startRecorder, type Recorder } from './ruby.js';

let marker = '';
let dir = '';
let connector = '';
let server: Recorder;

/** Every trick we know to end a Ruby string or comment early, or to run code from inside one. */
function evil(tag: string): string {
  const run = `#{system('touch ${marker}')}`;
  return [
    `${tag} ${run}`,
    `it's a \\ backslash \\' and \\\\' quote`,
    '__END__',
    '=begin',
    '=end',
    `"double ${run}" %q(x) %Q(#{1}) \`ls\` <<~EOS`,
    'EOS',
    'ctl: \u0000 \u0004 \u001a \r \u2028 \u2029 \t end',
    `'; system('touch ${marker}'); '`,
  ].join('\n');
}

function hostilePlan(): Plan {
  const base = fixturePlan();
  const evilAction: PlanAction = action(
    'evil_action',
    evil('title'),
    request('post', "/evil/{id}/it's #x\\y'/end", {
      params: [pathParam('id'), query('filter', evil('query-name'))],
      body: { mediaType: 'application/json', encoding: 'json', required: true, mode: 'properties', properties: [{ field: 'text', name: evil('body-name'), required: false }] },
    }),
    [
      field('id', 'string', { optional: false, label: evil('label'), hint: evil('hint') }),
      field('filter', 'string', { default: evil('default') }),
      field('text', 'string', { pick_list: 'evil_list' }),
    ],
    { subtitle: evil('subtitle'), description: evil('description'), help: evil('help'), sampleOutput: { [evil('key')]: [evil('value'), 1.5, -0, 1e21, null, true] } },
  );
  return {
    ...base,
    title: evil('connector'),
    connection: {
      ...base.connection,
      auth: [{ type: 'api_key', key: "k'ey", title: evil('auth'), in: 'query', paramName: evil('param'), field: 'api_key', reasons: [] }],
      authSelector: undefined,
      fields: [{ name: 'api_key', label: evil('conn-label'), type: 'string', control_type: 'password', optional: false, hint: evil('conn-hint') }],
      baseUrl: { template: "https://h.example/v1'#{x}", variables: {} },
    },
    actions: [evilAction, { ...base.actions[0]!, key: "weird key'#{x}" }],
    pickLists: [...base.pickLists, { key: 'evil_list', kind: 'static', options: [[evil('option'), evil('option-value')], [evil('n'), 2]], reasons: [] }],
    objectDefinitions: [...base.objectDefinitions, { key: "od'#{x}", typeName: 'Od', sourceName: 'Od', title: evil('od'), fields: [field('x', 'string', { hint: evil('od-hint') })], schema: {}, reasons: [] }],
  };
}

beforeAll(async () => {
  await requireRuby();
  const scratch = await mkdtemp(path.join(tmpdir(), 'workato-hostile-'));
  marker = path.join(scratch, 'pwned');
  ({ dir, connector } = await emitToTemp(hostilePlan(), "spec'#{x}\n__END__.yaml"));
  server = await startRecorder((_req, res) => sendJson(res, 200, { ok: 1 }));
});

afterAll(async () => {
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  if (marker) await rm(path.dirname(marker), { recursive: true, force: true });
});

describe('hostile spec text', () => {
  it('gives valid Ruby', async () => {
    expect(await rubySyntaxError(connector)).toBe('');
  });

  it('round-trips every value and runs nothing', async () => {
    const plan = hostilePlan();
    const out = await runHarness(connector, { api_key: 'k', base_url: `${server.url}/v1` }, [
      { op: 'title' },
      { op: 'pick_list', key: 'evil_list' },
      { op: 'fields', section: 'actions', key: 'evil_action', which: 'input_fields' },
      { op: 'sample_output', action: 'evil_action' },
      { op: 'keys', section: 'actions' },
      { op: 'object_definition_keys' },
      { op: 'execute', action: 'evil_action', input: { id: evil('id'), filter: 'f', text: evil('text') } },
      { op: 'base_uri' },
    ]);
    const [title, pickList, inputs, sample, actionKeys, definitionKeys, executed, baseUri] = out.results.map(ok) as unknown[];
    expect(title).toBe(plan.title);
    expect(pickList).toEqual([[evil('option'), evil('option-value')], [evil('n'), 2]]);
    expect(inputs).toMatchObject([{ name: 'id', label: evil('label'), hint: evil('hint') }, { name: 'filter', default: evil('default') }, { name: 'text' }]);
    expect(sample).toEqual({ [evil('key')]: [evil('value'), 1.5, 0, 1e21, null, true] });
    expect(actionKeys).toEqual(['evil_action', "weird key'#{x}"]);
    expect(definitionKeys).toContain("od'#{x}");
    expect(executed).toEqual({ ok: 1 });
    expect(baseUri).toBe(`${server.url}/v1/`);

    const [r] = server.requests;
    const idText = encodeURIComponent(evil('id')).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
    expect(r?.path).toBe(`/v1/evil/${idText}/it's%20%23x%5Cy'/end`);
    const q = new URLSearchParams(r?.query);
    expect(q.get(evil('query-name'))).toBe('f');
    expect(q.get(evil('param'))).toBe('k');
    expect(JSON.parse(r?.body.toString() ?? '')).toEqual({ [evil('body-name')]: evil('text') });
    expect(existsSync(marker)).toBe(false);
  });
});
