/**
 * An operation's input (parameters and request body → fields, bindings, JSON Schema) and output (success
 * response → response kind, fields, JSON Schema, sample).
 */
import { UserError, pointerJoin } from '../diagnostics.js';
import { mergeAllOf, preferredMediaType, successResponse } from '../ir/schema-utils.js';
import type { IrMediaType, IrOperation, IrParameter, IrSchema } from '../ir/types.js';
import type { Direction, Mutable, PlanContext } from './context.js';
import { buildField, fieldTypeOf, isFileSchema } from './fields.js';
import { BINARY_OUTPUT_SCHEMA, FILE_INPUT_SCHEMA, excludedFor, toJsonSchema } from './json-schema.js';
import { NameAllocator, hintFrom, safeIdentifier } from './names.js';
import { fieldExtensions } from './overrides.js';
import type { ListResponse } from './rules/index.js';
import type { BodyEncoding, JsonSchema, PlanBody, PlanField, PlanParamBinding, PlanResponse, ResponseKind } from './types.js';

/** An input field with the JSON Schema of its value. */
export interface InputEntry {
  readonly field: PlanField;
  readonly schema: JsonSchema;
  /** The IR schema it came from (parameters and body properties). */
  readonly source?: IrSchema;
}

/** Which input fields the user hid or marked advanced (config); `note` records each name that matched. */
export interface FieldRules {
  readonly hidden: (names: readonly string[]) => boolean;
  readonly advanced: (names: readonly string[]) => boolean;
}

export const NO_FIELD_RULES: FieldRules = { hidden: () => false, advanced: () => false };

export interface OperationInputs {
  readonly entries: InputEntry[];
  readonly params: PlanParamBinding[];
  readonly body?: PlanBody;
  readonly names: NameAllocator;
  readonly reasons: string[];
}

/** Headers that OAS 3 §4.8.12.1 says to ignore as parameters: the runtime sets them. */
const IGNORED_HEADERS = new Set(['accept', 'content-type', 'authorization']);

export function buildInputs(ctx: PlanContext, op: IrOperation, rules: FieldRules = NO_FIELD_RULES): OperationInputs {
  const names = new NameAllocator();
  const entries: InputEntry[] = [];
  const params: PlanParamBinding[] = [];
  const reasons: string[] = [];
  const apiKeyParams = new Set(
    ctx.api.securitySchemes.flatMap((s) => (s.type === 'apiKey' ? [`${s.in}:${s.in === 'header' ? s.paramName.toLowerCase() : s.paramName}`] : [])),
  );

  for (const p of op.parameters) {
    const id = `${p.in}:${p.in === 'header' ? p.name.toLowerCase() : p.name}`;
    if (p.in === 'header' && IGNORED_HEADERS.has(p.name.toLowerCase())) {
      reasons.push(`Header parameter ${p.name} is left out: the runtime sets it (OAS 3 §4.8.12.1).`);
      continue;
    }
    if (apiKeyParams.has(id)) {
      reasons.push(`Parameter ${p.name} is left out: it is the API key, which the connection applies.`);
      continue;
    }
    const ext = fieldExtensions(p.extensions, p.pointer, `${op.id} parameter ${p.name}`);
    const base = safeIdentifier(p.name, 'field');
    if (ext.hidden || rules.hidden([base, p.name])) {
      if (p.required && p.schema.default === undefined) {
        const message = `${op.id}: parameter ${p.name} is required, so it cannot be hidden`;
        throw new UserError(message, [{ code: 'invalid-override', severity: 'error', message, pointer: p.pointer }]);
      }
      reasons.push(`Parameter ${p.name} is hidden by an override.`);
      continue;
    }
    const name = names.has(base) ? names.take(safeIdentifier(`${p.in}_${base}`, 'field')) : names.take(base);
    const field = paramField(ctx, p, name);
    const advanced = ext.advanced || rules.advanced([name, p.name]);
    entries.push({ field: advanced ? { ...field, advanced: true } : field, schema: withDescription(toJsonSchema(ctx, p.schema, 'input'), p.description), source: p.schema });
    params.push({
      field: name,
      name: p.name,
      in: p.in,
      style: p.style,
      explode: p.explode,
      ...(p.allowReserved ? { allowReserved: true } : {}),
      required: p.required || p.in === 'path',
    });
  }

  let body: PlanBody | undefined;
  const rb = op.requestBody;
  const media = rb !== undefined ? preferredMediaType(rb.content) : undefined;
  if (rb !== undefined && (op.method === 'get' || op.method === 'head')) {
    // RFC 9110 §9.3.1: a GET body has no defined meaning, and fetch refuses to send one.
    reasons.push(`The request body of this ${op.method.toUpperCase()} is left out: a ${op.method.toUpperCase()} request cannot carry one.`);
  } else if (rb !== undefined && media !== undefined) {
    const built = buildBody(ctx, op, media, rb.required, rb.description, names, rules);
    body = built.body;
    entries.push(...built.entries);
    reasons.push(built.reason);
  }
  return { entries, params, ...(body !== undefined ? { body } : {}), names, reasons };
}

