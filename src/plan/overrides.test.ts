import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../diagnostics.js';
import type { IrApi } from '../ir/types.js';
import { buildPlan } from './build-plan.js';
import { globToRegExp, loadOverrides, parseOverrides, type PlanOverrides } from './overrides.js';
import { apiOf, arrayOf, integer, object, operation, parameter, string } from './__fixtures__/ir.js';

/** The error a call throws, for asserting its message and diagnostics. */
function thrown(f: () => unknown): UserError {
  try {
    f();
  } catch (e) {
    if (e instanceof UserError) return e;
    throw e;
  }
  throw new Error('expected a UserError');
}

const dateTime = string({ format: 'date-time' });
const api: IrApi = apiOf([
  operation('get', '/orders', {
    operationId: 'listOrders',
    tags: ['orders'],
    parameters: [parameter('created_after', 'query', dateTime), parameter('modified', 'query', dateTime), parameter('q', 'query'), parameter('X-Debug', 'header')],
    returns: arrayOf(object({ id: integer(), secret: string() })),
  }),
  operation('post', '/orders', { operationId: 'createOrder', tags: ['orders'], body: object({ 'item!': string(), owner: object({ name: string(), email: string() }), note: string() }), returns: object({ id: integer(), secret: string() }) }),
  operation('get', '/admin', { operationId: 'adminHome', tags: ['admin'] }),
  operation('delete', '/admin/users/{id}', { operationId: 'deleteUser', tags: ['admin'] }),
  operation('get', '/tags', { operationId: 'listTags', parameters: [parameter('changed', 'query', dateTime)], returns: arrayOf(object({ id: integer() })) }),
  operation('post', '/hooks', { operationId: 'createHook', body: object({ 'target!': string(), kinds: arrayOf(string({ enum: ['a', 'b'] })) }), returns: object({ id: string() }) }),
]);

const plan = (overrides: PlanOverrides, a: IrApi = api) => buildPlan(a, { overrides: parseOverrides(overrides, 'connector-gen.config.yaml') });

