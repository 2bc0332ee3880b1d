/**
 * JSON Schema (the plan's 2020-12 subset, with OAS `nullable` tolerated) → TypeScript type.
 * A schema first becomes a small type model, so that parentheses and duplicates are decided in one place;
 * the model is then written with a ts-morph writer. Names and text reach the output only through
 * `literal.ts`.
 */
import type { CodeBlockWriter, WriterFunction } from 'ts-morph';
import type { JsonSchema } from '../plan/types.js';
import { docText, propertyKey, stringLiteral } from './literal.js';

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

export function union(members: readonly TypeModel[]): TypeModel {
  const flat: TypeModel[] = [];
  const seen = new Set<string>();
  for (const member of members) {
    for (const m of member.kind === 'union' ? member.members : [member]) {
      const id = JSON.stringify(m);
      if (seen.has(id)) continue;
      seen.add(id);
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
  return union(
    types.map((t): TypeModel => {
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
    }),
  );
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
    const parts: TypeModel[] = [];
    const own = ownType(schema, ctx, depth);
    if (own) parts.push(own);
    if (Array.isArray(schema['allOf'])) parts.push(...schema['allOf'].map((s) => schemaToType(s, ctx, depth + 1)));
    for (const key of ['anyOf', 'oneOf'] as const) {
      const options = schema[key];
      if (Array.isArray(options) && options.length > 0) parts.push(union(options.map((s) => schemaToType(s, ctx, depth + 1))));
    }
    model = intersection(parts);
  }
  return isNullable(schema) ? union([model, NULL]) : model;
}

function decodePointerToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

// --- Writing -------------------------------------------------------------------------------------------------

function writeDoc(writer: CodeBlockWriter, text: string): void {
  const lines = docText(text).split('\n');
  if (lines.length === 1) {
    writer.writeLine(`/** ${lines[0]} */`);
    return;
  }
  writer.writeLine('/**');
  for (const line of lines) writer.writeLine(line === '' ? ' *' : ` * ${line}`);
  writer.writeLine(' */');
}

/** Writes the members of an object type (without braces). */
export function writeMembers(writer: CodeBlockWriter, model: Extract<TypeModel, { kind: 'object' }>): void {
  for (const property of model.properties) {
    if (property.doc !== undefined) writeDoc(writer, property.doc);
    writer.write(propertyKey(property.name)).write(property.optional ? '?: ' : ': ');
    writeType(writer, property.type);
    writer.write(';').newLine();
  }
  if (model.index) {
    writer.write('[key: string]: ');
    writeType(writer, model.index);
    writer.write(';').newLine();
  }
}

export function writeType(writer: CodeBlockWriter, model: TypeModel): void {
  switch (model.kind) {
    case 'keyword':
    case 'named':
      writer.write(model.name);
      return;
    case 'literal':
      writer.write(typeof model.value === 'string' ? stringLiteral(model.value) : String(model.value));
      return;
    case 'array': {
      const wrap = model.items.kind === 'union' || model.items.kind === 'intersection';
      if (wrap) writer.write('(');
      writeType(writer, model.items);
      writer.write(wrap ? ')[]' : '[]');
      return;
    }
    case 'union':
    case 'intersection':
      model.members.forEach((member, i) => {
        if (i > 0) writer.write(model.kind === 'union' ? ' | ' : ' & ');
        const wrap = model.kind === 'intersection' && member.kind === 'union';
        if (wrap) writer.write('(');
        writeType(writer, member);
        if (wrap) writer.write(')');
      });
      return;
    case 'object':
      if (model.properties.length === 0 && !model.index) {
        writer.write('{}');
        return;
      }
      writer.write('{').newLine();
      writer.indent(() => writeMembers(writer, model));
      writer.write('}');
      return;
  }
}

export function typeWriter(model: TypeModel): WriterFunction {
  return (writer) => writeType(writer, model);
}