function paramField(ctx: PlanContext, p: IrParameter, name: string): PlanField {
  const field = buildField(ctx, { name, wireName: p.name, schema: p.schema, required: p.required || p.in === 'path', direction: 'input', description: p.description }) ?? {
    name,
    label: p.name,
    type: 'string' as const,
    optional: !p.required,
  };
  const out: Mutable<PlanField> = { ...field, location: p.in, wire_name: p.name };
  if (out.example === undefined && p.example !== undefined) out.example = p.example;
  if (p.deprecated) out.hint = out.hint ? `Deprecated. ${out.hint}` : 'Deprecated.';
  return out;
}

function withDescription(schema: JsonSchema, description: string | undefined): JsonSchema {
  return description !== undefined && schema.description === undefined ? { ...schema, description } : schema;
}

export function bodyEncodingOf(mediaType: string, schema: IrSchema | undefined): BodyEncoding {
  const m = mediaType.toLowerCase();
  if (m === 'application/json' || m.endsWith('+json') || m.endsWith('/json')) return 'json';
  if (m === 'application/x-www-form-urlencoded') return 'form';
  if (m.startsWith('multipart/')) return 'multipart';
  if (m.endsWith('/xml') || m.endsWith('+xml')) return 'xml';
  if (m.startsWith('text/')) return 'text';
  const t = schema?.type;
  if (t === 'string') return schema?.format === 'binary' || m !== '*/*' ? 'binary' : 'text';
  if (t === 'object' || t === 'array' || schema?.properties !== undefined || schema?.ref !== undefined) return 'json';
  return 'binary';
}

interface BuiltBody {
  readonly body: PlanBody;
  readonly entries: InputEntry[];
  readonly reason: string;
}

