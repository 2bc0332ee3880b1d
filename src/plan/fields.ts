/**
 * IR schemas → connector fields (name, label, type, control_type, optional, hint, pick_list, properties, of).
 *
 * Nested property names are the names on the wire: the value of an object field is sent and received as is.
 * Only top-level input fields get safe snake_case names (with `wire_name`), because the runtime maps them.
 */
import { UserError, pointerJoin } from '../diagnostics.js';
import { mergeAllOf } from '../ir/schema-utils.js';
import type { IrApi, IrSchema } from '../ir/types.js';
import type { Direction, Mutable, PlanContext } from './context.js';
import { excludedFor } from './json-schema.js';
import { hintFrom, humanize } from './names.js';
import { fieldExtensions } from './overrides.js';
import { controlTypeFor } from './rules/index.js';
import type { FieldType, PlanField } from './types.js';

export interface FieldInput {
  /** Field name (safe name at top level, wire name when nested). */
  readonly name: string;
  /** Name on the wire; the label is made from it. */
  readonly wireName: string;
  readonly schema: IrSchema;
  readonly required: boolean;
  readonly direction: Direction;
  /** A parameter's own description, which wins over the schema's. */
  readonly description?: string;
  /** Named schemas being expanded around this field: a ref to one of them stops here. */
  readonly stack?: readonly string[];
  /** How many objects deep this field is; expansion stops at MAX_FIELD_DEPTH. */
  readonly depth?: number;
}

/**
 * Nested fields deeper than this are not expanded (the field keeps its type and object definition): no form
 * shows 30 levels, and inline schemas can nest far deeper than the stack allows (Jira's reach 1,500 levels).
 */
export const MAX_FIELD_DEPTH = 24;

/**
 * The connector field type of a (merged) schema. `known` carries the types of the branches already looked at
 * (null while in progress): a branch that leads back to a schema being typed (`D: anyOf [D, …]`) is skipped,
 * and a branch reached many times is typed once, not once per path.
 */
export function fieldTypeOf(api: IrApi, schema: IrSchema, seen?: Map<IrSchema | string, FieldType | null>): FieldType {
  switch (schema.type) {
    case 'string':
      return schema.format === 'date' ? 'date' : schema.format === 'date-time' ? 'date_time' : 'string';
    case 'integer':
    case 'number':
    case 'boolean':
    case 'object':
    case 'array':
      return schema.type;
    case 'null':
      return 'string';
    default:
      break;
  }
  if (schema.properties !== undefined || schema.additionalProperties !== undefined) return 'object';
  if (schema.items !== undefined) return 'array';
  const sample = schema.enum?.find((v) => v !== null) ?? schema.const;
  if (typeof sample === 'number') return Number.isInteger(sample) ? 'integer' : 'number';
  if (typeof sample === 'boolean') return 'boolean';
  const branches = schema.oneOf ?? schema.anyOf;
  if (branches !== undefined && branches.length > 0) {
    // Made here, not as a default parameter: most schemas return above, and a map per call was 5 MB on GitHub.
    const known = seen ?? new Map<IrSchema | string, FieldType | null>();
    const types = new Set<FieldType>();
    for (const b of branches) {
      // Named branches by name, inline ones by identity (an inline `allOf: [{ $ref }]` can lead back here too).
      const key = b.ref ?? b;
      if (!known.has(key)) {
        known.set(key, null);
        known.set(key, fieldTypeOf(api, mergeAllOf(api, b), known));
      }
      const type = known.get(key);
      if (type) types.add(type);
    }
    if (types.size === 1) return [...types][0]!;
    if ([...types].every((t) => t === 'integer' || t === 'number')) return 'number';
    if ([...types].every((t) => t === 'object' || t === 'array')) return 'object';
  }
  return 'string';
}

/** A file in a request body: `format: binary` (OAS 3.0) or a `contentMediaType` without encoding (OAS 3.1 §4.8.14.3). */
export function isFileSchema(schema: IrSchema): boolean {
  return schema.type === 'string' && (schema.format === 'binary' || (schema.contentMediaType !== undefined && schema.contentEncoding === undefined));
}

