import { ConnectorError } from './errors.js';
import { isPlainObject } from './json-path.js';
import { bracketPairs, encodeName, encodeQueryValue, scalarText } from './serialize-params.js';
import type { BodySpec, FileInput } from './types.js';

export interface EncodedBody {
  readonly body: string | FormData | Uint8Array | undefined;
  /** Undefined for multipart: fetch writes the boundary itself. */
  readonly contentType?: string;
}

/** The body value before encoding: bound properties (wrapped in the envelope) or the one whole-body field. */
export function bodyValue(spec: BodySpec, input: Readonly<Record<string, unknown>>, extra?: Readonly<Record<string, unknown>>): unknown {
  let value: unknown;
  if (spec.mode === 'whole') {
    value = spec.field === undefined ? undefined : input[spec.field];
    if (extra && Object.keys(extra).length > 0) value = { ...(isPlainObject(value) ? value : {}), ...extra };
    return value;
  }
  const object: Record<string, unknown> = {};
  for (const property of spec.properties ?? []) {
    const v = input[property.field];
    if (v !== undefined) object[property.name] = v;
  }
  Object.assign(object, extra);
  if (Object.keys(object).length === 0 && !spec.required) return undefined;
  value = object;
  for (const key of [...(spec.envelope ?? [])].reverse()) value = { [key]: value };
  return value;
}

export function encodeBody(spec: BodySpec, input: Readonly<Record<string, unknown>>, extra?: Readonly<Record<string, unknown>>): EncodedBody {
  const value = bodyValue(spec, input, extra);
  if (value === undefined) return { body: undefined };
  const declared = isWildcard(spec.mediaType) ? undefined : spec.mediaType;
  switch (spec.encoding) {
    case 'json':
      return { body: JSON.stringify(value), contentType: declared ?? 'application/json' };
    case 'form':
      return { body: encodeForm(value, spec), contentType: declared ?? 'application/x-www-form-urlencoded' };
    case 'multipart':
      return { body: encodeMultipart(value, spec) };
    case 'text':
      return { body: typeof value === 'string' ? value : scalarText(value), contentType: declared ?? 'text/plain' };
    case 'xml':
      return { body: typeof value === 'string' ? value : toXml(value, spec.envelope?.[0] ?? 'root'), contentType: declared ?? 'application/xml' };
    case 'binary': {
      const file = toFile(value);
      return { body: file.bytes, contentType: file.contentType ?? declared ?? 'application/octet-stream' };
    }
  }
}

function isWildcard(mediaType: string): boolean {
  return mediaType.includes('*');
}

/**
 * `application/x-www-form-urlencoded`. Scalars `k=v`; arrays of scalars per their Encoding Object
 * (default form/explode: `k=a&k=b`; deepObject: `k[]=a`); objects and arrays of objects in brackets
 * (`metadata[key]=v`, `items[0][price]=p`), which is what form APIs such as Stripe parse.
 */
export function encodeForm(value: unknown, spec: Pick<BodySpec, 'encodings'> = {}): string {
  if (!isPlainObject(value)) throw new ConnectorError('a form body must be an object');
  const pieces: string[] = [];
  const pair = (k: string, v: string): void => {
    pieces.push(`${encodeName(k)}=${encodeQueryValue(v)}`);
  };
  for (const [name, v] of Object.entries(value)) {
    if (v === undefined) continue;
    if (isFileInput(v)) {
      // A file (`format: binary`) in a form body is its content, percent-encoded byte by byte.
      pieces.push(`${encodeName(name)}=${percentEncodeBytes(toFile(v).bytes)}`);
      continue;
    }
    const encoding = spec.encodings?.[name];
    const style = encoding?.style ?? 'form';
    const explode = encoding?.explode ?? style === 'form';
    if (Array.isArray(v) && !v.some((i) => isPlainObject(i) || Array.isArray(i)) && style !== 'deepObject') {
      const items = v.filter((i) => i !== undefined).map(scalarText);
      const delimiter = style === 'spaceDelimited' ? '%20' : style === 'pipeDelimited' ? '|' : ',';
      if (explode) for (const item of items) pair(name, item);
      else if (items.length > 0) pieces.push(`${encodeName(name)}=${items.map((i) => encodeQueryValue(i)).join(delimiter)}`);
      continue;
    }
    for (const [k, text] of bracketPairs(name, v)) pair(k, text);
  }
  return pieces.join('&');
}