function buildBody(
  ctx: PlanContext,
  op: IrOperation,
  media: IrMediaType,
  required: boolean,
  description: string | undefined,
  names: NameAllocator,
  rules: FieldRules,
): BuiltBody {
  const schema = media.schema ?? {};
  const merged = mergeAllOf(ctx.api, schema);
  const encoding = bodyEncodingOf(media.mediaType, merged);
  const structured = encoding === 'json' || encoding === 'form' || encoding === 'multipart';
  const isObject = merged.properties !== undefined && merged.properties.length > 0 && merged.oneOf === undefined && merged.anyOf === undefined;
  const encodings = media.encoding !== undefined && (encoding === 'form' || encoding === 'multipart') && Object.keys(media.encoding).length > 0 ? media.encoding : undefined;

  if (structured && isObject) {
    // `{ "data": { ... } }` (JSON:API, Asana): the fields are the inner object's, the runtime wraps them.
    let envelope: string[] | undefined;
    let target = merged;
    let envelopeRequired = true;
    const only = merged.properties!.length === 1 ? merged.properties![0]! : undefined;
    if (encoding === 'json' && only !== undefined && only.name === 'data') {
      const inner = mergeAllOf(ctx.api, only.schema);
      if (inner.properties !== undefined && inner.properties.length > 0 && inner.oneOf === undefined && inner.anyOf === undefined && !inner.readOnly) {
        envelope = ['data'];
        target = inner;
        envelopeRequired = only.required;
      }
    }
    const entries: InputEntry[] = [];
    const properties: { field: string; name: string; required: boolean }[] = [];
    const fileFields: string[] = [];
    const pointer = pointerJoin(op.requestBody!.pointer, 'content', media.mediaType, 'schema');
    for (const prop of target.properties!) {
      const propResolved = prop.schema.ref !== undefined || prop.schema.allOf !== undefined ? mergeAllOf(ctx.api, prop.schema) : prop.schema;
      if (excludedFor(propResolved, 'input')) continue;
      const ext = fieldExtensions(prop.schema.extensions, pointerJoin(pointer, 'properties', prop.name), `${op.id} body property ${prop.name}`);
      const base = safeIdentifier(prop.name, 'field');
      if (ext.hidden || rules.hidden([base, prop.name])) {
        if (prop.required && propResolved.default === undefined) {
          const message = `${op.id}: body property ${prop.name} is required, so it cannot be hidden`;
          throw new UserError(message, [{ code: 'invalid-override', severity: 'error', message, pointer: pointerJoin(pointer, 'properties', prop.name) }]);
        }
        continue;
      }
      const name = names.has(base) ? names.take(safeIdentifier(`body_${base}`, 'field')) : names.take(base);
      const isRequired = prop.required && required && envelopeRequired;
      const field = buildField(ctx, { name, wireName: prop.name, schema: prop.schema, required: isRequired, direction: 'input' });
      if (field === undefined) continue;
      const advanced = ext.advanced || rules.advanced([name, prop.name]);
      entries.push({
        field: { ...field, location: 'body', wire_name: prop.name, ...(advanced ? { advanced: true } : {}) },
        schema: isFileSchema(propResolved) ? FILE_INPUT_SCHEMA : fileArray(ctx, propResolved) ? { type: 'array', items: FILE_INPUT_SCHEMA } : toJsonSchema(ctx, prop.schema, 'input'),
        source: prop.schema,
      });
      properties.push({ field: name, name: prop.name, required: prop.required });
      if (encoding === 'multipart' && (isFileSchema(propResolved) || fileArray(ctx, propResolved))) fileFields.push(prop.name);
    }
    const body: PlanBody = {
      mediaType: media.mediaType,
      encoding,
      required,
      mode: 'properties',
      properties,
      ...(fileFields.length > 0 ? { fileFields } : {}),
      ...(envelope !== undefined ? { envelope } : {}),
      ...(encodings !== undefined ? { encodings } : {}),
    };
    const reason =
      `Request body ${media.mediaType} (${encoding}) is an object: one input field per property` +
      (envelope !== undefined ? `, taken from inside its \`data\` envelope` : '') +
      (fileFields.length > 0 ? `; ${fileFields.join(', ')} ${fileFields.length > 1 ? 'are files' : 'is a file'}` : '') +
      '.';
    return { body, entries, reason };
  }

  // Anything else is one field holding the whole body.
  const name = names.take('body');
  let field: Mutable<PlanField>;
  let json: JsonSchema;
  const hint = hintFrom(description ?? merged.description);
  if (encoding === 'binary') {
    field = { ...buildField(ctx, { name, wireName: 'body', schema: { type: 'string', format: 'binary' }, required, direction: 'input' })!, label: 'File' };
    json = FILE_INPUT_SCHEMA;
  } else if (encoding === 'text' || encoding === 'xml') {
    field = { name, label: encoding === 'xml' ? 'XML body' : 'Body', type: 'string', control_type: 'text-area', optional: !required };
    json = { type: 'string' };
  } else {
    field = { ...(buildField(ctx, { name, wireName: 'body', schema, required, direction: 'input' }) ?? { name, label: 'Body', type: 'object', optional: !required }) };
    json = toJsonSchema(ctx, schema, 'input');
  }
  if (encoding !== 'binary' && encoding !== 'xml') field.label = 'Body';
  if (hint !== undefined) field.hint = hint;
  field.location = 'body';
  const body: PlanBody = { mediaType: media.mediaType, encoding, required, mode: 'whole', field: name, ...(encodings !== undefined ? { encodings } : {}) };
  const what =
    encoding === 'binary' ? 'binary content' : encoding === 'text' ? 'text' : encoding === 'xml' ? 'an XML document' : merged.oneOf || merged.anyOf ? 'one of several shapes' : `not an object with properties (${fieldTypeOf(ctx.api, merged)})`;
  return { body, entries: [{ field, schema: json }], reason: `Request body ${media.mediaType} is ${what}: one input field \`${name}\` holds it whole.` };
}

function fileArray(ctx: PlanContext, schema: IrSchema): boolean {
  return schema.type === 'array' && schema.items !== undefined && isFileSchema(mergeAllOf(ctx.api, schema.items));
}

/** The JSON Schema of an input object made of these fields. */
export function inputSchemaOf(entries: readonly InputEntry[]): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const e of entries) {
    properties[e.field.name] = e.schema;
    if (!e.field.optional) required.push(e.field.name);
  }
  return { type: 'object', properties, ...(required.length > 0 ? { required } : {}), additionalProperties: false };
}