/** The runtime's FileInput as fields. */
export function fileFields(): PlanField[] {
  return [
    { name: 'filename', label: 'File name', type: 'string', optional: true },
    { name: 'contentType', label: 'Content type', type: 'string', optional: true },
    { name: 'base64', label: 'Content (base64)', type: 'string', optional: true, hint: 'The file content, base64-encoded; or give text.' },
    { name: 'text', label: 'Content (text)', type: 'string', optional: true, control_type: 'text-area' },
  ];
}

/** One field for a schema; undefined when the property does not apply on this side or is hidden. */
export function buildField(ctx: PlanContext, input: FieldInput): PlanField | undefined {
  const { api } = ctx;
  const schema = input.schema;
  const resolved = schema.allOf !== undefined || schema.ref !== undefined ? mergeAllOf(api, schema) : schema;
  if (excludedFor(resolved, input.direction)) return undefined;
  const stack = input.stack ?? [];
  const depth = input.depth ?? 0;
  const field: Mutable<PlanField> = {
    name: input.name,
    label: humanize(input.wireName),
    type: fieldTypeOf(api, resolved),
    optional: !input.required,
  };
  const hint = hintFrom(input.description ?? resolved.description);
  if (hint !== undefined) field.hint = hint;
  if (input.direction !== 'output') {
    if (resolved.default !== undefined) field.default = resolved.default;
    if (resolved.example !== undefined) field.example = resolved.example;
  }
  if (input.direction === 'input' && isFileSchema(resolved)) {
    field.type = 'object';
    field.properties = fileFields();
    field.hint = hint ?? 'A file: { filename, contentType, base64 | text }.';
    return field;
  }
  if (field.type === 'object') {
    const ref = refOf(schema);
    const def = ref !== undefined ? definitionOf(ctx, ref) : undefined;
    if (def !== undefined) field.object_definition = def;
    const props = objectProperties(ctx, schema, resolved, input.direction, stack, depth);
    if (props !== undefined && props.length > 0) field.properties = props;
  } else if (field.type === 'array') {
    const items = resolved.items ?? {};
    const itemResolved = items.allOf !== undefined || items.ref !== undefined ? mergeAllOf(api, items) : items;
    if (input.direction === 'input' && isFileSchema(itemResolved)) {
      field.of = 'object';
      field.properties = fileFields();
    } else {
      field.of = fieldTypeOf(api, itemResolved);
      if (field.of === 'object') {
        const itemsRef = refOf(items);
        const def = itemsRef !== undefined ? definitionOf(ctx, itemsRef) : undefined;
        if (def !== undefined) field.object_definition = def;
        // Inline items of a named array (`Tree: { type: array, items: { properties: { children: $ref Tree } } }`)
        // are expanded once under the array's name: expanded per use, a schema that refers to itself twice
        // doubled at every level (2^24 fields).
        const arrayRef = itemsRef === undefined ? refOf(schema) : undefined;
        // The array's definition lists its items' fields, so it is the items' shape.
        const arrayDef = arrayRef !== undefined ? definitionOf(ctx, arrayRef) : undefined;
        if (arrayDef !== undefined) field.object_definition = arrayDef;
        const props =
          arrayRef !== undefined
            ? namedProperties(ctx, `${arrayRef}[]`, pointerJoin(ctx.schemaPointers.get(arrayRef) ?? '', 'items'), itemResolved, input.direction, stack)
            : objectProperties(ctx, items, itemResolved, input.direction, stack, depth);
        if (props !== undefined && props.length > 0) field.properties = props;
      }
    }
  }
  if (input.direction === 'input') decorateInput(ctx, field, input.wireName, resolved, schema);
  return field;
}

/** Control type and static pick list of an input field. */
function decorateInput(ctx: PlanContext, field: Mutable<PlanField>, wireName: string, resolved: IrSchema, schema: IrSchema): void {
  const control = controlTypeFor(wireName, resolved, ctx.api);
  if (control !== undefined) field.control_type = control;
  const itemSchema = field.type === 'array' && resolved.items !== undefined ? mergeAllOf(ctx.api, resolved.items) : undefined;
  const values = resolved.enum ?? itemSchema?.enum;
  if (values === undefined || values.length === 0) return;
  // A list named after its schema (`PetStatus`) reads better than one named after the first field using it.
  const hint = schema.ref ?? resolved.items?.ref ?? wireName;
  const key = ctx.pickLists.register(values, hint, `Values of ${wireName}${schema.ref ? ` (${schema.ref})` : ''} from its enum.`);
  if (key === undefined) return;
  field.pick_list = key;
  if (field.control_type === undefined || field.control_type === 'text') field.control_type = field.type === 'array' ? 'multiselect' : 'select';
}

