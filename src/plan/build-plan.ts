/**
 * IR → Plan: every operation becomes an action (unless an override excludes it), list endpoints also
 * polling triggers, subscriptions and callbacks webhook triggers; connection, test request, object
 * definitions and pick lists around them. The heuristics live in ./rules; this file assembles.
 */
import { StageError, UserError, type Diagnostic } from '../diagnostics.js';
import { mergeAllOf } from '../ir/schema-utils.js';
import type { IrApi, IrOperation, IrSchema } from '../ir/types.js';
import { buildConnection, securityFor } from './connection.js';
import type { Mutable, PlanContext } from './context.js';
import { MAX_FIELDS_PER_SIDE, buildField, capFields } from './fields.js';
import { toJsonSchema } from './json-schema.js';
import { NameAllocator, fileNameFor, humanize, safeIdentifier, safeTypeName, words } from './names.js';
import { buildInputs, buildOutput, inputSchemaOf, type FieldRules, type InputEntry } from './operation-io.js';
import { OverrideSet } from './override-set.js';
import { isValidKey, type PlanOverrides } from './overrides.js';
import { StaticPickLists } from './pick-lists.js';
import { chooseTestRequest, detectListResponse, detectPagination, linkDynamicPickList, nameOperation, type ListResponse } from './rules/index.js';
import { operationRef, triggersForOperation, webhooksTriggers, type TriggerDraft } from './triggers.js';
import type { Plan, PlanAction, PlanField, PlanObjectDefinition, PlanPickList, PlanRequest, PlanSkipped, PlanTest, PlanTrigger } from './types.js';

export interface PlanOptions {
  /** From `connector-gen.config.{json,yaml}` (see `loadOverrides`). */
  readonly overrides?: PlanOverrides;
}

export const MAX_RECORDS_DEFAULT = 100;

/** What the builder keeps per action while it assembles the rest. */
interface ActionWork {
  readonly op: IrOperation;
  readonly action: PlanAction;
  readonly entries: readonly InputEntry[];
  readonly list?: ListResponse;
}

