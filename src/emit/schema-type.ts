/**
 * JSON Schema (the plan's 2020-12 subset, with OAS `nullable` tolerated) → TypeScript type.
 * A schema first becomes a small type model, so that parentheses and duplicates are decided in one place;
 * the model is then printed as Prettier would print it. Names and text reach the output only through
 * `ts-print.ts`.
 */
import type { JsonSchema } from '../plan/types.js';
import { align, type Doc, group, ifBreak, indent, indentIfBreak, join, line, softline } from './layout.js';
import { documented, jsDoc, numberText, quote, typeKey } from './ts-print.js';

export type TypeModel =
  | { readonly kind: 'keyword'; readonly name: 'string' | 'number' | 'boolean' | 'null' | 'unknown' | 'never' }
  /** An imported or local type name (object definitions, runtime types). */
  | { readonly kind: 'named'; readonly name: string }
  | { readonly kind: 'literal'; readonly value: string | number | boolean }
  | { readonly kind: 'array'; readonly items: TypeModel }
  | { readonly kind: 'union'; readonly members: readonly TypeModel[] }
  | { readonly kind: 'intersection'; readonly members: readonly TypeModel[] }
  | { readonly kind: 'object'; readonly properties: readonly PropertyModel[]; readonly index?: TypeModel };

export interface PropertyModel {
  readonly name: string;
  readonly optional: boolean;
  readonly type: TypeModel;
  readonly doc?: string;
}

export interface TypeContext {
  /** Local identifier for the object definition `key`, or undefined when there is none. */
  refName(key: string): string | undefined;
  /** Input side: `format: binary` strings are files the user supplies (`FileInput`). */
  readonly binaryAsFile: boolean;
  /** Called with each runtime type the model uses (`FileInput`). */
  useRuntimeType?(name: 'FileInput' | 'BinaryOutput'): void;
}