/** Keywords that only annotate: a schema of nothing else beside a `$ref` does not change what it refers to. */
const ANNOTATIONS = new Set(['title', 'description', 'default', 'example', 'readOnly', 'writeOnly', 'deprecated', 'nullable', 'extensions']);

/**
 * The named schema a schema stands for: its `$ref`, or the one ref of an `allOf` whose other parts only
 * annotate it (`allOf: [{ $ref: X }, { description }]`, how AWS specs describe a property). Expanding those
 * inline instead of referring to X repeated every definition X reaches (amazonaws.com/amplifyuibuilder: 85 MB).
 */
export function refOf(schema: IrSchema): string | undefined {
  if (schema.ref !== undefined) return schema.ref;
  const parts = schema.allOf;
  if (parts === undefined) return undefined;
  const refs = parts.filter((p) => p.ref !== undefined);
  if (refs.length !== 1) return undefined;
  const annotates = (s: IrSchema, except?: string) => Object.keys(s).every((k) => k === except || ANNOTATIONS.has(k) || (s as Record<string, unknown>)[k] === undefined);
  return annotates(schema, 'allOf') && parts.every((p) => p.ref !== undefined || annotates(p)) ? refs[0]!.ref : undefined;
}

function definitionOf(ctx: PlanContext, name: string): string | undefined {
  return ctx.defKeys.get(name);
}

/**
 * The fields of an object schema. A named schema is expanded once per direction and shared; a ref to a schema
 * already being expanded (a cycle) stops with only `object_definition`.
 */
function objectProperties(
  ctx: PlanContext,
  schema: IrSchema,
  resolved: IrSchema,
  direction: Direction,
  stack: readonly string[],
  depth: number,
): readonly PlanField[] | undefined {
  if (depth >= MAX_FIELD_DEPTH) return undefined;
  const ref = refOf(schema);
  if (ref === undefined) return propertyFields(ctx, resolved, direction, stack, '', depth + 1);
  return namedProperties(ctx, ref, ctx.schemaPointers.get(ref) ?? '', resolved, direction, stack);
}

/**
 * The fields of a named object (`name` is its schema's name, or `<name>[]` for the inline items of a named
 * array), expanded once per direction and shared.
 */
function namedProperties(
  ctx: PlanContext,
  name: string,
  pointer: string,
  resolved: IrSchema,
  direction: Direction,
  stack: readonly string[],
): readonly PlanField[] | undefined {
  if (stack.includes(name)) return undefined;
  // Object definitions (`both`) are the targets of refs: inside one, a ref stays a reference, or every
  // definition would repeat every definition it reaches (GitHub: 17 MB of fields instead of 1).
  if (direction === 'both' && stack.length > 0) return undefined;
  const cacheKey = `${direction}:${name}`;
  const cached = ctx.fieldCache.get(cacheKey);
  if (cached !== undefined) return cached ?? undefined;
  // Mark as in progress, so a cycle reached through an inline schema also stops.
  ctx.fieldCache.set(cacheKey, null);
  // Shared by every place that reaches this ref, so expanded as if at the top (depth only guards inline nesting).
  const fields = propertyFields(ctx, resolved, direction, [...stack, name], pointer, stack.length + 1);
  // Shared in memory, but written out once per place that uses it: past the limit, the field refers to its
  // object definition instead (docusign.net's envelope inputs expanded to 73 MB per action, 1.2 GB in all).
  const kept = exceedsFields(fields, MAX_EXPANDED_FIELDS) ? null : fields;
  ctx.fieldCache.set(cacheKey, kept);
  return kept ?? undefined;
}

/** Nested fields one named schema may expand to in an action's inputs or outputs. */
export const MAX_EXPANDED_FIELDS = 1000;