/** RFC 3986 unreserved bytes stay; every other byte becomes %XX (binary content cannot go through a string). */
function percentEncodeBytes(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) {
    const unreserved = (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b === 0x2d || b === 0x2e || b === 0x5f || b === 0x7e;
    out += unreserved ? String.fromCharCode(b) : '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

export function isFileInput(value: unknown): value is FileInput {
  if (!isPlainObject(value)) return false;
  const keys = Object.keys(value);
  return (
    (typeof value.base64 === 'string' || typeof value.text === 'string') &&
    keys.every((k) => k === 'base64' || k === 'text' || k === 'filename' || k === 'contentType')
  );
}

/** Bytes of a FileInput (or of a plain string, taken as text). */
export function toFile(value: unknown): { bytes: Uint8Array; filename?: string | undefined; contentType?: string | undefined } {
  if (typeof value === 'string') return { bytes: new Uint8Array(Buffer.from(value, 'utf8')) };
  if (isFileInput(value)) {
    const bytes = value.base64 !== undefined ? Buffer.from(value.base64, 'base64') : Buffer.from(value.text ?? '', 'utf8');
    return { bytes: new Uint8Array(bytes), filename: value.filename, contentType: value.contentType };
  }
  throw new ConnectorError('a file must be given as { base64 } or { text }, with optional filename and contentType');
}

/**
 * `multipart/form-data` (OAS 3.1 §4.8.15): files as file parts, objects as JSON text (their default content type)
 * unless the Encoding Object gives a style, arrays of scalars as repeated parts.
 */
export function encodeMultipart(value: unknown, spec: Pick<BodySpec, 'fileFields' | 'properties' | 'encodings'>): FormData {
  if (!isPlainObject(value)) throw new ConnectorError('a multipart body must be an object');
  const fileNames = new Set<string>();
  for (const f of spec.fileFields ?? []) {
    fileNames.add(f);
    const bound = spec.properties?.find((p) => p.field === f);
    if (bound) fileNames.add(bound.name);
  }
  const form = new FormData();
  const appendFile = (name: string, v: unknown): void => {
    const file = toFile(v);
    const type = file.contentType ?? spec.encodings?.[name]?.contentType ?? 'application/octet-stream';
    form.append(name, new Blob([file.bytes], { type }), file.filename ?? name);
  };
  for (const [name, v] of Object.entries(value)) {
    if (v === undefined) continue;
    const items = Array.isArray(v) ? v : [v];
    const isFile = fileNames.has(name) || items.some((i) => isFileInput(i) && i.base64 !== undefined);
    if (isFile) {
      for (const item of items) appendFile(name, item);
    } else if (Array.isArray(v) && !v.some((i) => isPlainObject(i) || Array.isArray(i))) {
      for (const item of v) form.append(name, scalarText(item));
    } else if ((isPlainObject(v) || Array.isArray(v)) && spec.encodings?.[name]?.style !== undefined) {
      // OAS 3.1 lets a multipart part carry a style; a declared one means bracketed fields, not JSON.
      for (const [k, text] of bracketPairs(name, v)) form.append(k, text);
    } else {
      form.append(name, isPlainObject(v) || Array.isArray(v) ? JSON.stringify(v) : scalarText(v));
    }
  }
  return form;
}

/** A plain rendering for XML bodies given as objects; a string body is sent as it is. */
export function toXml(value: unknown, root: string): string {
  const escape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const element = (name: string, v: unknown): string => {
    if (v === undefined) return '';
    if (Array.isArray(v)) return v.map((item) => element(name, item)).join('');
    if (isPlainObject(v)) return `<${name}>${Object.entries(v).map(([k, c]) => element(k, c)).join('')}</${name}>`;
    return `<${name}>${escape(scalarText(v))}</${name}>`;
  };
  const inner = isPlainObject(value) && Object.keys(value).length === 1 && root === Object.keys(value)[0] ? value[root] : value;
  return `<?xml version="1.0" encoding="UTF-8"?>${element(root, inner)}`;
}
