/**
 * Actions, triggers, pick lists and object definitions: one block each, in plan order, blank lines between,
 * so a user's edits to one block merge cleanly when the connector is regenerated.
 */
import type {
  PlanAction,
  PlanField,
  PlanObjectDefinition,
  PlanPagination,
  PlanPickList,
  PlanPollTrigger,
  PlanRequest,
  PlanWebhookTrigger,
} from '../../plan/types.js';
import { fieldsArray, inlineReferable, type DefinitionGraph, type FieldScope } from './fields.js';
import { requestCode, type RequestOptions } from './requests.js';
import { isSafeName, rubyKey, rubyString, rubyStringArray, rubyValue, rubyValueLines } from './ruby.js';

export interface EmitScope {
  readonly definitions: ReadonlyMap<string, PlanObjectDefinition>;
  readonly graph: DefinitionGraph;
}

const RETRY_STATUSES = '[429, 500, 502, 503, 504]';
/** Records a dynamic pick list loads at most (pages followed until then). */
const PICK_LIST_MAX = 1000;

function indent(lines: readonly string[], by = 2): string[] {
  const pad = ' '.repeat(by);
  return lines.map((l) => (l === '' ? '' : pad + l));
}

/** A `name: lambda do |object_definitions| [fields] end` schema lambda. */
function schemaLambda(name: string, fields: readonly PlanField[], scope: EmitScope, input: boolean, wrap?: (lines: string[]) => string[]): string[] {
  const fieldScope: FieldScope = { definitions: scope.definitions, mayReference: () => true, input, readsDefinitions: false };
  let body = fieldsArray(fields, fieldScope);
  if (wrap) body = wrap(body);
  const arg = fieldScope.readsDefinitions ? 'object_definitions' : '_object_definitions';
  return [`${name}: lambda do |${arg}|`, ...indent(body), 'end'];
}

function valueOf(field: string, fields: ReadonlyMap<string, PlanField>): string {
  const read = `input[${rubyString(field)}]`;
  return fields.get(field)?.control_type === 'multiselect' ? `call('list_value', ${read})` : read;
}

function fieldMap(fields: readonly PlanField[]): Map<string, PlanField> {
  return new Map(fields.map((f) => [f.name, f]));
}