/** Whether fields, nested ones included, number more than `limit` (counting stops there). */
function exceedsFields(fields: readonly PlanField[], limit: number): boolean {
  let count = 0;
  const pending = [fields];
  while (pending.length > 0) {
    for (const f of pending.pop()!) {
      if (++count > limit) return true;
      if (f.properties !== undefined) pending.push(f.properties);
    }
  }
  return false;
}

/** One field per property of a merged object schema, by wire name, in spec order. */
export function propertyFields(
  ctx: PlanContext,
  resolved: IrSchema,
  direction: Direction,
  stack: readonly string[],
  pointer: string,
  depth = 0,
): PlanField[] {
  const out: PlanField[] = [];
  for (const prop of resolved.properties ?? []) {
    const ext = fieldExtensions(prop.schema.extensions, pointerJoin(pointer, 'properties', prop.name), `property ${prop.name}`);
    if (ext.hidden) {
      if (direction === 'input' && prop.required && prop.schema.default === undefined) {
        const message = `property ${prop.name} is required, so x-connector-hidden cannot hide it`;
        throw new UserError(message, [{ code: 'invalid-extension', severity: 'error', message, pointer: pointerJoin(pointer, 'properties', prop.name) }]);
      }
      continue;
    }
    const field = buildField(ctx, { name: prop.name, wireName: prop.name, schema: prop.schema, required: prop.required, direction, stack, depth });
    if (field === undefined) continue;
    out.push(ext.advanced ? { ...field, advanced: true } : field);
  }
  return out;
}

/**
 * Nested fields an action's or trigger's inputs (or outputs) may hold in all. Each named schema is capped by
 * MAX_EXPANDED_FIELDS, but an input of forty arrays of forty schemas still adds up: docusign.net's tab actions
 * were 68,000 lines (2.2 MB) each, 107 MB for the package.
 */
export const MAX_FIELDS_PER_SIDE = 2000;

/**
 * Fields within `limit` in all: the largest expansions of object definitions are dropped first, each field
 * keeping its `object_definition` (its shape is still one lookup away). Returns the fields unchanged (same
 * array) when they fit, and the definitions whose expansion was dropped, in field order.
 */
export function capFields(fields: readonly PlanField[], limit = MAX_FIELDS_PER_SIDE): { fields: readonly PlanField[]; collapsed: readonly string[] } {
  const candidates: { path: string; size: number; order: number }[] = [];
  const measure = (list: readonly PlanField[], prefix: string): number => {
    let total = 0;
    list.forEach((f, i) => {
      const path = `${prefix}${i}`;
      const nested = f.properties !== undefined ? measure(f.properties, `${path}.`) : 0;
      if (nested > 0 && f.object_definition !== undefined) {
        candidates.push({ path, size: nested, order: candidates.length });
      }
      total += 1 + nested;
    });
    return total;
  };
  let total = measure(fields, '');
  if (total <= limit) return { fields, collapsed: [] };
  // Largest first; a candidate inside one already dropped has gone with it.
  candidates.sort((a, b) => b.size - a.size || a.order - b.order);
  const dropped = new Set<string>();
  const inside = (path: string) => {
    for (let i = path.indexOf('.'); i >= 0; i = path.indexOf('.', i + 1)) if (dropped.has(path.slice(0, i))) return true;
    return false;
  };
  for (const c of candidates) {
    if (total <= limit) break;
    if (inside(c.path)) continue;
    dropped.add(c.path);
    total -= c.size;
  }
  const collapsed: string[] = [];
  const rebuild = (list: readonly PlanField[], prefix: string): readonly PlanField[] => {
    let changed = false;
    const out = list.map((f, i) => {
      const path = `${prefix}${i}`;
      if (dropped.has(path)) {
        changed = true;
        collapsed.push(f.object_definition!);
        const { properties: _dropped, ...rest } = f;
        return rest;
      }
      if (f.properties === undefined) return f;
      const props = rebuild(f.properties, `${path}.`);
      if (props === f.properties) return f;
      changed = true;
      return { ...f, properties: props };
    });
    return changed ? out : list;
  };
  const capped = rebuild(fields, '');
  return { fields: capped, collapsed: [...new Set(collapsed)] };
}
