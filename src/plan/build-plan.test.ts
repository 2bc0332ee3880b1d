import { describe, expect, it } from 'vitest';
import { StageError } from '../diagnostics.js';
import type { IrMediaType } from '../ir/types.js';
import { buildPlan, packageNameOf } from './build-plan.js';
import { explainOperation } from './explain.js';
import { FILE_INPUT_SCHEMA } from './json-schema.js';
import { apiOf, arrayOf, boolean, integer, object, operation, parameter, refTo, string } from './__fixtures__/ir.js';

const VALID_KEY = /^[a-z][a-z0-9_]*$/;

describe('body modes per media type', () => {
  const fileProps = ['filename', 'contentType', 'base64', 'text'];
  const cases: [string, { given: IrMediaType[]; want: { mediaType: string; encoding: string; mode: string; fields: [string, string][]; fileFields?: string[]; envelope?: string[] } }][] = [
    [
      'JSON object: one field per property',
      { given: [{ mediaType: 'application/json', schema: object({ 'name!': string(), age: integer() }) }], want: { mediaType: 'application/json', encoding: 'json', mode: 'properties', fields: [['name', 'string'], ['age', 'integer']] } },
    ],
    [
      'JSON preferred over XML',
      {
        given: [
          { mediaType: 'application/xml', schema: object({ a: string() }) },
          { mediaType: 'application/json', schema: object({ a: string() }) },
        ],
        want: { mediaType: 'application/json', encoding: 'json', mode: 'properties', fields: [['a', 'string']] },
      },
    ],
    ['vendor +json', { given: [{ mediaType: 'application/vnd.api+json', schema: object({ a: string() }) }], want: { mediaType: 'application/vnd.api+json', encoding: 'json', mode: 'properties', fields: [['a', 'string']] } }],
    [
      'form',
      { given: [{ mediaType: 'application/x-www-form-urlencoded', schema: object({ amount: integer(), 'metadata': { type: 'object', additionalProperties: string() } }) }], want: { mediaType: 'application/x-www-form-urlencoded', encoding: 'form', mode: 'properties', fields: [['amount', 'integer'], ['metadata', 'object']] } },
    ],
    [
      'multipart with files (format binary, arrays of files, contentMediaType)',
      {
        given: [
          {
            mediaType: 'multipart/form-data',
            schema: object({ 'file!': string({ format: 'binary' }), attachments: arrayOf(string({ format: 'binary' })), doc: string({ contentMediaType: 'application/pdf' }), note: string(), encoded: string({ contentMediaType: 'image/png', contentEncoding: 'base64' }) }),
          },
        ],
        want: {
          mediaType: 'multipart/form-data',
          encoding: 'multipart',
          mode: 'properties',
          fields: [['file', 'object'], ['attachments', 'array'], ['doc', 'object'], ['note', 'string'], ['encoded', 'string']],
          fileFields: ['file', 'attachments', 'doc'],
        },
      },
    ],
    ['JSON array: whole', { given: [{ mediaType: 'application/json', schema: arrayOf(object({ a: string() })) }], want: { mediaType: 'application/json', encoding: 'json', mode: 'whole', fields: [['body', 'array']] } }],
    [
      'oneOf at the top: whole',
      { given: [{ mediaType: 'application/json', schema: { oneOf: [object({ a: string() }), object({ b: string() })] } }], want: { mediaType: 'application/json', encoding: 'json', mode: 'whole', fields: [['body', 'object']] } },
    ],
    ['text', { given: [{ mediaType: 'text/plain', schema: string() }], want: { mediaType: 'text/plain', encoding: 'text', mode: 'whole', fields: [['body', 'string']] } }],
    ['binary', { given: [{ mediaType: 'application/octet-stream', schema: string({ format: 'binary' }) }], want: { mediaType: 'application/octet-stream', encoding: 'binary', mode: 'whole', fields: [['body', 'object']] } }],
    ['image without schema', { given: [{ mediaType: 'image/png' }], want: { mediaType: 'image/png', encoding: 'binary', mode: 'whole', fields: [['body', 'object']] } }],
    ['XML only: whole text', { given: [{ mediaType: 'application/xml', schema: object({ a: string() }) }], want: { mediaType: 'application/xml', encoding: 'xml', mode: 'whole', fields: [['body', 'string']] } }],
    [
      'data envelope: the inner object fields',
      { given: [{ mediaType: 'application/json', schema: object({ 'data!': object({ 'name!': string(), notes: string() }) }) }], want: { mediaType: 'application/json', encoding: 'json', mode: 'properties', fields: [['name', 'string'], ['notes', 'string']], envelope: ['data'] } },
    ],
  ];
  it.each(cases)('%s', (_, { given, want }) => {
    const plan = buildPlan(apiOf([operation('post', '/upload', { content: given })]));
    const a = plan.actions[0]!;
    const body = a.request.body!;
    expect([body.mediaType, body.encoding, body.mode]).toEqual([want.mediaType, want.encoding, want.mode]);
    expect(a.inputFields.map((f) => [f.name, f.type])).toEqual(want.fields);
    expect(a.inputFields.every((f) => f.location === 'body')).toBe(true);
    expect(body.fileFields).toEqual(want.fileFields);
    expect(body.envelope).toEqual(want.envelope);
    if (want.mode === 'whole') expect(body.field).toBe('body');
    else expect(body.properties!.map((p) => p.field)).toEqual(want.fields.map((f) => f[0]));
  });

  it('file fields are the runtime FileInput, in fields and schema', () => {
    const plan = buildPlan(apiOf([operation('post', '/upload', { content: [{ mediaType: 'multipart/form-data', schema: object({ 'file!': string({ format: 'binary' }) }), encoding: { file: { contentType: 'image/png' } } }] })]));
    const a = plan.actions[0]!;
    expect(a.inputFields[0]!.properties!.map((p) => p.name)).toEqual(fileProps);
    expect((a.inputSchema.properties as Record<string, unknown>).file).toEqual(FILE_INPUT_SCHEMA);
    expect(a.request.body!.encodings).toEqual({ file: { contentType: 'image/png' } });
  });
});