const UNKNOWN: TypeModel = { kind: 'keyword', name: 'unknown' };
const NULL: TypeModel = { kind: 'keyword', name: 'null' };
const OBJECT_REF = '#/objectDefinitions/';
const MAX_DEPTH = 64;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A key that equal members share: exact for the common simple members; for the others only their shape, so
 * that the full comparison (by serializing) runs only when shapes collide. Serializing every member made
 * nested unions quadratic (GitHub's types.ts spent about 0.25 s in it).
 */
function memberKey(m: TypeModel): string {
  switch (m.kind) {
    case 'keyword':
    case 'named':
      return `${m.kind}:${m.name}`;
    case 'literal':
      return `literal:${typeof m.value}:${String(m.value)}`;
    case 'array':
      return `array:${memberKey(m.items)}`;
    case 'object':
      return `object:${m.properties.length}:${m.properties[0]?.name ?? ''}:${m.index === undefined ? '' : memberKey(m.index)}`;
    default:
      return `${m.kind}:${m.members.length}`;
  }
}

function isExactKey(m: TypeModel): boolean {
  return m.kind === 'keyword' || m.kind === 'named' || m.kind === 'literal';
}

export function union(members: readonly TypeModel[]): TypeModel {
  const flat: TypeModel[] = [];
  const seen = new Map<string, TypeModel[]>();
  for (const member of members) {
    for (const m of member.kind === 'union' ? member.members : [member]) {
      const key = memberKey(m);
      const same = seen.get(key);
      if (same === undefined) seen.set(key, [m]);
      else if (isExactKey(m)) continue;
      else {
        const text = JSON.stringify(m);
        if (same.some((other) => JSON.stringify(other) === text)) continue;
        same.push(m);
      }
      flat.push(m);
    }
  }
  // `unknown` absorbs every other member of a union.
  if (flat.some((m) => m.kind === 'keyword' && m.name === 'unknown')) return UNKNOWN;
  if (flat.length === 0) return { kind: 'keyword', name: 'never' };
  return flat.length === 1 ? flat[0]! : { kind: 'union', members: flat };
}

function intersection(members: readonly TypeModel[]): TypeModel {
  const useful = members.filter((m) => !(m.kind === 'keyword' && m.name === 'unknown'));
  if (useful.length === 0) return UNKNOWN;
  return useful.length === 1 ? useful[0]! : { kind: 'intersection', members: useful };
}

function literalModel(value: unknown): TypeModel | undefined {
  if (value === null) return NULL;
  if (typeof value === 'string' || typeof value === 'boolean') return { kind: 'literal', value };
  if (typeof value === 'number' && Number.isFinite(value)) return { kind: 'literal', value };
  return undefined;
}

function isNullable(schema: Record<string, unknown>): boolean {
  return schema['nullable'] === true || (Array.isArray(schema['type']) && schema['type'].includes('null'));
}

/** The schema's own type (not its combinators), or undefined when it states none. */
function ownType(schema: Record<string, unknown>, ctx: TypeContext, depth: number): TypeModel | undefined {
  if ('const' in schema) return literalModel(schema['const']) ?? UNKNOWN;
  if (Array.isArray(schema['enum'])) {
    const members = schema['enum'].map(literalModel);
    return members.every((m) => m !== undefined) ? union(members as TypeModel[]) : UNKNOWN;
  }
  const type = schema['type'];
  const types = (Array.isArray(type) ? type : typeof type === 'string' ? [type] : []).filter(
    (t): t is string => typeof t === 'string' && t !== 'null',
  );
  if (types.length === 0) {
    if (isRecord(schema['properties']) || 'additionalProperties' in schema) return objectType(schema, ctx, depth);
    if ('items' in schema) return arrayType(schema, ctx, depth);
    return type === 'null' || Array.isArray(type) ? NULL : undefined;
  }
  // One type (the usual case) is its own union.
  if (types.length === 1) return typeModel(types[0]!, schema, ctx, depth);
  return union(types.map((t) => typeModel(t, schema, ctx, depth)));
}

/** The model of one of a schema's types. */
function typeModel(t: string, schema: Record<string, unknown>, ctx: TypeContext, depth: number): TypeModel {
  switch (t) {
    case 'string':
      if (ctx.binaryAsFile && schema['format'] === 'binary') {
        ctx.useRuntimeType?.('FileInput');
        return { kind: 'named', name: 'FileInput' };
      }
      return { kind: 'keyword', name: 'string' };
    case 'integer':
    case 'number':
      return { kind: 'keyword', name: 'number' };
    case 'boolean':
      return { kind: 'keyword', name: 'boolean' };
    case 'array':
      return arrayType(schema, ctx, depth);
    case 'object':
      return objectType(schema, ctx, depth);
    default:
      return UNKNOWN;
  }
}

function arrayType(schema: Record<string, unknown>, ctx: TypeContext, depth: number): TypeModel {
  const items = schema['items'];
  return { kind: 'array', items: items === undefined ? UNKNOWN : schemaToType(items, ctx, depth + 1) };
}

function objectType(schema: Record<string, unknown>, ctx: TypeContext, depth: number): TypeModel {
  const propertySchemas = isRecord(schema['properties']) ? schema['properties'] : {};
  const required = new Set(Array.isArray(schema['required']) ? schema['required'].filter((r) => typeof r === 'string') : []);
  const properties: PropertyModel[] = Object.keys(propertySchemas).map((name) => {
    const propertySchema = propertySchemas[name];
    const description = isRecord(propertySchema) ? propertySchema['description'] : undefined;
    return {
      name,
      optional: !required.has(name),
      type: schemaToType(propertySchema, ctx, depth + 1),
      ...(typeof description === 'string' && description.trim() !== '' ? { doc: description } : {}),
    };
  });
  const additional = schema['additionalProperties'];
  let index: TypeModel | undefined;
  if (additional === false) {
    index = properties.length === 0 ? { kind: 'keyword', name: 'never' } : undefined;
  } else if (properties.length > 0) {
    // Named properties must fit the index signature, so with both present the index stays `unknown`.
    index = additional === undefined ? undefined : UNKNOWN;
  } else {
    index = additional === undefined || additional === true ? UNKNOWN : schemaToType(additional, ctx, depth + 1);
  }
  return { kind: 'object', properties, ...(index ? { index } : {}) };
}

/** The TypeScript type of a JSON Schema. */
export function schemaToType(schema: unknown, ctx: TypeContext, depth = 0): TypeModel {
  if (schema === false) return { kind: 'keyword', name: 'never' };
  if (!isRecord(schema) || depth > MAX_DEPTH) return UNKNOWN;
  const ref = schema['$ref'];
  let model: TypeModel;
  if (typeof ref === 'string') {
    const name = ref.startsWith(OBJECT_REF) ? ctx.refName(decodePointerToken(ref.slice(OBJECT_REF.length))) : undefined;
    model = name === undefined ? UNKNOWN : { kind: 'named', name };
  } else {
    const own = ownType(schema, ctx, depth);
    const combined = schema['allOf'] !== undefined || schema['anyOf'] !== undefined || schema['oneOf'] !== undefined;
    // Without combinators the model is the schema's own type (what `intersection` of it alone gives).
    if (!combined) return finish(schema, own ?? UNKNOWN);
    const parts: TypeModel[] = [];
    if (own) parts.push(own);
    if (Array.isArray(schema['allOf'])) parts.push(...schema['allOf'].map((s) => schemaToType(s, ctx, depth + 1)));
    for (const key of ['anyOf', 'oneOf'] as const) {
      const options = schema[key];
      if (Array.isArray(options) && options.length > 0) parts.push(union(options.map((s) => schemaToType(s, ctx, depth + 1))));
    }
    model = intersection(parts);
  }
  return finish(schema, model);
}

function finish(schema: Record<string, unknown>, model: TypeModel): TypeModel {
  return isNullable(schema) ? union([model, NULL]) : model;
}

function decodePointerToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

// --- Printing ----------------------------------------------------------------------------------------------
// The documents Prettier builds for these type nodes (union-type.js, intersection-type.js, object.js).

/** `null` next to one object-like type (a literal or a reference) is printed inline: `Pet | null`. */
function huggedUnion(members: readonly TypeModel[]): boolean {
  const objectLike = members.filter((m) => m.kind === 'object' || m.kind === 'named');
  return objectLike.length === 1 && members.every((m) => m === objectLike[0] || (m.kind === 'keyword' && m.name === 'null'));
}

/** Where a union stands: Prettier indents it after a property's colon, parenthesizes it in an array or intersection. */
type UnionPlace = 'type' | 'parenthesized' | 'alias';

function unionDoc(model: Extract<TypeModel, { kind: 'union' }>, place: UnionPlace): Doc {
  if (huggedUnion(model.members)) {
    const hugged = join(' | ', model.members.map((m) => unionMemberDoc(m)));
    return place === 'parenthesized' ? ['(', hugged, ')'] : hugged;
  }
  // One member per line when it does not fit, each after `| `.
  const members = group(model.members.map((m, i) => [i === 0 ? ifBreak('| ') : [line, '| '], align(2, unionMemberDoc(m))]));
  if (place === 'parenthesized') return ['(', group([indent([softline, members]), softline]), ')'];
  // After `type X =` the assignment breaks before it; elsewhere the union first moves to its own line.
  if (place === 'alias') return members;
  return group(indent([softline, members]));
}

/** Prettier parenthesizes an intersection inside a union (`(A & B) | C`) for readability. */
function unionMemberDoc(member: TypeModel): Doc {
  return member.kind === 'intersection' ? ['(', intersectionDoc(member), ')'] : typeDoc(member);
}

function intersectionDoc(model: Extract<TypeModel, { kind: 'intersection' }>): Doc {
  let wasIndented = false;
  return group(
    model.members.map((member, i) => {
      const doc = member.kind === 'union' ? unionDoc(member, 'parenthesized') : member.kind === 'intersection' ? ['(', intersectionDoc(member), ')'] : typeDoc(member);
      if (i === 0) return doc;
      const current = member.kind === 'object';
      const previous = model.members[i - 1]!.kind === 'object';
      if (previous && current) return [' & ', wasIndented ? indent(doc) : doc];
      if (!previous && !current) return indent([' &', line, doc]);
      if (i > 1) wasIndented = true;
      return [' & ', i > 1 ? indent(doc) : doc];
    }),
  );
}

/**
 * The members of an object type or interface body, each with its JSDoc. The index signature comes last in an
 * object type and first in an interface (where the emitter used to put it).
 */
export function memberDocs(model: Extract<TypeModel, { kind: 'object' }>, indexFirst = false): Doc[] {
  const members: Doc[] = model.properties.map((p) =>
    documented(p.doc === undefined ? undefined : jsDoc(p.doc), prefixed(typeKey(p.name) + (p.optional ? '?: ' : ': '), typeDoc(p.type))),
  );
  if (model.index) {
    const index: Doc = prefixed('[key: string]: ', typeDoc(model.index));
    if (indexFirst) members.unshift(index);
    else members.push(index);
  }
  return members;
}

/** Braces around members, always broken (the emitted source puts each member on its own line). */
export function typeBody(members: readonly Doc[]): Doc {
  if (members.length === 0) return '{}';
  // A member that is one text cannot break: as a group it would only be measured.
  return group(['{', indent([line, join([';', line], members.map((m) => (typeof m === 'string' ? m : group(m))))]), ifBreak(';'), line, '}'], {
    shouldBreak: true,
  });
}

/**
 * `text` followed by `doc`: one text when `doc` is text too (most types are a keyword or a name), which the
 * printer then measures and writes once instead of walking an array.
 */
function prefixed(text: string, doc: Doc): Doc {
  return typeof doc === 'string' ? text + doc : [text, doc];
}

/** `doc` followed by `text`, likewise. */
function suffixed(doc: Doc, text: string): Doc {
  return typeof doc === 'string' ? doc + text : [doc, text];
}

export function typeDoc(model: TypeModel): Doc {
  switch (model.kind) {
    case 'keyword':
    case 'named':
      return model.name;
    case 'literal':
      return typeof model.value === 'string' ? quote(model.value) : typeof model.value === 'number' ? (model.value < 0 ? '-' + numberText(-model.value) : numberText(model.value)) : String(model.value);
    case 'array':
      if (model.items.kind === 'union') return [unionDoc(model.items, 'parenthesized'), '[]'];
      if (model.items.kind === 'intersection') return ['(', intersectionDoc(model.items), ')[]'];
      return suffixed(typeDoc(model.items), '[]');
    case 'union':
      return unionDoc(model, 'type');
    case 'intersection':
      return intersectionDoc(model);
    case 'object':
      return typeBody(memberDocs(model));
  }
}

/** `export type Name = Type;` (Prettier lays out a type alias as an assignment). */
export function typeAlias(name: string, model: TypeModel, comment?: Doc): Doc {
  const left = 'type ' + name;
  if (model.kind === 'union' && !huggedUnion(model.members)) {
    // Prettier breaks after `=` first for a union (layout "break-after-operator").
    return documented(comment, ['export ', group([left, ' =', group(indent([line, unionDoc(model, 'alias')]))]), ';']);
  }
  const id = Symbol('assignment');
  return documented(comment, ['export ', group([left, ' =', group(indent(line), { id }), indentIfBreak(typeDoc(model), id)]), ';']);
}