function uniqueFieldName(base: string, fields: readonly PlanField[]): string {
  const taken = new Set(fields.map((f) => f.name));
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}_${i}`;
  return name;
}

/** The pagination description handed to the `next_page` helper, as a Ruby hash. */
function paginationHash(p: PlanPagination, request: PlanRequest, input: string): string {
  const entries: [string, string][] = [['style', rubyString(p.style)]];
  const path = (keys: readonly string[] | undefined): string | undefined => (keys === undefined ? undefined : rubyStringArray(keys));
  const start = (param: string): string | undefined => {
    const b = request.params.find((x) => x.in === 'query' && x.name === param);
    return b ? `${input}[${rubyString(b.field)}]` : undefined;
  };
  const add = (key: string, value: string | undefined): void => {
    if (value !== undefined) entries.push([key, value]);
  };
  switch (p.style) {
    case 'cursor':
      add('cursor_param', rubyString(p.cursorParam));
      add('cursor_in', rubyString(p.cursorIn));
      add('next_cursor_path', path(p.nextCursorPath));
      add('cursor_from_last_item', p.cursorFromLastItem === undefined ? undefined : rubyString(p.cursorFromLastItem));
      add('has_more_path', path(p.hasMorePath));
      break;
    case 'offset':
      add('offset_param', rubyString(p.offsetParam));
      add('total_path', path(p.totalPath));
      add('start', start(p.offsetParam));
      break;
    case 'page':
      add('page_param', rubyString(p.pageParam));
      add('first_page', String(p.firstPage));
      add('total_pages_path', path(p.totalPagesPath));
      add('start', start(p.pageParam));
      break;
    case 'link_header':
      break;
    case 'next_url':
      add('next_url_path', path(p.nextUrlPath));
      break;
  }
  return `{ ${entries.map(([k, v]) => `${rubyString(k)} => ${v}`).join(', ')} }`;
}

function pageSizeParam(p: PlanPagination | undefined): string | undefined {
  if (!p) return undefined;
  if (p.style === 'cursor' || p.style === 'offset') return p.limitParam;
  if (p.style === 'page') return p.sizeParam;
  return undefined;
}

/** `page = lambda do |over| … end`: the request, built again for each page with its overrides. */
function pageLambda(request: PlanRequest, options: RequestOptions): string[] {
  const code = requestCode(request, { ...options, overridable: true });
  return [...code.setup, 'page = lambda do |over|', ...indent(code.call), 'end'];
}

// --- Actions ---------------------------------------------------------------------------------------------------

/** Default bound on the records a paginated list action reads (the plan's `max_records` input overrides it). */
const DEFAULT_MAX_RECORDS = 100;

interface OutputShape {
  readonly fields: readonly PlanField[];
  readonly sample?: unknown;
  /** Lines of an `after_response` block that turns the response into the action's output hash. */
  readonly afterResponse?: readonly string[];
}

/**
 * Workato outputs are hashes. Text bodies become `{ content }`; binary bodies the plan's
 * `{ contentType, base64, size }`; a JSON array body (not a list action) `{ items }`.
 */
function outputShape(action: PlanAction): OutputShape {
  const kind = action.request.response.kind;
  if (kind === 'text') {
    const content: PlanField = { name: 'content', label: 'Content', type: 'string', optional: true };
    return {
      fields: [content],
      sample: typeof action.sampleOutput === 'string' ? { content: action.sampleOutput } : undefined,
      afterResponse: ["{ 'content' => response.to_s }"],
    };
  }
  if (kind === 'binary') {
    return {
      fields: action.outputFields,
      afterResponse: [
        '{',
        "  'contentType' => call('header', response_headers, 'content-type') || 'application/octet-stream',",
        "  'base64' => [response.to_s].pack('m0'),",
        "  'size' => response.to_s.bytesize",
        '}',
      ],
    };
  }
  if (kind === 'empty') return { fields: action.outputFields };
  if (action.outputSchema.type === 'array' && (action.outputMode ?? 'body') === 'body') {
    const items: PlanField = action.outputFields.length > 0
      ? { name: 'items', label: 'Items', type: 'array', of: 'object', optional: true, properties: action.outputFields }
      : { name: 'items', label: 'Items', type: 'array', optional: true };
    return {
      fields: [items],
      sample: action.sampleOutput === undefined ? undefined : { items: action.sampleOutput },
      afterResponse: ["{ 'items' => response }"],
    };
  }
  return { fields: action.outputFields, sample: action.sampleOutput };
}

export function actionBlock(action: PlanAction, scope: EmitScope): string[] {
  const req = action.request;
  const records = action.outputMode === 'records' && req.response.kind === 'json';
  const shape = outputShape(action);
  const body: string[] = [`title: ${rubyString(action.title)},`];
  if (action.subtitle) body.push(`subtitle: ${rubyString(action.subtitle)},`);
  if (action.description) body.push(`description: ${rubyString(action.description)},`);
  if (action.help) body.push(`help: ${rubyString(action.help)},`);
  if (action.deprecated) body.push('deprecated: true,');
  body.push('');
  body.push(...withComma(schemaLambda('input_fields', action.inputFields, scope, true)), '');

  const fields = fieldMap(action.inputFields);
  const exec: string[] = [];
  if (records) {
    // A list: `{ records }` from items_path, following the pages up to max_records when the API pages.
    exec.push(...pageLambda(req, { input: 'input', fields }));
    const pagination = req.pagination ? paginationHash(req.pagination, req, 'input') : 'nil';
    const maxField = action.maxRecordsField;
    const max = req.pagination ? (maxField !== undefined ? `input[${rubyString(maxField)}] || ${DEFAULT_MAX_RECORDS}` : String(DEFAULT_MAX_RECORDS)) : 'nil';
    exec.push(`records = call('fetch_records', page, ${pagination}, ${rubyStringArray(req.itemsPath ?? [])}, ${max})`);
    exec.push("{ 'records' => records }");
  } else {
    const code = requestCode(req, { input: 'input', fields, afterResponse: shape.afterResponse });
    exec.push(...code.setup, ...code.call);
  }
  body.push('execute: lambda do |_connection, input|', ...indent(exec), 'end,', '');
  body.push(...withComma(schemaLambda('output_fields', shape.fields, scope, false)));
  if (shape.sample !== undefined) {
    body.push('', 'sample_output: lambda do |_connection, _input|', ...indent(rubyValueLines(shape.sample)), 'end,');
  }
  if (action.retry) {
    const method = action.request.method.toUpperCase();
    const methods = ['GET', 'HEAD'].includes(method) ? ['GET', 'HEAD'] : [method];
    body.push('', `retry_on_response: ${RETRY_STATUSES},`, `retry_on_request: ${rubyStringArray(methods)},`, 'max_retries: 3');
  }
  stripTrailingComma(body);
  return [`${rubyKey(action.key)} {`, ...indent(body), '}'];
}

function withComma(lines: string[]): string[] {
  return [...lines.slice(0, -1), lines[lines.length - 1] + ','];
}

/** The last non-empty line of a hash body must not end with a comma (Ruby allows it, but it reads as unfinished). */
function stripTrailingComma(lines: string[]): void {
  for (let i = lines.length - 1; i >= 0; i--) {
    if (lines[i] === '') continue;
    if ((lines[i] as string).endsWith(',')) lines[i] = (lines[i] as string).slice(0, -1);
    return;
  }
}

// --- Triggers ----------------------------------------------------------------------------------------------------

export function pollTriggerBlock(trigger: PlanPollTrigger, scope: EmitScope): string[] {
  const req = trigger.request;
  // The plan names the sticky start-time input (`sinceField`); older plans bind the since parameter itself.
  const sinceBinding = req.params.find((p) => p.in === 'query' && p.name === trigger.since.param);
  const declared = trigger.sinceField !== undefined ? trigger.inputFields.find((f) => f.name === trigger.sinceField) : undefined;
  const sinceName = declared?.name ?? sinceBinding?.field ?? uniqueFieldName('since', trigger.inputFields);
  const since: PlanField = {
    label: 'When first started, this recipe should pick up events from',
    hint: 'When you start the recipe for the first time, it picks up records from this time. Defaults to an hour ago.',
    ...declared,
    name: sinceName,
    type: 'date_time',
    control_type: 'date_time',
    optional: true,
    sticky: true,
  };
  const inputs = [since, ...trigger.inputFields.filter((f) => f.name !== sinceName)];
  const fields = fieldMap(inputs);

  const paramValues = new Map<string, string>();
  paramValues.set(trigger.since.param, `call('format_time', closure['since'], ${rubyString(trigger.since.format)})`);
  if (trigger.sort) {
    const b = req.params.find((p) => p.in === 'query' && p.name === trigger.sort?.param);
    paramValues.set(trigger.sort.param, b ? `input[${rubyString(b.field)}] || ${rubyString(trigger.sort.value)}` : rubyString(trigger.sort.value));
  }
  const sizeParam = pageSizeParam(req.pagination);
  if (sizeParam !== undefined) {
    const b = req.params.find((p) => p.in === 'query' && p.name === sizeParam);
    paramValues.set(sizeParam, b ? `input[${rubyString(b.field)}] || ${trigger.pageLimit}` : String(trigger.pageLimit));
  }

  const config: [string, string][] = [['items_path', rubyStringArray(req.itemsPath ?? [])]];
  if (trigger.timeField !== undefined) config.push(['time_field', rubyString(trigger.timeField)]);
  config.push(['page_limit', String(trigger.pageLimit)]);
  if (req.pagination) config.push(['pagination', paginationHash(req.pagination, req, 'input')]);

  const poll = [
    `closure = call('poll_start', closure, input[${rubyString(sinceName)}])`,
    ...pageLambda(req, { input: 'input', fields, paramValues }),
    'config = {',
    ...config.map(([k, v], i) => `  ${rubyString(k)} => ${v}${i < config.length - 1 ? ',' : ''}`),
    '}',
    "call('poll_page', page, config, closure)",
  ];
  const id = `record[${rubyString(trigger.idField)}].to_s`;
  const dedup = trigger.mode === 'new_or_updated' && trigger.timeField !== undefined
    ? `${id} + '@' + record[${rubyString(trigger.timeField)}].to_s`
    : id;

  const body: string[] = [`title: ${rubyString(trigger.title)},`];
  if (trigger.description) body.push(`description: ${rubyString(trigger.description)},`);
  body.push('', ...withComma(schemaLambda('input_fields', inputs, scope, true)), '');
  body.push('poll: lambda do |_connection, input, closure|', ...indent(poll), 'end,', '');
  body.push('dedup: lambda do |record|', `  ${dedup}`, 'end,', '');
  body.push(...schemaLambda('output_fields', trigger.outputFields, scope, false));
  return [`${rubyKey(trigger.key)} {`, ...indent(body), '}'];
}

export function webhookTriggerBlock(trigger: PlanWebhookTrigger, scope: EmitScope): string[] {
  const body: string[] = [`title: ${rubyString(trigger.title)},`];
  if (trigger.description) body.push(`description: ${rubyString(trigger.description)},`);
  body.push('', ...withComma(schemaLambda('input_fields', trigger.inputFields, scope, true)), '');
  const fields = fieldMap(trigger.inputFields);

  const sub = trigger.subscribe;
  if (sub) {
    let request = sub.request;
    if (!request.body) {
      request = { ...request, body: { mediaType: 'application/json', encoding: 'json', required: true, mode: 'properties', properties: [] } };
    }
    const adjust: string[] = [];
    if (sub.urlParam === undefined && sub.urlField.length > 0) adjust.push(`body = call('set_path', body, ${rubyStringArray(sub.urlField)}, webhook_url)`);
    if (sub.eventsField) {
      const events = valueOf(sub.eventsField.field, fields);
      adjust.push(`body = call('set_path', body, ${rubyStringArray(sub.eventsField.path)}, ${events}) unless ${events}.nil?`);
    }
    const paramValues = new Map<string, string>(sub.urlParam !== undefined ? [[sub.urlParam, 'webhook_url']] : []);
    const code = requestCode(request, {
      input: 'input',
      fields,
      bodyAdjust: adjust,
      paramValues,
      // What webhook_unsubscribe gets: the subscription's id, and the input for the rest of its path.
      afterResponse: [`{ 'id' => call('dig', response, ${rubyStringArray(sub.idPath)}), 'input' => input }`],
    });
    body.push('webhook_subscribe: lambda do |webhook_url, _connection, input, _recipe_id|');
    body.push(...indent([...code.setup, ...code.call]), 'end,', '');
  } else {
    body.push('webhook_subscribe: lambda do |webhook_url, _connection, _input, _recipe_id|');
    body.push('  # The API offers no way to subscribe: register webhook_url with it by hand.');
    body.push("  { 'webhook_url' => webhook_url }", 'end,', '');
  }

  const unsub = trigger.unsubscribe;
  if (unsub) {
    const idBinding = unsub.request.params.find((p) => p.in === 'path' && p.name === unsub.idParam);
    const idField = idBinding?.field ?? unsub.idParam;
    const code = requestCode(unsub.request, { input: 'input', fields: new Map() });
    body.push('webhook_unsubscribe: lambda do |webhook_subscribe_output, _connection|');
    body.push(`  input = (webhook_subscribe_output['input'] || {}).merge(${rubyString(idField)} => webhook_subscribe_output['id'])`);
    body.push(...indent([...code.setup, ...code.call]), 'end,', '');
  } else {
    body.push('webhook_unsubscribe: lambda do |_webhook_subscribe_output, _connection|');
    body.push('  # Nothing to undo: remove the subscription by hand if the API keeps one.');
    body.push('  {}', 'end,', '');
  }

  body.push('webhook_notification: lambda do |_input, payload, _extended_input_schema, _extended_output_schema, _headers, _params|');
  body.push('  payload', 'end,', '');
  const dedup = trigger.idField !== undefined ? `event[${rubyString(trigger.idField)}].to_s` : 'event.to_json';
  body.push('dedup: lambda do |event|', `  ${dedup}`, 'end,', '');
  body.push(...schemaLambda('output_fields', trigger.outputFields, scope, false));
  return [`${rubyKey(trigger.key)} {`, ...indent(body), '}'];
}

// --- Pick lists and object definitions -----------------------------------------------------------------------------

export function pickListBlock(list: PlanPickList): string[] {
  if (list.kind === 'static') {
    const options = list.options.map(([label, value]) => `[${rubyString(label)}, ${rubyValue(value)}]`);
    return [
      `${rubyKey(list.key)} lambda do |_connection|`,
      '  [',
      ...options.map((o, i) => `    ${o}${i < options.length - 1 ? ',' : ''}`),
      '  ]',
      'end',
    ];
  }
  const req = list.request;
  const params = list.params ?? [];
  const named = params.every((p) => isSafeName(p.name) && p.name !== 'connection');
  const args = named ? params.map((p) => `${p.name}: nil`) : ['**args'];
  const head = `${rubyKey(list.key)} lambda do |${['_connection', ...(params.length > 0 ? args : [])].join(', ')}|`;
  const body: string[] = [];
  if (params.length > 0) {
    const pairs = params.map((p) => {
      const b = req.params.find((x) => x.name === p.param);
      const arg = named ? p.name : `args.transform_keys(&:to_s)[${rubyString(p.name)}]`;
      return `${rubyString(b?.field ?? p.param)} => ${arg}`;
    });
    body.push(`input = { ${pairs.join(', ')} }`);
  } else {
    body.push('input = {}');
  }
  const fields = new Map<string, PlanField>();
  body.push(...pageLambda(req, { input: 'input', fields }));
  const items = rubyStringArray(req.itemsPath ?? []);
  const pagination = req.pagination ? paginationHash(req.pagination, req, 'input') : 'nil';
  body.push(`records = call('fetch_records', page, ${pagination}, ${items}, ${req.pagination ? PICK_LIST_MAX : 'nil'})`);
  body.push(`call('pick_list_options', records, ${rubyString(list.labelField)}, ${rubyString(list.valueField)})`);
  return [head, ...indent(body), 'end'];
}

export function objectDefinitionBlock(definition: PlanObjectDefinition, scope: EmitScope): string[] {
  const fieldScope: FieldScope = {
    definitions: scope.definitions,
    // Inside a definition, a reference that would close a cycle is inlined instead (no endless lambda calls).
    mayReference: (key) => scope.graph.kept.get(definition.key)?.has(key) ?? false,
    inlineMayReference: inlineReferable(scope.graph),
    input: false,
    readsDefinitions: false,
  };
  const fields = fieldsArray(definition.fields, fieldScope);
  const arg = fieldScope.readsDefinitions ? 'object_definitions' : '_object_definitions';
  return [
    `${rubyKey(definition.key)} {`,
    `  fields: lambda do |_connection, _config_fields, ${arg}|`,
    ...indent(fields, 4),
    '  end',
    '}',
  ];
}