describe('output', () => {
  const responses = (content: IrMediaType[], status = '200') => [{ status, content, headers: [], pointer: '' }];
  const cases: [string, { given: ReturnType<typeof responses>; want: { kind: string; mediaType?: string; status: string; schema: unknown } }][] = [
    ['JSON object', { given: responses([{ mediaType: 'application/json', schema: object({ a: string() }) }]), want: { kind: 'json', mediaType: 'application/json', status: '200', schema: { type: 'object', properties: { a: { type: 'string' } } } } }],
    ['text', { given: responses([{ mediaType: 'text/csv', schema: string() }]), want: { kind: 'text', mediaType: 'text/csv', status: '200', schema: { type: 'string' } } }],
    ['binary', { given: responses([{ mediaType: 'application/pdf', schema: string({ format: 'binary' }) }]), want: { kind: 'binary', mediaType: 'application/pdf', status: '200', schema: expect.objectContaining({ required: ['contentType', 'base64', 'size'] }) } }],
    ['empty 204', { given: responses([], '204'), want: { kind: 'empty', status: '204', schema: {} } }],
    ['201 over default', { given: [...responses([{ mediaType: 'application/json', schema: object({ e: string() }) }], 'default'), ...responses([{ mediaType: 'application/json', schema: object({ id: string() }) }], '201')], want: { kind: 'json', mediaType: 'application/json', status: '201', schema: { type: 'object', properties: { id: { type: 'string' } } } } }],
  ];
  it.each(cases)('%s', (_, { given, want }) => {
    const plan = buildPlan(apiOf([operation('post', '/x', { responses: given })]));
    const a = plan.actions[0]!;
    expect(a.request.response).toEqual({ status: want.status, kind: want.kind, ...(want.mediaType ? { mediaType: want.mediaType } : {}) });
    expect(a.outputSchema).toEqual(want.schema);
    expect(a.outputMode).toBe('body');
  });

  it('a list endpoint returns { records }, with itemsPath, pagination and max_records only when paginated', () => {
    const page = object({ data: arrayOf(refTo('Pet')), next_cursor: string({ nullable: true }), has_more: boolean() });
    const plan = buildPlan(
      apiOf(
        [
          operation('get', '/pets', { parameters: [parameter('cursor', 'query'), parameter('limit', 'query', integer())], returns: page }),
          operation('get', '/tags', { returns: arrayOf(string()) }),
        ],
        { Pet: object({ id: integer(), name: string() }) },
      ),
    );
    const [pets, tags] = plan.actions;
    expect(pets!.outputMode).toBe('records');
    expect(pets!.request.itemsPath).toEqual(['data']);
    expect(pets!.request.pagination?.style).toBe('cursor');
    expect(pets!.maxRecordsField).toBe('max_records');
    const max = pets!.inputFields.find((f) => f.name === 'max_records')!;
    expect(max).toMatchObject({ type: 'integer', optional: true });
    expect(max.location).toBeUndefined();
    expect(max.hint).toBeDefined();
    expect(pets!.outputSchema).toEqual({ type: 'object', properties: { records: { type: 'array', items: { $ref: '#/objectDefinitions/pet' } } }, required: ['records'] });
    expect(tags!.outputMode).toBe('records');
    expect(tags!.request.pagination).toBeUndefined();
    expect(tags!.inputFields.map((f) => f.name)).toEqual([]);
  });

  it('sample output from the response example (records taken from the list)', () => {
    const plan = buildPlan(
      apiOf([
        operation('get', '/pets', { responses: [{ status: '200', content: [{ mediaType: 'application/json', schema: object({ items: arrayOf(object({ id: integer() })) }), example: { items: [{ id: 1 }] } }], headers: [], pointer: '' }] }),
        operation('get', '/me', { responses: [{ status: '200', content: [{ mediaType: 'application/json', schema: object({ id: integer() }, { example: { id: 7 } }) }], headers: [], pointer: '' }] }),
      ]),
    );
    expect(plan.actions.map((a) => a.sampleOutput)).toEqual([{ records: [{ id: 1 }] }, { id: 7 }]);
  });

  it('retry for idempotent methods only', () => {
    const methods = ['get', 'head', 'options', 'put', 'delete', 'post', 'patch'] as const;
    const plan = buildPlan(apiOf(methods.map((m) => operation(m, `/${m}`))));
    expect(plan.actions.map((a) => [a.operation.method, a.retry])).toEqual([
      ['get', true],
      ['head', true],
      ['options', true],
      ['put', true],
      ['delete', true],
      ['post', false],
      ['patch', false],
    ]);
  });
});