// --- Output -------------------------------------------------------------------------------------------------

export interface OperationOutput {
  readonly response: PlanResponse;
  readonly accept?: readonly string[];
  readonly fields: readonly PlanField[];
  readonly schema: JsonSchema;
  readonly sample?: unknown;
  readonly reason: string;
}

export function responseKindOf(mediaType: string | undefined, schema: IrSchema | undefined): ResponseKind {
  if (mediaType === undefined) return 'empty';
  const m = mediaType.toLowerCase();
  if (m === 'application/json' || m.endsWith('+json') || m.endsWith('/json')) return 'json';
  if (m.startsWith('text/') || m.endsWith('/xml') || m.endsWith('+xml')) return 'text';
  const t = schema?.type;
  if (t === 'string') return schema?.format === 'binary' || m !== '*/*' ? 'binary' : 'text';
  if (t === 'object' || t === 'array' || schema?.properties !== undefined || schema?.ref !== undefined) return 'json';
  // `*/*` with no schema is what many generators write for JSON.
  return m === '*/*' ? 'json' : 'binary';
}

/** Output of an operation from its success response; `list` makes it `{ records: [...] }`. */
export function buildOutput(ctx: PlanContext, op: IrOperation, list: ListResponse | undefined): OperationOutput {
  const resp = successResponse(op);
  const status = resp?.status ?? 'default';
  const media = resp !== undefined ? preferredMediaType(resp.content) : undefined;
  const emptyStatus = status === '204' || status === '205' || status === '304';
  const kind: ResponseKind = emptyStatus || media === undefined ? 'empty' : responseKindOf(media.mediaType, media.schema ? mergeAllOf(ctx.api, media.schema) : undefined);
  const response: PlanResponse = { status, ...(media !== undefined && kind !== 'empty' ? { mediaType: media.mediaType } : {}), kind };
  const accept = media !== undefined && kind !== 'empty' && !media.mediaType.includes('*') ? [media.mediaType] : undefined;
  const base = { response, ...(accept !== undefined ? { accept } : {}) };
  const where = resp === undefined ? 'The operation declares no response' : `The ${status} response${media ? ` (${media.mediaType})` : ''}`;

  if (kind === 'empty') return { ...base, fields: [], schema: {}, reason: `${where} has no body: the action returns nothing.` };
  if (kind === 'text') return { ...base, fields: [], schema: { type: 'string' }, reason: `${where} is text: the action returns it as a string.` };
  if (kind === 'binary') {
    return {
      ...base,
      fields: [
        { name: 'contentType', label: 'Content type', type: 'string', optional: false },
        { name: 'base64', label: 'Content (base64)', type: 'string', optional: false },
        { name: 'size', label: 'Size', type: 'integer', optional: false },
      ],
      schema: BINARY_OUTPUT_SCHEMA,
      reason: `${where} is binary: the action returns its content as base64.`,
    };
  }
  const schema = media!.schema ?? {};
  const example = media!.example ?? mergeAllOf(ctx.api, schema).example;
  if (list !== undefined) {
    const records = buildField(ctx, { name: 'records', wireName: 'records', schema: { type: 'array', items: list.itemSchema }, required: true, direction: 'output' })!;
    const items = example !== undefined ? at(example, list.itemsPath) : undefined;
    return {
      ...base,
      fields: [records],
      schema: { type: 'object', properties: { records: { type: 'array', items: toJsonSchema(ctx, list.itemSchema, 'output') } }, required: ['records'] },
      ...(Array.isArray(items) ? { sample: { records: items } } : {}),
      reason: `${where} is a list: ${list.reason} The action returns { records }.`,
    };
  }
  const { fields, json } = payloadOf(ctx, schema, 'output');
  return { ...base, fields, schema: json, ...(example !== undefined ? { sample: example } : {}), reason: `${where} is the output.` };
}

/** Fields and JSON Schema of a payload (a response body or a webhook's request body). */
export function payloadOf(ctx: PlanContext, schema: IrSchema, direction: Direction): { fields: readonly PlanField[]; json: JsonSchema } {
  const field = buildField(ctx, { name: 'body', wireName: 'body', schema, required: true, direction });
  const fields = field !== undefined && field.type === 'object' ? (field.properties ?? []) : [];
  return { fields, json: toJsonSchema(ctx, schema, direction) };
}

function at(value: unknown, path: readonly string[]): unknown {
  let v = value;
  for (const k of path) {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
    v = (v as Record<string, unknown>)[k];
  }
  return v;
}
