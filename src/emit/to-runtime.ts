/**
 * Plan pieces → the plain data the runtime's types accept. The plan carries more than the runtime needs
 * (reasons, wire names for docs); object literals in generated code must hold only the runtime's keys,
 * or strict TypeScript rejects them as excess properties.
 */
import type {
  JsonSchema,
  PlanAuth,
  PlanConnection,
  PlanConnectionField,
  PlanField,
  PlanPagination,
  PlanRequest,
} from '../plan/types.js';

type Data = Record<string, unknown>;

/** Copies the listed keys that are present, in the listed order (stable output). */
function pick(source: object, keys: readonly string[]): Data {
  const from = source as Data;
  const out: Data = {};
  for (const key of keys) if (from[key] !== undefined) out[key] = from[key];
  return out;
}

/**
 * A field's runtime keys, in the order they are written. Read by name, each is an inline-cached load; probing
 * a list of 14 computed keys on every field (about 49,000 per GitHub emit) went through V8's megamorphic lookup.
 */
function fieldData(f: PlanField): Data {
  const out: Data = {};
  if (f.name !== undefined) out['name'] = f.name;
  if (f.label !== undefined) out['label'] = f.label;
  if (f.type !== undefined) out['type'] = f.type;
  if (f.control_type !== undefined) out['control_type'] = f.control_type;
  if (f.optional !== undefined) out['optional'] = f.optional;
  if (f.hint !== undefined) out['hint'] = f.hint;
  if (f.pick_list !== undefined) out['pick_list'] = f.pick_list;
  if (f.pick_list_params !== undefined) out['pick_list_params'] = f.pick_list_params;
  if (f.properties !== undefined) out['properties'] = f.properties;
  if (f.of !== undefined) out['of'] = f.of;
  if (f.object_definition !== undefined) out['object_definition'] = f.object_definition;
  if (f.sticky !== undefined) out['sticky'] = f.sticky;
  if (f.default !== undefined) out['default'] = f.default;
  if (f.advanced !== undefined) out['advanced'] = f.advanced;
  return out;
}

export function runtimeField(field: PlanField): Data {
  const out = fieldData(field);
  if (field.properties !== undefined) out['properties'] = field.properties.map(runtimeField);
  return out;
}

/**
 * An output field. Where an object definition describes the value (`object_definition`), the field refers to
 * it instead of repeating its properties, as fields inside definitions already do: outputs only display and
 * map data, and spelled out they were most of a large package (GitHub: 9 MB of 17 MB of actions, issue 7).
 * Input fields stay spelled out, because a definition serves both sides and would offer read-only properties.
 */
export function runtimeOutputField(field: PlanField, isDefinition: (key: string) => boolean): Data {
  const out = fieldData(field);
  if (field.object_definition !== undefined && isDefinition(field.object_definition)) delete out['properties'];
  else if (field.properties !== undefined) out['properties'] = field.properties.map((f) => runtimeOutputField(f, isDefinition));
  return out;
}

const DEFINITION_REF = '#/objectDefinitions/';

/**
 * The output fields of an action or trigger that returns an object definition (its output schema is only a
 * `$ref` to it) are, more often than not, the definition's own fields word for word. Those refer to the
 * definition's fields instead of repeating them, the way a Workato connector writes
 * `output_fields: lambda { |object_definitions| object_definitions['user'] }`: one place to edit. GitHub: 408
 * actions and 54 triggers, 1 MB less to write; Stripe: 318 and 42. Fields that differ from the definition's
 * (a property only the output leaves out, another label) stay spelled out, and so does an empty list.
 */
export class SharedOutputFields {
  /** Definition key → its fields as output fields, as JSON (compared with an output's). */
  private readonly texts = new Map<string, string>();
  readonly isDefinition = (key: string): boolean => this.definitions.has(key);

  constructor(private readonly definitions: ReadonlyMap<string, readonly PlanField[]>) {}

  /** Each field as written in the output fields of an action or trigger. */
  outputFields(fields: readonly PlanField[]): Data[] {
    return fields.map((f) => runtimeOutputField(f, this.isDefinition));
  }

