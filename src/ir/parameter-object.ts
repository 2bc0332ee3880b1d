/**
 * Parameter Objects (3.x) and Swagger 2.0 non-body parameters into IrParameter, with the OAS 3 default
 * style/explode (§4.8.12.4) and Swagger 2.0 `collectionFormat` mapped onto style/explode.
 */
import type { IrParameter, IrSchema, ParameterLocation, ParameterStyle } from './types.js';
import { child, deref, extensionsOf, isObject, report, setOwn, stringOr, type IrContext, type Json } from './ir-context.js';
import { firstExample, mediaKey } from './media-type.js';
import type { SchemaConverter } from './schema-object.js';

const LOCATIONS = new Set<ParameterLocation>(['path', 'query', 'header', 'cookie']);
const STYLES = new Set<ParameterStyle>(['matrix', 'label', 'form', 'simple', 'spaceDelimited', 'pipeDelimited', 'deepObject', 'tabDelimited']);
/** OAS 3 §4.8.12.1: header parameters with these names are ignored; the request sets them itself. */
const IGNORED_HEADERS = new Set(['content-type', 'accept', 'authorization']);

/** OAS 3 §4.8.12.4: `form` for query and cookie, `simple` for path and header. */
export function defaultStyle(location: ParameterLocation): ParameterStyle {
  return location === 'query' || location === 'cookie' ? 'form' : 'simple';
}

/**
 * Swagger 2.0 §4.4.x `collectionFormat` -> OAS 3 style/explode. The 2.0 default is `csv`, which is
 * `explode: false` (unlike OAS 3's default for `form`).
 */
export function collectionFormatStyle(format: string | undefined, location: ParameterLocation | 'formData'): { style: ParameterStyle; explode: boolean } {
  const csvStyle: ParameterStyle = location === 'query' || location === 'cookie' || location === 'formData' ? 'form' : 'simple';
  switch (format) {
    case 'ssv':
      return { style: 'spaceDelimited', explode: false };
    case 'tsv':
      return { style: 'tabDelimited', explode: false };
    case 'pipes':
      return { style: 'pipeDelimited', explode: false };
    case 'multi':
      return { style: 'form', explode: true };
    default:
      return { style: csvStyle, explode: false };
  }
}

/** Resolves a parameter list entry; returns its object and where it lives. */
export function resolveParameter(ctx: IrContext, node: unknown, pointer: string): { node: Json; pointer: string } | undefined {
  return deref(ctx, node, pointer);
}

/** One parameter in `path`, `query`, `header` or `cookie`; undefined when it is dropped (with a diagnostic). */
export function convertParameter(ctx: IrContext, schemas: SchemaConverter, node: Json, pointer: string): IrParameter | undefined {
  const name = stringOr(node.name) ?? '';
  const location = node.in as ParameterLocation;
  if (!LOCATIONS.has(location)) {
    report(ctx, 'warning', 'unknown-parameter-location', pointer, `parameter '${name}' is in '${String(node.in)}', which is not a parameter location; ignored`);
    return undefined;
  }
  if (location === 'header' && IGNORED_HEADERS.has(name.toLowerCase())) {
    report(ctx, 'info', 'ignored-header-parameter', pointer, `header parameter '${name}' is ignored: the request sets it itself (OAS 3 §4.8.12.1)`);
    return undefined;
  }
  let schema: IrSchema;
  let contentType: string | undefined;
  let example: unknown = node.example;
  let style: ParameterStyle;
  let explode: boolean;
  if (ctx.family === '2.0') {
    // The parameter is its own schema (type, format, items, enum, …).
    schema = schemas.convert(stripParameterKeys(node), pointer, 0);
    // collectionFormat only means something for arrays; other values get the OAS 3 defaults.
    if (node.type === 'array') ({ style, explode } = collectionFormatStyle(stringOr(node.collectionFormat), location));
    else style = defaultStyle(location), explode = style === 'form';
    if (example === undefined && node['x-example'] !== undefined) example = node['x-example'];
  } else {
    if (isObject(node.content)) {
      const [mediaType, media] = Object.entries(node.content)[0] ?? [];
      contentType = mediaType !== undefined ? mediaKey(mediaType) : undefined;
      schema = isObject(media) ? schemas.convert(media.schema, child(pointer, 'content', mediaType!, 'schema'), 0) : {};
      if (example === undefined && isObject(media)) example = media.example;
    } else {
      schema = isObject(node.schema) || typeof node.schema === 'boolean' ? schemas.convert(node.schema, child(pointer, 'schema'), 0) : {};
    }
    style = STYLES.has(node.style as ParameterStyle) ? (node.style as ParameterStyle) : defaultStyle(location);
    explode = typeof node.explode === 'boolean' ? node.explode : style === 'form';
    if (example === undefined) example = firstExample(ctx, node.examples);
  }
  const extensions = extensionsOf(node);
  return {
    name,
    in: location,
    // OAS: a path parameter is always required.
    required: location === 'path' ? true : node.required === true,
    ...(typeof node.description === 'string' ? { description: node.description } : {}),
    ...(node.deprecated === true ? { deprecated: true } : {}),
    style,
    explode,
    ...(node.allowReserved === true ? { allowReserved: true } : {}),
    schema,
    ...(contentType !== undefined ? { contentType } : {}),
    ...(example !== undefined ? { example } : {}),
    pointer,
    ...(extensions !== undefined ? { extensions } : {}),
  };
}

/** A Swagger 2.0 parameter without the keys that describe the parameter rather than its value. */
export function stripParameterKeys(node: Json): Json {
  const rest: Json = {};
  for (const [key, value] of Object.entries(node)) {
    if (['name', 'in', 'required', 'description', 'collectionFormat', 'allowEmptyValue'].includes(key)) continue;
    // Extensions describe the parameter, except x-nullable, which describes its value.
    if (key.startsWith('x-') && key !== 'x-nullable') continue;
    setOwn(rest, key, value);
  }
  return rest;
}

/** Key that identifies a parameter in a list: header names are case-insensitive (RFC 9110 §5.1). */
export function parameterKey(location: string, name: string): string {
  return `${location}\0${location === 'header' ? name.toLowerCase() : name}`;
}