export function buildPlan(api: IrApi, options: PlanOptions = {}): Plan {
  const overrides = new OverrideSet(options.overrides ?? {}, api);
  const diagnostics: Diagnostic[] = [...api.diagnostics];

  const conn = buildConnection(api);
  diagnostics.push(...conn.diagnostics);

  // Object definition keys first: every field that refers to a named schema needs them.
  const defAllocator = new NameAllocator();
  const defKeys = new Map<string, string>();
  const schemaPointers = new Map<string, string>();
  for (const s of api.schemas) {
    defKeys.set(s.name, defAllocator.take(safeIdentifier(s.name, 'object')));
    schemaPointers.set(s.name, s.pointer);
  }
  const pickListKeys = new NameAllocator();
  const ctx: PlanContext = { api, defKeys, schemaPointers, pickLists: new StaticPickLists(pickListKeys), diagnostics, fieldCache: new Map() };

  // Which operations are in; explicit keys are reserved before any derived key is handed out.
  const skipped: PlanSkipped[] = [];
  const included: IrOperation[] = [];
  for (const op of api.operations) {
    const why = overrides.exclusion(op);
    if (why === undefined) included.push(op);
    else {
      skipped.push({ operation: operationRef(op), reason: why });
      diagnostics.push({ code: 'skipped-operation', severity: 'info', message: `${op.id}: ${why}`, pointer: op.pointer });
      // Its own field overrides have nothing to match, and that is not the user's typo.
      overrides.markOperationFields(overrides.fieldRules(op, overrides.forOperation(op)).opItems);
    }
  }
  const actionKeys = new NameAllocator();
  const explicitKeys = new Map<string, string>();
  for (const op of included) {
    const key = overrides.forOperation(op).key;
    if (key === undefined) continue;
    if (!actionKeys.reserve(key)) {
      const message = `two operations are given the key '${key}' (the second is ${op.id})`;
      throw new UserError(message, [{ code: 'invalid-override', severity: 'error', message, pointer: op.pointer }]);
    }
    explicitKeys.set(op.id, key);
  }

  const typeNames = new NameAllocator('', false);
  const fileNames = new NameAllocator('-', true);
  const works: ActionWork[] = [];
  const requests = new Map<string, PlanRequest>();
  const triggerDrafts: TriggerDraft[] = [];

  const requestOf = (op: IrOperation): PlanRequest => {
    const known = requests.get(op.id);
    if (known !== undefined) return known;
    // An operation that is not an action (excluded) can still be the test, an unsubscribe or a pick list source.
    const built = operationRequest(ctx, op, conn.authKeys).request;
    requests.set(op.id, built);
    return built;
  };

  for (const op of included) {
    try {
      const override = overrides.forOperation(op);
      const naming = nameOperation(op, api);
      const key = explicitKeys.get(op.id) ?? actionKeys.take(safeIdentifier(naming.key, 'action'));
      const typeName = takeTypeName(typeNames, safeTypeName(key, 'action'), ['Input', 'Output']);
      const fileName = fileNames.take(fileNameFor(key, 'action'));
      const rules = overrides.fieldRules(op, override);
      const title = override.title ?? naming.title;
      const work = actionFor(ctx, op, conn.authKeys, rules, { key, typeName, fileName }, {
        title,
        reason: override.title !== undefined ? 'Title set by an override.' : naming.reason,
        keyReason: explicitKeys.has(op.id) ? 'Key set by an override.' : undefined,
      });
      const paths = overrides.applyPaths(override, rules.opItems, work.action.inputFields, work.action.outputFields);
      const inputs = capFields(paths.inputs);
      const outputs = capFields(paths.outputs);
      const action: PlanAction =
        inputs.fields === work.action.inputFields && outputs.fields === work.action.outputFields
          ? work.action
          : { ...work.action, inputFields: inputs.fields, outputFields: outputs.fields, reasons: [...work.action.reasons, ...cappedReasons(inputs.collapsed, outputs.collapsed)] };
      works.push({ ...work, action });
      requests.set(op.id, action.request);
      for (const draft of triggersForOperation(ctx, {
        op,
        entries: work.entries,
        request: action.request,
        ...(work.list !== undefined ? { list: work.list } : {}),
        ...(override.trigger !== undefined ? { trigger: override.trigger } : {}),
        requestOf,
      })) {
        triggerDrafts.push(draft);
      }
    } catch (e) {
      if (e instanceof UserError || e instanceof StageError) throw e;
      throw new StageError('plan', op.id, e);
    }
  }

  for (const webhook of api.webhooks) {
    for (const op of webhook.operations) {
      try {
        const ext = overrides.extensions(op);
        if (ext.exclude === true) continue;
        triggerDrafts.push(webhooksTriggers(ctx, webhook, op, ext.title, ext.key));
      } catch (e) {
        if (e instanceof UserError || e instanceof StageError) throw e;
        throw new StageError('plan', `webhook ${webhook.name}`, e);
      }
    }
  }

  const { triggers, naturalKeys } = finishTriggers(triggerDrafts, options.overrides, typeNames, fileNames);
  const dynamic = linkDynamicPickLists(ctx, works, pickListKeys, requestOf);
  const actions = dynamic.actions;

  // Test request (issue 3): the cheapest safe GET; none is better than a mutating one.
  let test: PlanTest | null = null;
  const choice = chooseTestRequest(api);
  if (choice.operation !== undefined) {
    const op = choice.operation;
    test = { method: op.method, path: op.path, ...(op.operationId !== undefined ? { operationId: op.operationId } : {}), request: requestOf(op), reasons: choice.reasons };
  } else {
    diagnostics.push({ code: 'no-test-request', severity: 'warning', message: `No safe request to test the connection with: ${choice.reasons.join(' ')}`, pointer: '' });
  }

  // The connector keeps the definitions its actions, triggers and pick lists use, directly or through other
  // definitions; the rest are dead weight in it. A selection of Graph beta: 6,000 schemas, 18 MB of types, for a
  // connector of 400 operations. GitHub's whole API: 467 of its 1,097 schemas (396 of them webhook payloads no
  // trigger receives) were 3.0 of its 15.9 MB of output.
  const { definitions: objectDefinitions, unused: unusedSchemas } = buildObjectDefinitions(ctx, typeNames, [actions, triggers, dynamic.lists]);
  overrides.checkAllMatched(new Set(naturalKeys));

  return {
    title: api.title,
    packageName: packageNameOf(api.title),
    ...(api.description !== undefined ? { description: api.description } : {}),
    apiVersion: api.version,
    specVersion: api.specVersion,
    baseUrl: conn.baseUrl,
    connection: conn.connection,
    test,
    actions,
    triggers,
    objectDefinitions,
    unusedSchemas,
    pickLists: [...ctx.pickLists.lists, ...dynamic.lists],
    skipped,
    diagnostics,
  };
}