  /** The key of the definition whose fields these are (`fields` from `outputFields`), or undefined. */
  definitionOf(schema: JsonSchema, fields: readonly Data[]): string | undefined {
    const ref = schema['$ref'];
    if (typeof ref !== 'string' || !ref.startsWith(DEFINITION_REF) || fields.length === 0) return undefined;
    for (const key in schema) if (key !== '$ref') return undefined;
    const key = ref.slice(DEFINITION_REF.length);
    const own = this.definitions.get(key);
    if (own === undefined || own.length !== fields.length) return undefined;
    let text = this.texts.get(key);
    if (text === undefined) {
      text = JSON.stringify(this.outputFields(own));
      this.texts.set(key, text);
    }
    return JSON.stringify(fields) === text ? key : undefined;
  }
}

const PAGINATION_KEYS: Record<PlanPagination['style'], readonly string[]> = {
  cursor: ['style', 'cursorParam', 'cursorIn', 'nextCursorPath', 'cursorFromLastItem', 'hasMorePath', 'limitParam'],
  offset: ['style', 'offsetParam', 'limitParam', 'totalPath'],
  page: ['style', 'pageParam', 'sizeParam', 'firstPage', 'totalPagesPath'],
  link_header: ['style'],
  next_url: ['style', 'nextUrlPath'],
};

export function runtimeRequest(request: PlanRequest, retry?: boolean): Data {
  const out: Data = {
    method: request.method,
    path: request.path,
    params: request.params.map((p) => pick(p, ['field', 'name', 'in', 'style', 'explode', 'allowReserved', 'required'])),
  };
  if (request.body) {
    out['body'] = pick(request.body, [
      'mediaType',
      'encoding',
      'required',
      'mode',
      'field',
      'properties',
      'fileFields',
      'envelope',
      'encodings',
    ]);
    if (request.body.properties) {
      (out['body'] as Data)['properties'] = request.body.properties.map((p) => pick(p, ['field', 'name', 'required']));
    }
  }
  if (request.security !== undefined) out['security'] = request.security;
  out['response'] = pick(request.response, ['status', 'mediaType', 'kind']);
  if (request.accept !== undefined) out['accept'] = request.accept;
  if (request.itemsPath !== undefined) out['itemsPath'] = request.itemsPath;
  if (request.pagination) out['pagination'] = pick(request.pagination, PAGINATION_KEYS[request.pagination.style]);
  if (retry !== undefined) out['retry'] = retry;
  return out;
}

export function runtimeAuth(auth: PlanAuth): Data {
  switch (auth.type) {
    case 'api_key':
      return pick(auth, ['type', 'key', 'title', 'in', 'paramName', 'field']);
    case 'basic':
      return pick(auth, ['type', 'key', 'title', 'usernameField', 'passwordField']);
    case 'bearer':
      return pick(auth, ['type', 'key', 'title', 'tokenField']);
    case 'oauth2':
      return pick(auth, [
        'type',
        'key',
        'title',
        'flow',
        'authorizationUrl',
        'tokenUrl',
        'refreshUrl',
        'scopes',
        'pkce',
        'clientIdField',
        'clientSecretField',
        'openIdConnectUrl',
        'usernameField',
        'passwordField',
        'clientAuth',
      ]);
    case 'custom':
      return pick(auth, ['type', 'key', 'title', 'description']);
  }
}

export function runtimeConnectionField(field: PlanConnectionField): Data {
  return pick(field, ['name', 'label', 'type', 'control_type', 'optional', 'hint', 'default', 'options', 'authType']);
}

export function runtimeConnection(connection: PlanConnection): Data {
  return {
    fields: connection.fields.map(runtimeConnectionField),
    auth: connection.auth.map(runtimeAuth),
    ...(connection.authSelector !== undefined ? { authSelector: connection.authSelector } : {}),
    baseUrl: pick(connection.baseUrl, ['template', 'variables', 'serverField']),
  };
}
