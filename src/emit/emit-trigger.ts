/**
 * `src/triggers/<fileName>.ts`: a poll trigger (a time-filtered list, polled through the runtime's
 * `pollSince`) or a webhook trigger (subscribes itself when the plan found how, and turns each
 * notification into events).
 */
import { type CodeBlockWriter, StructureKind, VariableDeclarationKind, type WriterFunction } from 'ts-morph';
import type { JsonSchema, PlanBody, PlanPollTrigger, PlanTrigger, PlanWebhookTrigger } from '../plan/types.js';
import { docs, inputTypeModel, optional, type UnitEnv } from './emit-action.js';
import { FileScope } from './file-scope.js';
import { literal, objectLiteralKey, propertyAccess, stringLiteral, writeLiteral, writeObject } from './literal.js';
import { schemaToType, typeWriter, type TypeModel } from './schema-type.js';
import type { Statement } from './source-printer.js';
import { runtimeField, runtimeRequest } from './to-runtime.js';

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

function commonMembers(trigger: PlanTrigger): (readonly [string, WriterFunction])[] {
  return [
    ['kind', literal(trigger.kind)],
    ['title', literal(trigger.title)],
    ...optional('description', trigger.description),
    ['inputFields', literal(trigger.inputFields.map(runtimeField))],
    ['outputFields', literal(trigger.outputFields.map(runtimeField))],
    ['inputSchema', literal(trigger.inputSchema)],
    ['outputSchema', literal(trigger.outputSchema)],
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

  const poll = (w: CodeBlockWriter): void => {
    w.write('async poll(ctx, input, closure) ').inlineBlock(() => {
      w.write(`return ${pollSince}<${eventName}>(ctx, ${requestName}, input, closure, `);
      writeObject(w, [
        ['sinceParam', literal(trigger.since.param)],
        ['sinceFormat', literal(trigger.since.format)],
        // The user's sticky start time, asked for on the first poll only.
        ['since', (x) => x.write(sinceField === undefined ? 'undefined' : propertyAccess('input', sinceField))],
        ['idField', literal(trigger.idField)],
        ...optional('timeField', timeField),
        ['mode', literal(trigger.mode)],
        ['pageLimit', literal(trigger.pageLimit)],
        ...optional('sort', trigger.sort),
      ]);
      w.write(');');
    });
    w.write(',');
  };
  const dedup = (w: CodeBlockWriter): void => {
    w.write('dedup(event) ').inlineBlock(() => {
      w.write(`return ${dedupKey}(event, `);
      writeLiteral(w, trigger.idField);
      w.write(', ');
      writeLiteral(w, timeField);
      w.write(', ');
      writeLiteral(w, trigger.mode);
      w.write(');');
    });
    w.write(',');
  };

  const statements: Statement[] = [
    inputAlias(inputName, trigger, inputModel),
    eventAlias(eventName, trigger, eventModel),
    requestConst(requestName, requestSpec, `${trigger.request.method.toUpperCase()} ${trigger.request.path}: the list this trigger polls. Edit it here.`, runtimeRequest(trigger.request)),
    exported(env.exportName, trigger.description ?? trigger.title, (w) => {
      w.write(`${define}<${inputName}, ${eventName}, ${closureType}>(`);
      writeObject(w, [...commonMembers(trigger), poll, dedup]);
      w.write(')');
    }),
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
  const statements: Statement[] = [inputAlias(inputName, trigger, inputModel), eventAlias(eventName, trigger, eventModel)];
  const members: (readonly [string, WriterFunction] | WriterFunction)[] = [...commonMembers(trigger)];
  let subscriptionName = 'null';

  if (subscribe) {
    const requestSpec = scope.runtimeType('RequestSpec');
    subscriptionName = scope.declare(`${trigger.typeName}Subscription`);
    const subscribeName = scope.declare('subscribeRequest');
    const unsubscribeName = scope.declare('unsubscribeRequest');
    const withPathName = scope.declare('withPath');

    // Each value the subscription request needs beyond the user's input, as [input path, expression].
    const additions: [string[], WriterFunction][] = [];
    const urlBinding = subscribe.urlParam === undefined ? undefined : subscribe.request.params.find((p) => p.name === subscribe.urlParam);
    const urlPath = urlBinding ? [urlBinding.field] : (inputPathFor(subscribe.request.body, subscribe.urlField) ?? ['url']);
    additions.push([urlPath, (w) => w.write('webhookUrl')]);
    if (subscribe.eventsField) {
      const eventsPath = inputPathFor(subscribe.request.body, subscribe.eventsField.path);
      const field = subscribe.eventsField.field;
      if (eventsPath && !(eventsPath.length === 1 && eventsPath[0] === field)) {
        additions.push([eventsPath, (w) => w.write('input[').write(stringLiteral(field)).write(']')]);
      }
    }
    const needsWithPath = additions.some(([path]) => path.length > 1);

    statements.push(
      {
        kind: StructureKind.TypeAlias,
        name: subscriptionName,
        isExported: true,
        docs: docs('What `subscribe` keeps for `unsubscribe`.'),
        type: typeWriter({
          kind: 'object',
          properties: [
            { name: 'id', optional: false, type: { kind: 'keyword', name: 'unknown' }, doc: "The created subscription's id." },
            { name: 'input', optional: false, type: { kind: 'named', name: inputName }, doc: 'The trigger input it was made with.' },
          ],
        }),
      },
      requestConst(subscribeName, requestSpec, `${subscribe.request.method.toUpperCase()} ${subscribe.request.path}: registers the webhook URL.`, runtimeRequest(subscribe.request)),
    );
    if (unsubscribe) {
      statements.push(
        requestConst(unsubscribeName, requestSpec, `${unsubscribe.request.method.toUpperCase()} ${unsubscribe.request.path}: removes it again.`, runtimeRequest(unsubscribe.request)),
      );
    }
    if (needsWithPath) statements.push(withPathFunction(withPathName));

    members.push((w) => {
      w.write('async subscribe(ctx, webhookUrl, input) ').inlineBlock(() => {
        // The callback URL (and event filter) go where the request body expects them.
        w.write(`${needsWithPath ? 'let' : 'const'} body: Record<string, unknown> = { ...input`);
        for (const [path, value] of additions.filter(([p]) => p.length === 1)) {
          w.write(', ').write(objectLiteralKey(path[0]!)).write(': ');
          value(w);
        }
        w.write(' };').newLine();
        for (const [path, value] of additions.filter(([p]) => p.length > 1)) {
          w.write(`body = ${withPathName}(body, `);
          writeLiteral(w, path);
          w.write(', ');
          value(w);
          w.write(');').newLine();
        }
        w.writeLine(`const created = await ctx.request<unknown>(${subscribeName}, body);`);
        w.write(`return { id: ${getPath}(created, `);
        writeLiteral(w, subscribe.idPath);
        w.write('), input };');
      });
      w.write(',');
    });
    if (unsubscribe) {
      const idField = unsubscribe.request.params.find((p) => p.name === unsubscribe.idParam)?.field ?? unsubscribe.idParam;
      members.push((w) => {
        w.write('async unsubscribe(ctx, subscription) ').inlineBlock(() => {
          w.write(`await ctx.request<unknown>(${unsubscribeName}, { ...subscription.input, `);
          w.write(objectLiteralKey(idField)).write(': subscription.id });');
        });
        w.write(',');
      });
    }
  }

  members.push((w) => {
    w.write('webhookNotification(_input, payload) ').inlineBlock(() => {
      if (envelope) {
        w.write(`const events = ${getPath}(payload, `);
        writeLiteral(w, [envelope.key]);
        w.write(') ?? payload;').newLine();
      } else {
        w.writeLine('const events = payload;');
      }
      w.writeLine('// An array delivers several events at once.');
      w.writeLine(`return (Array.isArray(events) ? events : [events]) as ${eventName}[];`);
    });
    w.write(',');
  });
  const idField = trigger.idField;
  if (idField !== undefined) {
    members.push((w) => {
      w.write('dedup(event) ').inlineBlock(() => {
        w.write(`return ${dedupKey}(event, `);
        writeLiteral(w, idField);
        w.write(", undefined, 'new');");
      });
      w.write(',');
    });
  }

  statements.push(
    exported(env.exportName, trigger.description ?? trigger.title, (w) => {
      w.write(`${define}<${inputName}, ${eventName}, ${subscriptionName}>(`);
      writeObject(w, members);
      w.write(')');
    }),
  );
  return env.printer.print(scope.imports(), statements);
}

function inputAlias(name: string, trigger: PlanTrigger, model: TypeModel): Statement {
  return { kind: StructureKind.TypeAlias, name, isExported: true, docs: docs(`Input of the "${trigger.title}" trigger.`), type: typeWriter(model) };
}

function eventAlias(name: string, trigger: PlanTrigger, model: TypeModel): Statement {
  return { kind: StructureKind.TypeAlias, name, isExported: true, docs: docs(`One event of "${trigger.title}".`), type: typeWriter(model) };
}

export function requestConst(name: string, type: string, doc: string, request: unknown): Statement {
  return {
    kind: StructureKind.VariableStatement,
    declarationKind: VariableDeclarationKind.Const,
    docs: docs(doc),
    declarations: [{ name, type, initializer: literal(request) }],
  };
}

function exported(name: string, doc: string, initializer: WriterFunction): Statement {
  return {
    kind: StructureKind.VariableStatement,
    declarationKind: VariableDeclarationKind.Const,
    isExported: true,
    docs: docs(doc),
    declarations: [{ name, initializer }],
  };
}

/** Sets a value some keys deep in a copy of `target` (for callback URLs nested in the request body). */
function withPathFunction(name: string): Statement {
  return {
    kind: StructureKind.Function,
    name,
    docs: docs('A copy of `target` with `value` set at `path`, creating objects on the way.'),
    parameters: [
      { name: 'target', type: 'Record<string, unknown>' },
      { name: 'path', type: 'readonly string[]' },
      { name: 'value', type: 'unknown' },
    ],
    returnType: 'Record<string, unknown>',
    statements: (w) => {
      w.writeLine('const [key, ...rest] = path;');
      w.writeLine('if (key === undefined) return target;');
      w.writeLine('const inner = target[key];');
      w.writeLine('const child = typeof inner === \'object\' && inner !== null && !Array.isArray(inner) ? (inner as Record<string, unknown>) : {};');
      w.writeLine(`return { ...target, [key]: rest.length === 0 ? value : ${name}(child, rest, value) };`);
    },
  };
}