/** `TypeName` such that it and `TypeName<suffix>` are all free. */
function takeTypeName(alloc: NameAllocator, base: string, suffixes: readonly string[]): string {
  for (let i = 1; ; i++) {
    const t = i === 1 ? base : `${base}${i}`;
    const all = [t, ...suffixes.map((s) => t + s)];
    if (all.every((n) => !alloc.has(n))) {
      for (const n of all) alloc.reserve(n);
      return t;
    }
  }
}

/**
 * Parameters that are apiKey credentials are left to the connection, not asked for as inputs. When the
 * operation *requires* such a parameter, that scheme must go out whatever alternative its `security` offers
 * (Trello lists `key` or `token` as alternatives, yet every operation requires both parameters): each
 * alternative takes those schemes along. Unchanged security stays as it was (undefined: connection default).
 */
function withRequiredCredentials(
  api: IrApi,
  op: IrOperation,
  authKeys: ReadonlyMap<string, readonly string[]>,
  security: readonly (readonly string[])[] | undefined,
): readonly (readonly string[])[] | undefined {
  const required = api.securitySchemes.flatMap((s) => {
    if (s.type !== 'apiKey') return [];
    const name = s.in === 'header' ? s.paramName.toLowerCase() : s.paramName;
    const demanded = op.parameters.some((p) => p.required && p.in === s.in && (p.in === 'header' ? p.name.toLowerCase() : p.name) === name);
    return demanded ? [...(authKeys.get(s.name) ?? [])] : [];
  });
  if (required.length === 0) return security;
  const effective = security ?? securityFor({ ...op, securityOverridden: true }, authKeys) ?? [];
  const joined = (effective.length > 0 ? effective : [[]]).map((alt) => [...new Set([...alt, ...required])]);
  const same = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((k) => b.includes(k));
  const unique = joined.filter((alt, i) => joined.findIndex((other) => same(other, alt)) === i);
  return JSON.stringify(unique) === JSON.stringify(effective) ? security : unique;
}

/** An operation's request and what it was made from. */
function operationRequest(ctx: PlanContext, op: IrOperation, authKeys: ReadonlyMap<string, readonly string[]>, rules?: FieldRules) {
  const { api } = ctx;
  const inputs = buildInputs(ctx, op, rules);
  const list = detectListResponse(op, api);
  const pagination = list !== undefined ? detectPagination(op, api, list) : undefined;
  const output = buildOutput(ctx, op, list);
  const security = withRequiredCredentials(api, op, authKeys, securityFor(op, authKeys));
  const request: PlanRequest = {
    method: op.method,
    path: op.path,
    params: inputs.params,
    ...(inputs.body !== undefined ? { body: inputs.body } : {}),
    ...(security !== undefined ? { security } : {}),
    response: output.response,
    ...(output.accept !== undefined ? { accept: output.accept } : {}),
    ...(list !== undefined ? { itemsPath: list.itemsPath } : {}),
    ...(pagination !== undefined ? { pagination } : {}),
  };
  return { request, inputs, list, pagination, output, security };
}

