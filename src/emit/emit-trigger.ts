/**
 * `src/triggers/<fileName>.ts`: a poll trigger (a time-filtered list, polled through the runtime's
 * `pollSince`) or a webhook trigger (subscribes itself when the plan found how, and turns each
 * notification into events).
 */
import type { JsonSchema, PlanBody, PlanPollTrigger, PlanTrigger, PlanWebhookTrigger } from '../plan/types.js';
import { inputTypeModel, optional, outputFieldsMember, type UnitEnv } from './emit-action.js';
import { FileScope } from './file-scope.js';
import { group, indent, indentIfBreak, line, softline } from './layout.js';
import { schemaToType, typeAlias, type TypeModel } from './schema-type.js';
import { runtimeField, runtimeRequest } from './to-runtime.js';
import {
  arg,
  bare,
  call,
  code,
  constDeclaration,
  data,
  dataArg,
  type Doc,
  documented,
  expr,
  fixedLines,
  hardline,
  jsDoc,
  memberAccess,
  memberCall,
  method,
  nullish,
  objectArg,
  objectLiteral,
  property,
  quote,
  statement,
  type Statement,
  typeArguments,
} from './ts-print.js';

const RUNTIME_MODULE = '../runtime/index.js';
const TYPES_MODULE = '../types.js';
/** Envelope keys that plainly wrap the events of a notification. */
const ENVELOPE_KEYS = new Set(['data', 'events', 'items', 'records', 'payload', 'results']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function emitTrigger(trigger: PlanTrigger, env: UnitEnv): string {
  return trigger.kind === 'poll' ? emitPollTrigger(trigger, env) : emitWebhookTrigger(trigger, env);
}

function commonMembers(trigger: PlanTrigger, env: UnitEnv, scope: FileScope): Doc[] {
  return [
    property('kind', data(trigger.kind)),
    property('title', data(trigger.title)),
    ...optional('description', trigger.description),
    property('inputFields', data(trigger.inputFields.map(runtimeField))),
    outputFieldsMember(trigger.outputSchema, trigger.outputFields, env, scope),
    property('inputSchema', data(trigger.inputSchema)),
    property('outputSchema', data(trigger.outputSchema)),
  ];
}

function stringProperty(schema: JsonSchema, name: string): boolean {
  const properties = schema['properties'];
  const property = isRecord(properties) ? properties[name] : undefined;
  return isRecord(property) && property['type'] === 'string';
}

function emitPollTrigger(trigger: PlanPollTrigger, env: UnitEnv): string {
  const scope = new FileScope(env.objectTypes, TYPES_MODULE, RUNTIME_MODULE, [env.exportName]);
  const define = scope.runtime('definePollTrigger');
  const pollSince = scope.runtime('pollSince');
  const dedupKey = scope.runtime('dedupKey');
  const closureType = scope.runtimeType('PollClosure');
  const requestSpec = scope.runtimeType('RequestSpec');
  const inputName = scope.declare(`${trigger.typeName}Input`);
  const eventName = scope.declare(`${trigger.typeName}Event`);
  const requestName = scope.declare('request');

  const inputModel = inputTypeModel(trigger.inputSchema, trigger.request, scope.typeContext(true));
  const eventModel = schemaToType(trigger.outputSchema, scope.typeContext(false));
  const timeField = trigger.timeField;
  // The sticky start-time input: the plan names it; older plans simply call it `since`.
  const sinceField = [trigger.sinceField, 'since'].find(
    (name): name is string => name !== undefined && stringProperty(trigger.inputSchema, name),
  );

  const options: Doc[] = [
    property('sinceParam', data(trigger.since.param)),
    property('sinceFormat', data(trigger.since.format)),
    // The user's sticky start time, asked for on the first poll only.
    property('since', sinceField === undefined ? code('undefined') : code(memberAccess('input', sinceField), 'member-chain')),
    property('idField', data(trigger.idField)),
    ...optional('timeField', timeField),
    property('mode', data(trigger.mode)),
    property('pageLimit', data(trigger.pageLimit)),
    ...optional('sort', trigger.sort),
  ];
  const poll = method('async poll', ['ctx', 'input', 'closure'], [
    statement([
      'return ',
      call(pollSince, typeArguments([eventName], true), [arg('ctx'), arg(requestName), arg('input'), arg('closure'), objectArg(options, true)]),
      ';',
    ]),
  ]);
  const dedup = method('dedup', ['event'], [
    statement(['return ', call(dedupKey, '', [arg('event'), dataArg(trigger.idField), dataArg(timeField), dataArg(trigger.mode)]), ';']),
  ]);

  const statements: Doc[] = [
    inputAlias(inputName, trigger, inputModel),
    eventAlias(eventName, trigger, eventModel),
    requestConst(requestName, requestSpec, `${trigger.request.method.toUpperCase()} ${trigger.request.path}: the list this trigger polls. Edit it here.`, runtimeRequest(trigger.request)),
    exported(env.exportName, trigger.description ?? trigger.title, call(define, typeArguments([inputName, eventName, closureType], false), [objectArg([...commonMembers(trigger, env, scope), poll, dedup], true)])),
  ];
  return env.printer.print(scope.imports(), statements);
}

/** The input path (field, then keys inside it) that puts a value at `bodyPath` of the request body. */
function inputPathFor(body: PlanBody | undefined, bodyPath: readonly string[]): string[] | undefined {
  if (!body || bodyPath.length === 0) return undefined;
  let path = [...bodyPath];
  const envelope = body.envelope ?? [];
  if (envelope.every((key, i) => path[i] === key)) path = path.slice(envelope.length);
  if (body.mode === 'whole') return body.field === undefined ? undefined : [body.field, ...path];
  const binding = body.properties?.find((p) => p.name === path[0]);
  if (path.length === 0 || binding === undefined) return undefined;
  return [binding.field, ...path.slice(1)];
}

/** Where the events are in a notification, when the event schema plainly is one wrapping array. */
function envelopeOf(schema: JsonSchema): { key: string; items: unknown } | undefined {
  const properties = schema['properties'];
  if (!isRecord(properties)) return undefined;
  const keys = Object.keys(properties);
  const only = keys.length === 1 ? properties[keys[0]!] : undefined;
  if (!isRecord(only) || only['type'] !== 'array' || !ENVELOPE_KEYS.has(keys[0]!)) return undefined;
  return { key: keys[0]!, items: only['items'] };
}

function emitWebhookTrigger(trigger: PlanWebhookTrigger, env: UnitEnv): string {
  const scope = new FileScope(env.objectTypes, TYPES_MODULE, RUNTIME_MODULE, [env.exportName]);
  const define = scope.runtime('defineWebhookTrigger');
  const inputName = scope.declare(`${trigger.typeName}Input`);
  const eventName = scope.declare(`${trigger.typeName}Event`);
  const { subscribe, unsubscribe } = trigger;
  const envelope = envelopeOf(trigger.outputSchema);
  const getPath = subscribe || envelope ? scope.runtime('getPath') : 'getPath';
  const dedupKey = trigger.idField !== undefined ? scope.runtime('dedupKey') : 'dedupKey';

  const inputModel = inputTypeModel(trigger.inputSchema, trigger.subscribe?.request, scope.typeContext(true));
  const eventModel = schemaToType(envelope ? envelope.items : trigger.outputSchema, scope.typeContext(false));
  const statements: Doc[] = [inputAlias(inputName, trigger, inputModel), eventAlias(eventName, trigger, eventModel)];
  const members: Doc[] = [...commonMembers(trigger, env, scope)];
  let subscriptionName = 'null';

  if (subscribe) {
    const requestSpec = scope.runtimeType('RequestSpec');
    subscriptionName = scope.declare(`${trigger.typeName}Subscription`);
    const subscribeName = scope.declare('subscribeRequest');
    const unsubscribeName = scope.declare('unsubscribeRequest');
    const withPathName = scope.declare('withPath');

    // Each value the subscription request needs beyond the user's input, as [input path, expression].
    const additions: [string[], string][] = [];
    const urlBinding = subscribe.urlParam === undefined ? undefined : subscribe.request.params.find((p) => p.name === subscribe.urlParam);
    const urlPath = urlBinding ? [urlBinding.field] : (inputPathFor(subscribe.request.body, subscribe.urlField) ?? ['url']);
    additions.push([urlPath, 'webhookUrl']);
    if (subscribe.eventsField) {
      const eventsPath = inputPathFor(subscribe.request.body, subscribe.eventsField.path);
      const field = subscribe.eventsField.field;
      if (eventsPath && !(eventsPath.length === 1 && eventsPath[0] === field)) {
        additions.push([eventsPath, `input[${quote(field)}]`]);
      }
    }
    const needsWithPath = additions.some(([path]) => path.length > 1);

    statements.push(
      typeAlias(
        subscriptionName,
        {
          kind: 'object',
          properties: [
            { name: 'id', optional: false, type: { kind: 'keyword', name: 'unknown' }, doc: "The created subscription's id." },
            { name: 'input', optional: false, type: { kind: 'named', name: inputName }, doc: 'The trigger input it was made with.' },
          ],
        },
        jsDoc('What `subscribe` keeps for `unsubscribe`.'),
      ),
      requestConst(subscribeName, requestSpec, `${subscribe.request.method.toUpperCase()} ${subscribe.request.path}: registers the webhook URL.`, runtimeRequest(subscribe.request)),
    );
    if (unsubscribe) {
      statements.push(
        requestConst(unsubscribeName, requestSpec, `${unsubscribe.request.method.toUpperCase()} ${unsubscribe.request.path}: removes it again.`, runtimeRequest(unsubscribe.request)),
      );
    }
    if (needsWithPath) statements.push(withPathFunction(withPathName));

    // The callback URL (and event filter) go where the request body expects them.
    const valueRhs = (value: string) => (value.startsWith('input[') ? code(value, 'member-chain') : code(value));
    const body: Statement[] = [
      statement(
        constDeclaration(
          needsWithPath ? 'let' : 'const',
          'body: Record<string, unknown>',
          expr(objectLiteral([bare('...input'), ...additions.filter(([p]) => p.length === 1).map(([path, value]) => property(path[0]!, valueRhs(value)))], false)),
          true,
        ),
      ),
      ...additions
        .filter(([p]) => p.length > 1)
        .map(([path, value]) => statement([assignment('body', expr(call(withPathName, '', [arg('body'), dataArg(path), arg(value)]))), ';'])),
      statement(constDeclaration('const', 'created', expr(['await ', memberCall('ctx', 'request', typeArguments(['unknown'], true), [arg(subscribeName), arg('body')])]))),
      statement(['return ', objectLiteral([property('id', expr(call(getPath, '', [arg('created'), dataArg(subscribe.idPath)]))), bare('input')], false), ';']),
    ];
    members.push(method('async subscribe', ['ctx', 'webhookUrl', 'input'], body));
    if (unsubscribe) {
      const idField = unsubscribe.request.params.find((p) => p.name === unsubscribe.idParam)?.field ?? unsubscribe.idParam;
      members.push(
        method('async unsubscribe', ['ctx', 'subscription'], [
          statement([
            'await ',
            memberCall('ctx', 'request', typeArguments(['unknown'], true), [
              arg(unsubscribeName),
              objectArg([bare('...subscription.input'), property(idField, code('subscription.id', 'member-chain'))], false),
            ]),
            ';',
          ]),
        ]),
      );
    }
  }

  const events = envelope
    ? statement(constDeclaration('const', 'events', nullishCall(call(getPath, '', [arg('payload'), dataArg([envelope.key])]), 'payload')))
    : statement(constDeclaration('const', 'events', code('payload')));
  members.push(
    method('webhookNotification', ['_input', 'payload'], [
      events,
      statement([
        '// An array delivers several events at once.',
        hardline,
        'return ',
        group(['(', indent([softline, group(['Array.isArray(events)', indent([line, '? ', 'events', line, ': ', '[events]'])])]), softline, ')']),
        ` as ${eventName}[];`,
      ]),
    ]),
  );
  const idField = trigger.idField;
  if (idField !== undefined) {
    members.push(
      method('dedup', ['event'], [statement(['return ', call(dedupKey, '', [arg('event'), dataArg(idField), arg('undefined'), dataArg('new')]), ';'])]),
    );
  }

  statements.push(
    exported(env.exportName, trigger.description ?? trigger.title, call(define, typeArguments([inputName, eventName, subscriptionName], false), [objectArg(members, true)])),
  );
  return env.printer.print(scope.imports(), statements);
}

/** `left = right` as an expression statement's expression (Prettier's assignment layouts). */
function assignment(left: string, rhs: ReturnType<typeof expr>): Doc {
  const id = Symbol('assignment');
  return group([left, ' =', group(indent(line), { id }), indentIfBreak(rhs.doc, id)]);
}

/** `call ?? fallback` on the right of a declaration. */
function nullishCall(left: Doc, right: string): ReturnType<typeof expr> {
  return { doc: group([left, ' ', group(['??', line, right])]), kind: 'binary' };
}

function inputAlias(name: string, trigger: PlanTrigger, model: TypeModel): Doc {
  return typeAlias(name, model, jsDoc(`Input of the "${trigger.title}" trigger.`));
}

function eventAlias(name: string, trigger: PlanTrigger, model: TypeModel): Doc {
  return typeAlias(name, model, jsDoc(`One event of "${trigger.title}".`));
}

export function requestConst(name: string, type: string, doc: string, request: unknown): Doc {
  return documented(jsDoc(doc), constDeclaration('const', `${name}: ${type}`, data(request)));
}

function exported(name: string, doc: string, initializer: Doc): Doc {
  return documented(jsDoc(doc), ['export ', constDeclaration('const', name, expr(initializer))]);
}

/** Sets a value some keys deep in a copy of `target` (for callback URLs nested in the request body). */
function withPathFunction(name: string): Doc {
  const lines = [
    `function ${name}(`,
    '  target: Record<string, unknown>,',
    '  path: readonly string[],',
    '  value: unknown,',
    '): Record<string, unknown> {',
    '  const [key, ...rest] = path;',
    '  if (key === undefined) return target;',
    '  const inner = target[key];',
    '  const child =',
    "    typeof inner === 'object' && inner !== null && !Array.isArray(inner)",
    '      ? (inner as Record<string, unknown>)',
    '      : {};',
    `  return { ...target, [key]: rest.length === 0 ? value : ${name}(child, rest, value) };`,
    '}',
  ];
  return documented(jsDoc('A copy of `target` with `value` set at `path`, creating objects on the way.'), fixedLines(lines));
}