describe('keys, type names and file names', () => {
  const hostile = ['__proto__', 'constructor', '🐶', '2fa', 'x'.repeat(400), '../../evil', 'list-pets', 'listPets', 'LIST_PETS', 'index', 'CON', 'delete', 'then', 'toString', 'hasOwnProperty'];
  const plan = buildPlan(apiOf(hostile.map((id, i) => operation('get', `/r${i}`, { operationId: id }))));

  it('every key is a valid identifier, unique, not reserved', () => {
    const keys = plan.actions.map((a) => a.key);
    expect(keys).toHaveLength(hostile.length);
    expect(new Set(keys).size).toBe(keys.length);
    for (const k of keys) {
      expect(k).toMatch(VALID_KEY);
      expect(k.length).toBeLessThanOrEqual(64);
      expect(['constructor', 'then', 'delete', 'proto'].includes(k)).toBe(false);
    }
  });

  it('duplicates are suffixed in spec order', () => {
    const keys = plan.actions.map((a) => a.key);
    expect(keys.slice(6, 9)).toEqual(['list_pets', 'list_pets_2', 'list_pets_3']);
  });

  it('type names are PascalCase and unique with their Input/Output; file names kebab-case, unique ignoring case, safe', () => {
    const typeNames = plan.actions.map((a) => a.typeName);
    const all = typeNames.flatMap((t) => [t, `${t}Input`, `${t}Output`]);
    expect(new Set(all).size).toBe(all.length);
    for (const t of typeNames) expect(t).toMatch(/^[A-Z][A-Za-z0-9]*$/);
    const files = plan.actions.map((a) => a.fileName.toLowerCase());
    expect(new Set(files).size).toBe(files.length);
    for (const f of files) {
      expect(f).toMatch(/^[a-z][a-z0-9-]*$/);
      expect(['index', 'con'].includes(f)).toBe(false);
    }
  });

  it('is deterministic', () => {
    const again = buildPlan(apiOf(hostile.map((id, i) => operation('get', `/r${i}`, { operationId: id }))));
    expect(JSON.stringify(again)).toBe(JSON.stringify(plan));
  });

  it('package name', () => {
    expect([packageNameOf('Swagger Petstore'), packageNameOf('🐶'), packageNameOf('3D API')]).toEqual(['swagger-petstore', 'connector', 'api-3d-api']);
  });
});