function actionFor(
  ctx: PlanContext,
  op: IrOperation,
  authKeys: ReadonlyMap<string, readonly string[]>,
  rules: FieldRules,
  names: { key: string; typeName: string; fileName: string },
  naming: { title: string; reason: string; keyReason?: string | undefined },
): ActionWork {
  const { request, inputs, list, pagination, output, security } = operationRequest(ctx, op, authKeys, rules);
  const { key, typeName, fileName } = names;
  const own = op.servers?.map((s) => s.url) ?? [];
  if (own.length > 0 && !own.some((url) => ctx.api.servers.some((s) => s.url === url))) {
    ctx.diagnostics.push({
      code: 'operation-servers',
      severity: 'warning',
      message: `${op.id} declares its own server (${own[0]}); the connector sends it to the connection's base URL.`,
      pointer: op.pointer,
    });
  }
  const entries: InputEntry[] = [...inputs.entries];
  let maxRecordsField: string | undefined;
  if (pagination !== undefined) {
    maxRecordsField = inputs.names.take('max_records');
    // No location: the runtime option that bounds paging, not a parameter of the API.
    entries.push({
      field: {
        name: maxRecordsField,
        label: 'Max records',
        type: 'integer',
        optional: true,
        default: MAX_RECORDS_DEFAULT,
        hint: `Read pages until this many records (default ${MAX_RECORDS_DEFAULT}).`,
      },
      schema: { type: 'integer', minimum: 1, default: MAX_RECORDS_DEFAULT },
    });
  }
  const retry = op.method === 'get' || op.method === 'head' || op.method === 'options' || op.method === 'put' || op.method === 'delete';
  const reasons = [
    naming.keyReason ?? naming.reason,
    `${op.method.toUpperCase()} ${op.path}${op.operationId !== undefined ? ` (${op.operationId})` : ''} becomes an action: every operation does.`,
    ...inputs.reasons,
    output.reason,
    ...(pagination !== undefined ? [`Paginated (${pagination.style}): ${pagination.reasons.join(' ')} Input ${maxRecordsField} bounds how many records are read.`] : list !== undefined ? ['No pagination was found: one request.'] : []),
    ...(security !== undefined ? [security.length === 0 ? 'Public: the operation declares `security: []`.' : `Its own security: ${security.map((s) => s.join(' + ') || 'none').join(' or ')}.`] : []),
    retry ? `${op.method.toUpperCase()} is idempotent: retried on 429/502/503/504.` : `${op.method.toUpperCase()} is not idempotent: not retried.`,
  ].filter((r) => r !== '');
  if (naming.keyReason !== undefined) reasons.splice(1, 0, naming.reason);
  const action: Mutable<PlanAction> = {
    key,
    typeName,
    fileName,
    title: naming.title,
    tags: op.tags,
    operation: operationRef(op),
    request,
    inputFields: entries.map((e) => e.field),
    outputFields: output.fields,
    inputSchema: inputSchemaOf(entries),
    outputSchema: output.schema,
    retry,
    reasons,
    outputMode: list !== undefined ? 'records' : 'body',
  };
  if (maxRecordsField !== undefined) action.maxRecordsField = maxRecordsField;
  if (op.summary !== undefined && op.description !== undefined) {
    action.subtitle = op.summary;
    action.description = op.description;
  } else if (op.description !== undefined || op.summary !== undefined) action.description = op.description ?? op.summary;
  if (op.deprecated) action.deprecated = true;
  if (output.sample !== undefined) action.sampleOutput = output.sample;
  return { op, action, entries, ...(list !== undefined ? { list } : {}) };
}

/** Why some nested fields refer to their object definition instead of listing its fields. */
function cappedReasons(inputs: readonly string[], outputs: readonly string[]): string[] {
  const say = (side: string, defs: readonly string[]) =>
    `The ${side} would list more than ${MAX_FIELDS_PER_SIDE.toLocaleString('en-US')} nested fields: ${defs.length === 1 ? 'object definition' : 'object definitions'} ${defs.join(', ')} ${defs.length === 1 ? 'is' : 'are'} referred to, not expanded.`;
  return [...(inputs.length > 0 ? [say('inputs', inputs)] : []), ...(outputs.length > 0 ? [say('outputs', outputs)] : [])];
}

