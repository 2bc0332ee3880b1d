/**
 * Request bodies: OAS 3 Request Body Objects, and Swagger 2.0 `body` / `formData` parameters with
 * `consumes` mapped onto the same shape (issue 2: version differences are resolved in the IR).
 */
import type { IrEncoding, IrProperty, IrRequestBody, IrSchema } from './types.js';
import { child, deref, setOwn, type IrContext, type Json } from './ir-context.js';
import { convertContent, mediaKey } from './media-type.js';
import { collectionFormatStyle, stripParameterKeys } from './parameter-object.js';
import type { SchemaConverter } from './schema-object.js';

export function convertRequestBody(ctx: IrContext, schemas: SchemaConverter, value: unknown, pointer: string): IrRequestBody | undefined {
  const body = deref(ctx, value, pointer);
  if (body === undefined) return undefined;
  return {
    required: body.node.required === true,
    ...(typeof body.node.description === 'string' ? { description: body.node.description } : {}),
    content: convertContent(ctx, schemas, body.node.content, child(body.pointer, 'content')),
    pointer: body.pointer,
  };
}

const FORM_TYPES = /^(multipart\/[\w.+-]+|application\/x-www-form-urlencoded)$/;

/**
 * Swagger 2.0: the `body` parameter becomes a body in every media type the operation consumes
 * (`application/json` when none is declared); `formData` parameters become the properties of one object
 * schema, sent as multipart when a file is among them or the operation consumes multipart, else urlencoded.
 */
export function swaggerRequestBody(
  schemas: SchemaConverter,
  parameters: readonly { node: Json; pointer: string }[],
  consumes: readonly string[],
  operationPointer: string,
): IrRequestBody | undefined {
  const body = parameters.find((p) => p.node.in === 'body');
  if (body !== undefined) {
    const schema = schemas.convert(body.node.schema, child(body.pointer, 'schema'), 0);
    const types = unique((consumes.length > 0 ? consumes : ['application/json']).map(mediaKey));
    return {
      required: body.node.required === true,
      ...(typeof body.node.description === 'string' ? { description: body.node.description } : {}),
      content: types.map((mediaType) => ({ mediaType, schema })),
      pointer: body.pointer,
    };
  }
  const form = parameters.filter((p) => p.node.in === 'formData');
  if (form.length === 0) return undefined;
  const properties: IrProperty[] = [];
  const encoding: Record<string, IrEncoding> = {};
  let hasFile = false;
  for (const { node, pointer } of form) {
    const name = typeof node.name === 'string' ? node.name : '';
    let schema: IrSchema = schemas.convert(stripParameterKeys(node), pointer, 0);
    // The parameter's description describes the field.
    if (typeof node.description === 'string' && schema.description === undefined) schema = { ...schema, description: node.description };
    if (node.type === 'file') hasFile = true;
    if (node.type === 'array') {
      const { style, explode } = collectionFormatStyle(typeof node.collectionFormat === 'string' ? node.collectionFormat : undefined, 'formData');
      setOwn(encoding, name, { style, explode });
    }
    properties.push({ name, required: node.required === true, schema });
  }
  const declared = unique(consumes.map(mediaKey).filter((t) => FORM_TYPES.test(t)));
  const types = declared.length > 0 ? declared : [hasFile ? 'multipart/form-data' : 'application/x-www-form-urlencoded'];
  const schema: IrSchema = { type: 'object', properties };
  const hasEncoding = Object.keys(encoding).length > 0;
  return {
    required: form.some((p) => p.node.required === true),
    content: types.map((mediaType) => ({ mediaType, schema, ...(hasEncoding ? { encoding } : {}) })),
    pointer: child(operationPointer, 'parameters'),
  };
}

function unique(list: readonly string[]): string[] {
  return [...new Set(list)];
}

export function stringList(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined;
}