describe('pick lists', () => {
  it('static from input enums: deduped by value set, named after the schema or field, humanized labels', () => {
    const plan = buildPlan(
      apiOf(
        [
          operation('get', '/pets', { parameters: [parameter('status', 'query', string({ enum: ['in_progress', 'done'] })), parameter('sort', 'query', arrayOf(string({ enum: ['name', 'created_at'] })))] }),
          operation('post', '/pets', { body: object({ state: string({ enum: ['done', 'in_progress'] }), kind: refTo('Kind'), currency: string({ enum: ['USD', 'EUR'] }) }) }),
        ],
        { Kind: string({ enum: ['dog', 'cat'] }) },
      ),
    );
    expect(plan.pickLists).toEqual([
      { key: 'status', kind: 'static', options: [['In progress', 'in_progress'], ['Done', 'done']], reasons: ['Values of status from its enum.'] },
      { key: 'sort', kind: 'static', options: [['Name', 'name'], ['Created at', 'created_at']], reasons: ['Values of sort from its enum.'] },
      { key: 'kind', kind: 'static', options: [['Dog', 'dog'], ['Cat', 'cat']], reasons: ['Values of kind (Kind) from its enum.'] },
      { key: 'currency', kind: 'static', options: [['USD', 'USD'], ['EUR', 'EUR']], reasons: ['Values of currency from its enum.'] },
    ]);
    const [list, create] = plan.actions;
    expect(list!.inputFields.map((f) => [f.name, f.pick_list, f.control_type])).toEqual([
      ['status', 'status', 'select'],
      ['sort', 'sort', 'multiselect'],
    ]);
    expect(create!.inputFields.map((f) => f.pick_list)).toEqual(['status', 'kind', 'currency']);
  });

  it('dynamic: id inputs pick from the list of their resource; dependent lists take the parent from a sibling input', () => {
    const lists = [
      operation('get', '/projects', { operationId: 'listProjects', returns: arrayOf(object({ id: integer(), name: string() })) }),
      operation('get', '/projects/{project_id}/sections', { operationId: 'listSections', returns: object({ data: arrayOf(object({ gid: string(), title: string() })) }) }),
    ];
    const plan = buildPlan(
      apiOf([...lists, operation('post', '/projects/{project_id}/tasks', { body: object({ section_id: string(), name: string() }) }), operation('post', '/tasks', { body: object({ section_id: string() }) })]),
    );
    expect(plan.pickLists.map((p) => (p.kind === 'dynamic' ? [p.key, p.operation.path, p.labelField, p.valueField, p.params ?? null] : p.key))).toEqual([
      ['list_projects', '/projects', 'name', 'id', null],
      ['list_sections', '/projects/{project_id}/sections', 'title', 'gid', [{ name: 'project_id', param: 'project_id' }]],
    ]);
    const withParent = plan.actions[2]!;
    expect(withParent.inputFields.map((f) => [f.name, f.pick_list ?? null, f.pick_list_params ?? null])).toEqual([
      ['project_id', 'list_projects', null],
      ['section_id', 'list_sections', { project_id: 'project_id' }],
      ['name', null, null],
    ]);
    // No sibling to give the parent: no pick list rather than one that cannot load.
    expect(plan.actions[3]!.inputFields.map((f) => f.pick_list ?? null)).toEqual([null]);
    const dynamic = plan.pickLists[1]!;
    expect(dynamic.kind === 'dynamic' && dynamic.request.itemsPath).toEqual(['data']);
  });

  it('output-only enums make no pick list', () => {
    const plan = buildPlan(apiOf([operation('get', '/x', { returns: object({ s: string({ enum: ['a', 'b'] }) }) })]));
    expect(plan.pickLists).toEqual([]);
  });
});

