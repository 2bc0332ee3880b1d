/**
 * Responses of every version into IrResponse: status keys as written (`200`, `2XX`, `default`), content
 * per media type (Swagger 2.0: `produces` x `schema`), headers and links.
 */
import type { IrHeader, IrMediaType, IrResponse } from './types.js';
import { child, deref, entriesOf, isObject, stringOr, type IrContext, type Json } from './ir-context.js';
import { convertContent, mediaKey } from './media-type.js';
import { stripParameterKeys } from './parameter-object.js';
import type { SchemaConverter } from './schema-object.js';

export function convertResponses(ctx: IrContext, schemas: SchemaConverter, responses: unknown, pointer: string, produces: readonly string[]): IrResponse[] {
  const out: IrResponse[] = [];
  for (const [status, value] of entriesOf(responses)) {
    if (status.startsWith('x-')) continue;
    const response = deref(ctx, value, child(pointer, status));
    if (response === undefined) continue;
    out.push(convertResponse(ctx, schemas, status, response.node, response.pointer, produces));
  }
  return out;
}

function convertResponse(ctx: IrContext, schemas: SchemaConverter, status: string, node: Json, pointer: string, produces: readonly string[]): IrResponse {
  let content: IrMediaType[];
  if (ctx.family === '2.0') {
    content = [];
    if (node.schema !== undefined) {
      const schema = schemas.convert(node.schema, child(pointer, 'schema'), 0);
      const examples = isObject(node.examples) ? node.examples : {};
      for (const mediaType of [...new Set((produces.length > 0 ? produces : ['application/json']).map(mediaKey))]) {
        const example = Object.entries(examples).find(([k]) => mediaKey(k) === mediaType)?.[1];
        content.push({ mediaType, schema, ...(example !== undefined ? { example } : {}) });
      }
    }
  } else {
    content = convertContent(ctx, schemas, node.content, child(pointer, 'content'));
  }
  const headers: IrHeader[] = [];
  for (const [name, value] of entriesOf(node.headers)) {
    // OAS 3 §4.8.17.1: a response header named Content-Type is ignored.
    if (name.toLowerCase() === 'content-type') continue;
    const header = deref(ctx, value, child(pointer, 'headers', name));
    if (header === undefined) continue;
    headers.push(convertHeader(ctx, schemas, name, header.node, header.pointer));
  }
  const links: { name: string; operationId?: string; parameters?: Record<string, unknown> }[] = [];
  for (const [name, value] of entriesOf(node.links)) {
    const link = deref(ctx, value, child(pointer, 'links', name));
    if (link === undefined) continue;
    const operationId = stringOr(link.node.operationId);
    links.push({
      name,
      ...(operationId !== undefined ? { operationId } : {}),
      ...(isObject(link.node.parameters) ? { parameters: link.node.parameters } : {}),
    });
  }
  return {
    status,
    ...(typeof node.description === 'string' ? { description: node.description } : {}),
    content,
    headers,
    ...(links.length > 0 ? { links } : {}),
    pointer,
  };
}

export function convertHeader(ctx: IrContext, schemas: SchemaConverter, name: string, node: Json, pointer: string): IrHeader {
  let schemaNode: unknown;
  let schemaPointer = child(pointer, 'schema');
  if (ctx.family === '2.0') {
    schemaNode = stripParameterKeys(node); // a 2.0 Header Object is its own schema
    schemaPointer = pointer;
  } else if (node.schema !== undefined) {
    schemaNode = node.schema;
  } else if (isObject(node.content)) {
    const [mediaType, media] = Object.entries(node.content)[0] ?? [];
    schemaNode = isObject(media) ? media.schema : undefined;
    schemaPointer = child(pointer, 'content', mediaType ?? '', 'schema');
  }
  return {
    name,
    required: node.required === true,
    ...(typeof node.description === 'string' ? { description: node.description } : {}),
    schema: schemaNode === undefined ? {} : schemas.convert(schemaNode, schemaPointer, 0),
  };
}