describe('parseOverrides', () => {
  it('accepts the documented shape', () => {
    const o = parseOverrides({
      include: { tags: ['a'], paths: ['/x/**'], operations: ['op'] },
      exclude: { tags: ['b'] },
      operations: { op: { exclude: false, key: 'my_op', title: 'My op', trigger: { kind: 'poll', since: 'since', mode: 'new' }, hidden: ['x'], advanced: ['y'] } },
      triggers: { new_x: { key: 'x_created', title: 'X created', exclude: false } },
      fields: { hidden: ['h'], advanced: ['a'] },
    });
    expect(o.operations?.op?.key).toBe('my_op');
    expect(o.source).toBe('config');
  });

  const bad: [string, { given: unknown; want: RegExp }][] = [
    ['unknown top-level key', { given: { exclud: {} }, want: /unknown key 'exclud'/ }],
    ['unknown operation key', { given: { operations: { op: { tittle: 'x' } } }, want: /unknown key 'operations\["op"\]\.tittle'/ }],
    ['unknown filter key', { given: { include: { tag: ['x'] } }, want: /unknown key 'include\.tag'/ }],
    ['invalid key', { given: { operations: { op: { key: 'Bad Key' } } }, want: /must match \[a-z\]\[a-z0-9_\]\*/ }],
    ['trigger kind', { given: { operations: { op: { trigger: { kind: 'push' } } } }, want: /kind' must be 'poll' or 'webhook'/ }],
    ['webhook without urlField', { given: { operations: { op: { trigger: { kind: 'webhook' } } } }, want: /urlField' is required/ }],
    ['not a list', { given: { fields: { hidden: 'x' } }, want: /fields\.hidden' must be a list/ }],
    ['not an object', { given: ['x'], want: /must be an object/ }],
  ];
  it.each(bad)('rejects %s, naming it', (_, { given, want }) => {
    const e = thrown(() => parseOverrides(given, 'cfg.yaml'));
    expect(e.message).toMatch(want);
    expect(e.diagnostics[0]!.file).toBe('cfg.yaml');
  });
});

describe('loadOverrides', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'plan-overrides-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads YAML and JSON', async () => {
    await writeFile(path.join(dir, 'a.yaml'), 'exclude:\n  tags: [admin]\noperations:\n  listOrders:\n    title: All orders\n');
    await writeFile(path.join(dir, 'b.json'), JSON.stringify({ exclude: { tags: ['admin'] } }));
    const y = await loadOverrides(path.join(dir, 'a.yaml'));
    const j = await loadOverrides(path.join(dir, 'b.json'));
    expect(y.exclude).toEqual({ tags: ['admin'] });
    expect(y.operations).toEqual({ listOrders: { title: 'All orders' } });
    expect(j.exclude).toEqual({ tags: ['admin'] });
    expect(y.source).toBe(path.join(dir, 'a.yaml'));
  });

  it('an empty file is an empty config; bad syntax and unknown keys are user errors', async () => {
    await writeFile(path.join(dir, 'empty.yaml'), '');
    await writeFile(path.join(dir, 'bad.yaml'), 'a: [');
    await writeFile(path.join(dir, 'typo.yaml'), 'exclude:\n  tagz: [x]\n');
    expect((await loadOverrides(path.join(dir, 'empty.yaml'))).operations).toBeUndefined();
    await expect(loadOverrides(path.join(dir, 'bad.yaml'))).rejects.toThrow(/not valid YAML/);
    await expect(loadOverrides(path.join(dir, 'typo.yaml'))).rejects.toThrow(/unknown key 'exclude\.tagz'/);
    await expect(loadOverrides(path.join(dir, 'missing.yaml'))).rejects.toBeInstanceOf(UserError);
  });
});

describe('path globs', () => {
  const cases: [string, string, boolean][] = [
    ['/admin/**', '/admin', true],
    ['/admin/**', '/admin/users/{id}', true],
    ['/admin/**', '/administrators', false],
    ['/users/*', '/users/{id}', true],
    ['/users/*', '/users/{id}/keys', false],
    ['/users/{id}', '/users/{id}', true],
    ['/v1.0/*', '/v1x0/a', false],
  ];
  it.each(cases)('%s against %s → %s', (glob, p, want) => expect(globToRegExp(glob).test(p)).toBe(want));
});

describe('include and exclude', () => {
  const keys = (p: ReturnType<typeof plan>) => p.actions.map((a) => a.operation.operationId);

  it('exclude by tag: skipped with the reason, and an info diagnostic at the operation', () => {
    const p = plan({ exclude: { tags: ['admin'] } });
    expect(keys(p)).toEqual(['listOrders', 'createOrder', 'listTags', 'createHook']);
    expect(p.skipped).toEqual([
      { operation: { method: 'get', path: '/admin', operationId: 'adminHome' }, reason: "excluded by connector-gen.config.yaml: exclude tag 'admin'" },
      { operation: { method: 'delete', path: '/admin/users/{id}', operationId: 'deleteUser' }, reason: "excluded by connector-gen.config.yaml: exclude tag 'admin'" },
    ]);
    expect(p.diagnostics.filter((d) => d.code === 'skipped-operation').map((d) => [d.severity, d.pointer])).toEqual([
      ['info', '/paths/~1admin/get'],
      ['info', '/paths/~1admin~1users~1{id}/delete'],
    ]);
  });

  it('exclude by path glob and by operation (id or METHOD /path)', () => {
    expect(keys(plan({ exclude: { paths: ['/admin/**'] } }))).toEqual(['listOrders', 'createOrder', 'listTags', 'createHook']);
    expect(keys(plan({ exclude: { operations: ['listTags', 'POST /hooks'] } }))).toEqual(['listOrders', 'createOrder', 'adminHome', 'deleteUser']);
  });

  it('include keeps only what it names; an operation entry with exclude: false wins over the filters', () => {
    const p = plan({ include: { tags: ['orders'] }, operations: { listTags: { exclude: false } } });
    expect(keys(p)).toEqual(['listOrders', 'createOrder', 'listTags']);
    expect(p.skipped.map((s) => s.reason)).toEqual(Array(3).fill('not matched by connector-gen.config.yaml: include (only the operations it names are kept)'));
  });

  it('the connector keeps only the object definitions it uses, through other definitions too, with or without a selection', () => {
    const ref = (name: string) => ({ ref: name });
    const a = apiOf(
      [
        operation('get', '/pets', { operationId: 'listPets', tags: ['pets'], returns: arrayOf(ref('Pet')) }),
        operation('get', '/stores', { operationId: 'listStores', tags: ['stores'], returns: arrayOf(ref('Store')) }),
      ],
      {
        Pet: object({ id: integer(), owner: ref('Person') }),
        Person: object({ name: string(), tags: arrayOf(ref('Tag')) }),
        Tag: object({ label: string() }),
        Store: object({ id: integer() }),
        Unused: object({ x: string() }),
      },
    );
    const definitions = (p: ReturnType<typeof plan>) => p.objectDefinitions.map((d) => [d.sourceName, d.typeName]);
    expect(definitions(plan({ include: { tags: ['pets'] } }, a))).toEqual([
      ['Pet', 'Pet'],
      ['Person', 'Person'],
      ['Tag', 'Tag'],
    ]);
    expect(definitions(plan({ exclude: { tags: ['pets'] } }, a))).toEqual([['Store', 'Store']]);
    expect(plan({ include: { tags: ['pets'] } }, a).unusedSchemas).toEqual(['Store', 'Unused']);
    const whole = plan({}, a);
    expect(definitions(whole).map(([name]) => name)).toEqual(['Pet', 'Person', 'Tag', 'Store']);
    expect(whole.unusedSchemas).toEqual(['Unused']);
  });

  it('x-connector-exclude, and config wins over it', () => {
    const a = apiOf([operation('get', '/a', { operationId: 'a', extensions: { 'x-connector-exclude': true } }), operation('get', '/b', { operationId: 'b' })]);
    expect(buildPlan(a).actions.map((x) => x.key)).toEqual(['b']);
    expect(buildPlan(a).skipped[0]!.reason).toBe('excluded by x-connector-exclude: true');
    expect(plan({ operations: { a: { exclude: false } } }, a).actions.map((x) => x.key)).toEqual(['a', 'b']);
  });
});

describe('rename', () => {
  it('key and title from the config and from x-connector-*; the config wins; derived keys step aside', () => {
    const a = apiOf([
      operation('get', '/x', { operationId: 'getX', extensions: { 'x-connector-key': 'fetch_x', 'x-connector-title': 'Fetch X' } }),
      operation('get', '/y', { operationId: 'getY', extensions: { 'x-connector-key': 'ignored', 'x-connector-title': 'Ignored' } }),
      operation('get', '/z', { operationId: 'listPets' }),
      operation('get', '/w', { operationId: 'getW' }),
    ]);
    const p = plan({ operations: { getY: { key: 'why', title: 'Why' }, 'GET /w': { key: 'list_pets' } } }, a);
    expect(p.actions.map((x) => [x.key, x.title])).toEqual([
      ['fetch_x', 'Fetch X'],
      ['why', 'Why'],
      ['list_pets_2', 'List pets'],
      ['list_pets', 'Get w'],
    ]);
    expect(p.actions[1]!.reasons.slice(0, 1)).toEqual(['Key set by an override.']);
  });

  it('two operations given the same key is an error', () => {
    const e = thrown(() => plan({ operations: { listTags: { key: 'same' }, adminHome: { key: 'same' } } }));
    expect(e.message).toMatch(/two operations are given the key 'same'/);
  });

  it('triggers renamed or dropped by their key', () => {
    const p = plan({ triggers: { new_order: { key: 'order_created', title: 'Order created' } } });
    const t = p.triggers.find((x) => x.operation.path === '/orders')!;
    expect([t.key, t.title, t.typeName, t.fileName]).toEqual(['order_created', 'Order created', 'OrderCreated', 'order-created']);
    expect(plan({ triggers: { new_order: { exclude: true } } }).triggers.map((x) => x.key)).not.toContain('new_order');
  });
});

describe('force or forbid a trigger', () => {
  it('baseline: listOrders polls, listTags (unknown filter name) does not, createHook is not a detected webhook', () => {
    expect(plan({}).triggers.map((t) => [t.key, t.operation.path])).toEqual([['new_order', '/orders']]);
  });

  it('trigger: false forbids, by config or x-connector-trigger', () => {
    expect(plan({ operations: { listOrders: { trigger: false } } }).triggers).toEqual([]);
    const a = apiOf([{ ...api.operations[0]!, extensions: { 'x-connector-trigger': false } }]);
    expect(buildPlan(a).triggers).toEqual([]);
  });

  it('a poll trigger forced with the since parameter', () => {
    const p = plan({ operations: { listTags: { trigger: { kind: 'poll', since: 'changed', mode: 'new_or_updated' } } } });
    const t = p.triggers.find((x) => x.operation.path === '/tags');
    if (t?.kind !== 'poll') throw new Error('expected a poll trigger');
    expect([t.key, t.mode, t.since]).toEqual(['new_or_updated_tag', 'new_or_updated', { param: 'changed', in: 'query', format: 'date-time', via: 'filter' }]);
  });

  it("'poll' forced without a time filter, or a since that is not a parameter, is an error saying what to give", () => {
    expect(thrown(() => plan({ operations: { listTags: { trigger: 'poll' } } })).message).toMatch(/no time filter was found; give \{ kind: poll, since: <query parameter> \}/);
    expect(thrown(() => plan({ operations: { listTags: { trigger: { kind: 'poll', since: 'nope' } } } })).message).toMatch(/'nope' is not a query parameter/);
  });

  it('a webhook trigger forced with its URL field: the events field becomes a pick list input', () => {
    const p = plan({ operations: { createHook: { trigger: { kind: 'webhook', urlField: 'target', eventsField: 'kinds' } } } });
    const t = p.triggers.find((x) => x.operation.path === '/hooks');
    if (t?.kind !== 'webhook') throw new Error('expected a webhook trigger');
    expect(t.source).toBe('subscription');
    expect(t.subscribe).toMatchObject({ urlField: ['target'], eventsField: { path: ['kinds'], field: 'kinds' }, idPath: ['id'] });
    expect(t.inputFields.map((f) => [f.name, f.pick_list])).toEqual([['kinds', 'kinds']]);
  });
});

describe('hidden and advanced fields', () => {
  it('config: top-level by field or spec name, nested by path, output by output.<name>; global fields lists', () => {
    const p = plan({
      operations: { listOrders: { hidden: ['X-Debug', 'output.records.secret'], advanced: ['q'] }, createOrder: { hidden: ['owner.email'], advanced: ['note'] } },
      fields: { advanced: ['created_after'] },
    });
    const [list, create] = p.actions;
    expect(list!.inputFields.map((f) => [f.name, f.advanced ?? false])).toEqual([
      ['created_after', true],
      ['modified', false],
      ['q', true],
    ]);
    expect(list!.request.params.map((b) => b.name)).toEqual(['created_after', 'modified', 'q']);
    expect(list!.outputFields[0]!.properties!.map((f) => f.name)).toEqual(['id']);
    expect(create!.inputFields.map((f) => [f.name, f.advanced ?? false])).toEqual([
      ['item', false],
      ['owner', false],
      ['note', true],
    ]);
    expect(create!.inputFields[1]!.properties!.map((f) => f.name)).toEqual(['name']);
    expect(create!.outputFields.map((f) => f.name)).toEqual(['id', 'secret']);
  });

  it('output.<name> hides a top-level output field', () => {
    const p = plan({ operations: { createOrder: { hidden: ['output.secret'] } } });
    expect(p.actions[1]!.outputFields.map((f) => f.name)).toEqual(['id']);
  });

  it('x-connector-hidden / x-connector-advanced on parameters and properties', () => {
    const a = apiOf([
      operation('post', '/x', {
        parameters: [parameter('trace', 'header', string(), { extensions: { 'x-connector-hidden': true } }), parameter('v', 'query', string(), { extensions: { 'x-connector-advanced': true } })],
        body: object({ a: string({ extensions: { 'x-connector-hidden': true } }), b: string({ extensions: { 'x-connector-advanced': true } }) }),
      }),
    ]);
    expect(buildPlan(a).actions[0]!.inputFields.map((f) => [f.name, f.advanced ?? false])).toEqual([
      ['v', true],
      ['b', true],
    ]);
  });

  it('a required field cannot be hidden', () => {
    expect(thrown(() => plan({ operations: { createOrder: { hidden: ['item'] } } })).message).toMatch(/body property item is required, so it cannot be hidden/);
    const a = apiOf([operation('get', '/x/{id}', { parameters: [parameter('id', 'path', string(), { extensions: { 'x-connector-hidden': true } })] })]);
    expect(thrown(() => buildPlan(a)).message).toMatch(/parameter id is required/);
  });
});

describe('errors for what matches nothing or is not understood', () => {
  it('every override that matches nothing is named, in one error', () => {
    const e = thrown(() =>
      plan({
        exclude: { tags: ['nosuchtag'], paths: ['/nothing/**'] },
        operations: { noSuchOp: { title: 'x' }, listOrders: { hidden: ['nofield'] } },
        fields: { hidden: ['nowhere'] },
        triggers: { new_nothing: { title: 'x' } },
      }),
    );
    expect(e.diagnostics.map((d) => d.message)).toEqual([
      "connector-gen.config.yaml: exclude.tags 'nosuchtag' matches nothing",
      "connector-gen.config.yaml: exclude.paths '/nothing/**' matches nothing",
      "connector-gen.config.yaml: operations['noSuchOp'] matches nothing",
      "connector-gen.config.yaml: fields.hidden 'nowhere' matches nothing",
      "connector-gen.config.yaml: hidden 'nofield' of GET /orders matches nothing",
      'connector-gen.config.yaml: triggers.new_nothing matches no trigger',
    ]);
    expect(e.diagnostics.every((d) => d.code === 'override-unmatched' && d.file === 'connector-gen.config.yaml')).toBe(true);
  });

  it('field overrides of an excluded operation are not reported', () => {
    expect(() => plan({ operations: { adminHome: { exclude: true, hidden: ['whatever'] } } })).not.toThrow();
  });

  const badExtensions: [string, { given: Record<string, unknown>; want: RegExp }][] = [
    ['unknown x-connector key', { given: { 'x-connector-skip': true }, want: /unknown extension x-connector-skip/ }],
    ['wrong type', { given: { 'x-connector-exclude': 'yes' }, want: /x-connector-exclude must be true or false/ }],
    ['bad key', { given: { 'x-connector-key': '9lives' }, want: /x-connector-key must match/ }],
    ['bad trigger', { given: { 'x-connector-trigger': 'sometimes' }, want: /x-connector-trigger' must be false, 'poll'/ }],
  ];
  it.each(badExtensions)('%s on an operation is a user error with its pointer', (_, { given, want }) => {
    const a = apiOf([operation('get', '/x', { extensions: given })]);
    const e = thrown(() => buildPlan(a));
    expect(e.message).toMatch(want);
    expect(e.diagnostics[0]!.pointer.startsWith('/paths/~1x/get/x-connector-')).toBe(true);
  });

  it('other vendor extensions are left alone', () => {
    expect(() => buildPlan(apiOf([operation('get', '/x', { extensions: { 'x-internal': true, 'x-codegen-name': 'y' } })]))).not.toThrow();
  });
});