describe('triggers', () => {
  it('a list with a created-time filter becomes "New <resource>" with a sticky since field and without paging inputs', () => {
    const plan = buildPlan(
      apiOf([
        operation('get', '/orders', {
          operationId: 'listOrders',
          parameters: [parameter('created_after', 'query', string({ format: 'date-time' })), parameter('page', 'query', integer()), parameter('per_page', 'query', integer()), parameter('status', 'query')],
          returns: arrayOf(object({ id: integer(), created_at: string({ format: 'date-time' }) })),
        }),
      ]),
    );
    expect(plan.triggers).toHaveLength(1);
    const t = plan.triggers[0]!;
    if (t.kind !== 'poll') throw new Error('expected a poll trigger');
    expect([t.key, t.title, t.mode, t.since.param, t.pageLimit, t.typeName, t.fileName]).toEqual(['new_order', 'New order', 'new', 'created_after', 100, 'NewOrder', 'new-order']);
    expect(t.inputFields.map((f) => [f.name, f.location ?? null, f.sticky ?? false])).toEqual([
      ['since', null, true],
      ['status', 'query', false],
    ]);
    expect(t.inputFields[0]!.type).toBe('date_time');
    expect(t.outputFields.map((f) => f.name)).toEqual(['id', 'created_at']);
    expect(t.reasons.length).toBeGreaterThan(2);
    // The list is still an action too.
    expect(plan.actions.map((a) => a.key)).toEqual(['list_orders']);
  });

  it('not triggers: single-resource GETs, mutating operations, lists without a time filter', () => {
    const plan = buildPlan(
      apiOf([
        operation('get', '/orders/{id}', { parameters: [parameter('since', 'query', string({ format: 'date-time' }))], returns: object({ id: integer() }) }),
        operation('delete', '/orders', { parameters: [parameter('created_after', 'query', string({ format: 'date-time' }))] }),
        operation('get', '/tags', { returns: arrayOf(object({ id: integer() })) }),
      ]),
    );
    expect(plan.triggers).toEqual([]);
    expect(plan.actions).toHaveLength(3);
  });

  it('OAS 3.1 webhooks become webhook triggers whose output is the payload', () => {
    const hook = operation('post', 'newPet', { summary: 'New pet arrived', body: object({ id: integer(), name: string() }) });
    const plan = buildPlan(apiOf([], {}, { webhooks: [{ name: 'newPet', operations: [hook] }] }));
    const t = plan.triggers[0]!;
    expect(t).toMatchObject({ kind: 'webhook', source: 'webhooks', key: 'new_pet', title: 'New pet arrived', operation: { method: 'post', path: 'newPet' } });
    expect(t.outputFields.map((f) => f.name)).toEqual(['id', 'name']);
    expect(t.outputSchema).toEqual({ type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string' } } });
  });

  it('callbacks subscribe through the owning operation; the URL field is not an input', () => {
    const cbOp = operation('post', '{$request.body#/callbackUrl}', { body: object({ event: string() }) });
    const plan = buildPlan(
      apiOf([
        operation('post', '/subscriptions', {
          body: object({ 'callbackUrl!': string({ format: 'uri' }), topic: string() }),
          returns: object({ id: string() }),
          callbacks: [{ name: 'onEvent', expression: '{$request.body#/callbackUrl}', operations: [cbOp] }],
        }),
        operation('delete', '/subscriptions/{subscriptionId}'),
      ]),
    );
    const t = plan.triggers.find((x) => x.kind === 'webhook' && x.source === 'callback');
    if (t === undefined || t.kind !== 'webhook') throw new Error('expected a callback trigger');
    expect(t.key).toBe('on_event');
    expect(t.subscribe).toMatchObject({ operation: { method: 'post', path: '/subscriptions' }, urlField: ['callbackUrl'], idPath: ['id'] });
    expect(t.unsubscribe).toMatchObject({ operation: { method: 'delete', path: '/subscriptions/{subscriptionId}' }, idParam: 'subscriptionId' });
    expect(t.inputFields.map((f) => f.name)).toEqual(['topic']);
    expect(t.outputFields.map((f) => f.name)).toEqual(['event']);
  });

  it('a callback whose URL is an expression we cannot fill makes a diagnostic, not a trigger', () => {
    const plan = buildPlan(
      apiOf([operation('post', '/s', { body: object({ u: string() }), callbacks: [{ name: 'cb', expression: 'https://x.example/{$request.body#/u}', operations: [operation('post', 'x')] }] })]),
    );
    expect(plan.triggers.filter((t) => t.kind === 'webhook' && t.source === 'callback')).toEqual([]);
    expect(plan.diagnostics.map((d) => d.code)).toContain('callback-url-unsupported');
  });
});

describe('test request, skipped, diagnostics, errors', () => {
  it('no safe GET: test null with a no-test-request diagnostic', () => {
    const plan = buildPlan(apiOf([operation('post', '/x')]));
    expect(plan.test).toBeNull();
    expect(plan.diagnostics.filter((d) => d.code === 'no-test-request').map((d) => d.severity)).toEqual(['warning']);
  });

  it('the test request is the chosen operation request', () => {
    const plan = buildPlan(apiOf([operation('get', '/me', { returns: object({ id: integer() }) })]));
    expect(plan.test).toMatchObject({ method: 'get', path: '/me', request: { method: 'get', path: '/me', params: [] } });
  });

  it('an operation with its own server gets a warning', () => {
    const plan = buildPlan(apiOf([{ ...operation('get', '/files'), servers: [{ url: 'https://files.example.com', variables: [] }] }, { ...operation('get', '/same'), servers: [{ url: 'https://api.example.com/v1', variables: [] }] }]));
    expect(plan.diagnostics.map((d) => [d.code, d.severity, d.pointer])).toEqual([['operation-servers', 'warning', '/paths/~1files/get']]);
  });

  it('IR diagnostics are carried into the plan', () => {
    const plan = buildPlan(apiOf([], {}, { diagnostics: [{ code: 'ir-note', severity: 'info', message: 'm', pointer: '/x' }] }));
    expect(plan.diagnostics[0]).toEqual({ code: 'ir-note', severity: 'info', message: 'm', pointer: '/x' });
  });

  it('an unexpected failure names the stage and the operation', () => {
    const broken = { ...operation('get', '/boom'), parameters: [null] } as unknown as ReturnType<typeof operation>;
    let caught: unknown;
    try {
      buildPlan(apiOf([operation('get', '/fine'), broken]));
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(StageError);
    expect((caught as StageError).message).toMatch(/^plan failed on GET \/boom: /);
  });
});

describe('explain', () => {
  const api = apiOf([
    operation('get', '/orders', { operationId: 'listOrders', parameters: [parameter('updated_since', 'query', string({ format: 'date-time' }))], returns: arrayOf(object({ id: integer() })) }),
    operation('get', '/tags', { returns: arrayOf(object({ id: integer() })) }),
    operation('post', '/orders', { operationId: 'createOrder', body: object({ n: integer() }), extensions: { 'x-connector-exclude': true } }),
  ]);
  const plan = buildPlan(api);

  it('what an operation became and why, by operationId', () => {
    const e = explainOperation(plan, api, 'listOrders');
    expect(e.became).toBe('action list_orders ("List orders"), polling trigger new_or_updated_order ("New or updated order")');
    expect(e.action?.inputs).toEqual(['updated_since@query: date_time, optional']);
    expect(e.triggers.map((t) => t.key)).toEqual(['new_or_updated_order']);
    expect(e.toChange.some((c) => c.includes('x-connector-trigger: false'))).toBe(true);
  });

  it('by METHOD /path: a list without a time filter says why it is not a trigger and how to force one', () => {
    const e = explainOperation(plan, api, 'get /tags');
    expect(e.notATrigger?.[0]).toMatch(/no way to ask what changed/);
    expect(e.toChange.some((c) => c.includes('{ kind: poll, since: <query parameter> }'))).toBe(true);
  });

  it('a skipped operation says why and how to keep it', () => {
    const e = explainOperation(plan, api, 'createOrder');
    expect(e.skipped).toBe('excluded by x-connector-exclude: true');
    expect(e.became).toBe('nothing: excluded by x-connector-exclude: true');
    expect(e.toChange[0]).toMatch(/exclude: false/);
  });

  it('an unknown selector is a user error with suggestions', () => {
    expect(() => explainOperation(plan, api, 'Orders')).toThrow(/no operation matches 'Orders'.*did you mean: listOrders, GET \/tags|did you mean: listOrders, createOrder/);
  });
});

describe('trigger names from the path', () => {
  const cases: [string, { given: string; want: string }][] = [
    ['plain collection', { given: '/orders', want: 'New order' }],
    ['nested under a parent', { given: '/repos/{owner}/{repo}/issues', want: 'New issue in repo' }],
    ['verb segment skipped', { given: '/workspaces/{workspace_gid}/tasks/search', want: 'New task in workspace' }],
    ['RPC style', { given: '/conversations.list', want: 'New conversation' }],
    ['extension', { given: '/categories.json', want: 'New category' }],
    ['no parameter, no parent', { given: '/user/repos', want: 'New repo' }],
    ['versioned, snake_case', { given: '/v2/status_updates', want: 'New status update' }],
    ['kind before the collection', { given: '/repos/{owner}/{repo}/code-scanning/alerts', want: 'New code scanning alert in repo' }],
    ['kind without parent', { given: '/issues/comments', want: 'New issue comment' }],
    ['own collection', { given: '/me/caches', want: 'New cache' }],
  ];
  it.each(cases)('%s', (_, { given, want }) => {
    const plan = buildPlan(apiOf([operation('get', given, { parameters: [parameter('created_after', 'query', string({ format: 'date-time' }))], returns: arrayOf(object({ id: integer() })) })]));
    expect(plan.triggers.map((t) => t.title)).toEqual([want]);
  });
});