/** Renames from the config's `triggers`, then unique keys, type names and file names. */
function finishTriggers(
  drafts: readonly TriggerDraft[],
  config: PlanOverrides | undefined,
  typeNames: NameAllocator,
  fileNames: NameAllocator,
): { triggers: PlanTrigger[]; naturalKeys: string[] } {
  const keys = new NameAllocator();
  const renames = config?.triggers ?? {};
  // Natural keys first (what `plan` shows and the config refers to), then renames on top.
  const natural = drafts.map((d) => keys.take(d.key));
  const finalKeys = new NameAllocator();
  const out: PlanTrigger[] = [];
  drafts.forEach((d, i) => {
    const rename = Object.hasOwn(renames, natural[i]!) ? renames[natural[i]!] : undefined;
    if (rename?.exclude === true) return;
    const key = rename?.key ?? natural[i]!;
    if (!isValidKey(key) || !finalKeys.reserve(key)) {
      const message = `trigger key '${key}' is given twice`;
      throw new UserError(message, [{ code: 'invalid-override', severity: 'error', message, pointer: '' }]);
    }
    const typeName = takeTypeName(typeNames, safeTypeName(key, 'trigger'), ['Input', 'Output', 'Event', 'Closure']);
    const fileName = fileNames.take(fileNameFor(key, 'trigger'));
    const inputs = capFields(d.inputFields);
    const outputs = capFields(d.outputFields);
    const reasons = [
      ...d.reasons,
      ...(rename?.key !== undefined || rename?.title !== undefined ? [`Renamed by the config (was ${natural[i]}).`] : []),
      ...cappedReasons(inputs.collapsed, outputs.collapsed),
    ];
    // Spelled out first so the names sit next to the key in `plan --json`.
    const fields = { inputFields: inputs.fields, outputFields: outputs.fields };
    out.push(Object.assign({ kind: d.kind, key, typeName, fileName }, d, { key, title: rename?.title ?? d.title, reasons }, fields) as PlanTrigger);
  });
  return { triggers: out, naturalKeys: natural };
}

/** Dynamic pick lists (issue 3): an id input linked to the list endpoint of its resource. */
function linkDynamicPickLists(
  ctx: PlanContext,
  works: readonly ActionWork[],
  keys: NameAllocator,
  requestOf: (op: IrOperation) => PlanRequest,
): { actions: PlanAction[]; lists: PlanPickList[] } {
  const lists: PlanPickList[] = [];
  const byLink = new Map<string, string>();
  const actionKeyOf = new Map(works.map((w) => [w.op.id, w.action.key]));
  const actions = works.map((w) => {
    let changed = false;
    const fields = w.action.inputFields.map((f) => {
      if (f.location === undefined || f.pick_list !== undefined || (f.type !== 'string' && f.type !== 'integer')) return f;
      const source = w.entries.find((e) => e.field.name === f.name)?.source;
      if (source === undefined) return f;
      const link = linkDynamicPickList(f.wire_name ?? f.name, source, w.op, ctx.api);
      if (link === undefined || link.operation.id === w.op.id) return f;
      // Dependent pick list: each parent parameter of the list must be a sibling input of this action.
      const params: Record<string, string> = {};
      for (const parent of link.parentParams) {
        const sibling = w.action.inputFields.find((s) => s.location !== undefined && (s.wire_name ?? s.name) === parent);
        if (sibling === undefined) return f;
        params[safeIdentifier(parent, 'param')] = sibling.name;
      }
      const id = `${link.operation.id}|${link.labelField}|${link.valueField}`;
      let key = byLink.get(id);
      if (key === undefined) {
        key = keys.take(safeIdentifier(actionKeyOf.get(link.operation.id) ?? nameOperation(link.operation, ctx.api).key, 'pick_list'));
        byLink.set(id, key);
        const list: PlanPickList = {
          key,
          kind: 'dynamic',
          operation: operationRef(link.operation),
          request: requestOf(link.operation),
          labelField: link.labelField,
          valueField: link.valueField,
          ...(link.parentParams.length > 0 ? { params: link.parentParams.map((p) => ({ name: safeIdentifier(p, 'param'), param: p })) } : {}),
          reasons: [link.reason],
        };
        lists.push(list);
      }
      changed = true;
      return {
        ...f,
        pick_list: key,
        control_type: f.control_type ?? ('select' as const),
        ...(Object.keys(params).length > 0 ? { pick_list_params: params } : {}),
      };
    });
    if (!changed) return w.action;
    return { ...w.action, inputFields: fields, reasons: [...w.action.reasons, ...fields.filter((f, i) => f !== w.action.inputFields[i]).map((f) => `Input ${f.name} picks from pick list ${f.pick_list}.`)] };
  });
  return { actions, lists };
}

type DefinitionDraft = Omit<PlanObjectDefinition, 'typeName'>;

function definitionDraft(ctx: PlanContext, s: IrApi['schemas'][number]): DefinitionDraft {
  const key = ctx.defKeys.get(s.name)!;
  const merged = mergeAllOf(ctx.api, { ref: s.name });
  const field = buildField(ctx, { name: key, wireName: s.name, schema: { ref: s.name }, required: true, direction: 'both' });
  // An array of inline objects is its items' shape: fields that hold such an array refer to this definition.
  const fields = field?.type === 'object' || (field?.type === 'array' && field.object_definition === key) ? (field.properties ?? []) : [];
  const def: Mutable<DefinitionDraft> = {
    key,
    sourceName: s.name,
    title: merged.title ?? humanize(s.name),
    fields,
    schema: toJsonSchema(ctx, s.schema, 'both'),
    ...(s.copies !== undefined ? { sourceCopies: s.copies } : {}),
    reasons: [
      s.copies !== undefined
        ? `Inline schema at ${s.pointer}, repeated word for word ${s.copies} times: defined once, and referred to where it appears.`
        : `Component schema ${s.name} (${s.pointer}).`,
    ],
  };
  if (merged.description !== undefined) def.description = merged.description;
  return def;
}

const DEFINITION_REF = '#/objectDefinitions/';

/** Calls `found` with every definition key `value` refers to (`$ref` into the definitions, `object_definition`). */
function definitionRefs(value: unknown, found: (key: string) => void): void {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v !== 'object' || v === null) continue;
    if (Array.isArray(v)) {
      for (const item of v) stack.push(item);
      continue;
    }
    for (const [k, item] of Object.entries(v)) {
      if (typeof item === 'string') {
        if (k === '$ref' && item.startsWith(DEFINITION_REF)) found(item.slice(DEFINITION_REF.length));
        else if (k === 'object_definition') found(item);
      } else stack.push(item);
    }
  }
}

/**
 * One definition per component schema, in spec order. Given `usedBy` (the parts of a plan of a selection of
 * the API), only the schemas those parts refer to, directly or through other definitions.
 */
/**
 * The object definitions of the schemas that `usedBy` (the actions, triggers and pick lists) refer to, directly or
 * through other definitions, in spec order; and the names of the schemas left out.
 */
function buildObjectDefinitions(ctx: PlanContext, typeNames: NameAllocator, usedBy: readonly unknown[]): { definitions: PlanObjectDefinition[]; unused: string[] } {
  const drafts = new Map<string, DefinitionDraft>();
  const byKey = new Map(ctx.api.schemas.map((s) => [ctx.defKeys.get(s.name)!, s] as const));
  const used = new Set<string>();
  const queue: string[] = [];
  const found = (key: string): void => {
    if (byKey.has(key) && !used.has(key)) {
      used.add(key);
      queue.push(key);
    }
  };
  for (const part of usedBy) definitionRefs(part, found);
  while (queue.length > 0) {
    const s = byKey.get(queue.pop()!)!;
    const draft = definitionDraft(ctx, s);
    drafts.set(s.name, draft);
    definitionRefs([draft.schema, draft.fields], found);
  }
  const definitions: PlanObjectDefinition[] = [];
  const unused: string[] = [];
  // Type names in spec order, whatever order the drafts were made in.
  for (const s of ctx.api.schemas) {
    const draft = drafts.get(s.name);
    if (draft === undefined) {
      unused.push(s.name);
      continue;
    }
    const { key, ...rest } = draft;
    definitions.push({ key, typeName: takeTypeName(typeNames, safeTypeName(s.name, 'object'), []), ...rest });
  }
  return { definitions, unused };
}

/** `Swagger Petstore` → `swagger-petstore`: a valid npm package name. */
export function packageNameOf(title: string): string {
  const name = words(title)
    .map((w) => w.toLowerCase())
    .join('-')
    .slice(0, 200)
    .replace(/-+$/, '');
  return name === '' ? 'connector' : /^[0-9]/.test(name) ? `api-${name}` : name;
}
