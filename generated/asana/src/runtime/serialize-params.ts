import { ConnectorError } from './errors.js';
import { isPlainObject } from './json-path.js';
import type { ParamBinding } from './types.js';

/**
 * Parameter serialization after OAS 3.1 §4.8.12.4 (style values and the examples table).
 * Query and path pieces come back percent-encoded; header values are not encoded (RFC 9110 field values).
 */

/** RFC 3986 unreserved characters stay; everything else is percent-encoded (stricter than encodeURIComponent). */
export function encodeStrict(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

// `allowReserved` (§4.8.12.1) keeps reserved characters, except those that would change how the query splits.
const RESERVED_KEPT = /%(3A|2F|3F|5B|5D|40|21|24|27|28|29|2A|2C|3B)/gi;

export function encodeQueryValue(text: string, allowReserved = false): string {
  const strict = encodeStrict(text);
  return allowReserved ? strict.replace(RESERVED_KEPT, (m) => decodeURIComponent(m)) : strict;
}

/** Names keep literal brackets (`created[gte]`, `filter[status]`), as the APIs that use them document them. */
export function encodeName(name: string): string {
  return encodeStrict(name).replace(/%5B/gi, '[').replace(/%5D/gi, ']');
}

export function scalarText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value);
}

/** `[key, value]` pairs of an object, absent values left out, in the object's own order. */
function entries(value: Record<string, unknown>): [string, unknown][] {
  return Object.entries(value).filter(([, v]) => v !== undefined);
}

/**
 * Bracket pairs as Rack, PHP, qs and Stripe read them: `filter[status]=x`, `meta[a][b]=x`,
 * arrays of scalars `ids[]=1`, arrays of objects `items[0][price]=p`. Keys unencoded; callers encode.
 */
export function bracketPairs(prefix: string, value: unknown): [string, string][] {
  if (value === undefined) return [];
  if (Array.isArray(value)) {
    const out: [string, string][] = [];
    value.forEach((item, index) => {
      if (isPlainObject(item) || Array.isArray(item)) out.push(...bracketPairs(`${prefix}[${index}]`, item));
      else if (item !== undefined) out.push([`${prefix}[]`, scalarText(item)]);
    });
    return out;
  }
  if (isPlainObject(value)) {
    return entries(value).flatMap(([k, v]) => bracketPairs(`${prefix}[${k}]`, v));
  }
  return [[prefix, scalarText(value)]];
}

const DELIMITERS: Partial<Record<ParamBinding['style'], string>> = {
  spaceDelimited: '%20',
  pipeDelimited: '|',
  tabDelimited: '%09',
};

/** Serialized `name=value` pieces of one query parameter; empty when the value is absent. */
export function serializeQueryParam(binding: ParamBinding, value: unknown): string[] {
  if (value === undefined || value === null) return [];
  const name = encodeName(binding.name);
  const enc = (v: unknown): string => encodeQueryValue(scalarText(v), binding.allowReserved);
  if (binding.style === 'deepObject') {
    return bracketPairs(binding.name, value).map(([k, v]) => `${encodeName(k)}=${encodeQueryValue(v, binding.allowReserved)}`);
  }
  const delimiter = DELIMITERS[binding.style] ?? ',';
  if (Array.isArray(value)) {
    const items = value.filter((v) => v !== undefined);
    if (items.length === 0) return [];
    // spaceDelimited/pipeDelimited with explode=true have no own form in the table; they read like form.
    if (binding.explode) return items.map((item) => `${name}=${enc(item)}`);
    return [`${name}=${items.map(enc).join(delimiter)}`];
  }
  if (isPlainObject(value)) {
    const pairs = entries(value);
    if (pairs.length === 0) return [];
    if (binding.explode && binding.style === 'form') return pairs.map(([k, v]) => `${encodeName(k)}=${enc(v)}`);
    return [`${name}=${pairs.map(([k, v]) => `${enc(k)}${delimiter}${enc(v)}`).join(delimiter)}`];
  }
  return [`${name}=${enc(value)}`];
}

/** The text that replaces `{name}` in the path (simple, label or matrix style). */
export function serializePathParam(binding: ParamBinding, value: unknown): string {
  if (value === undefined || value === null) {
    throw new ConnectorError(`missing required path parameter ${binding.field}`);
  }
  const enc = (v: unknown): string => encodeStrict(scalarText(v));
  const { style, explode } = binding;
  const name = encodeStrict(binding.name);
  if (Array.isArray(value)) {
    const items = value.map(enc);
    if (style === 'label') return '.' + items.join(explode ? '.' : ',');
    if (style === 'matrix') return explode ? items.map((i) => `;${name}=${i}`).join('') : `;${name}=${items.join(',')}`;
    return items.join(',');
  }
  if (isPlainObject(value)) {
    const pairs = entries(value);
    const kv = pairs.map(([k, v]) => (explode ? `${enc(k)}=${enc(v)}` : `${enc(k)},${enc(v)}`));
    if (style === 'label') return '.' + kv.join(explode ? '.' : ',');
    if (style === 'matrix') return explode ? kv.map((p) => ';' + p).join('') : `;${name}=${kv.join(',')}`;
    return kv.join(',');
  }
  const text = enc(value);
  if (style === 'label') return '.' + text;
  if (style === 'matrix') return text === '' ? `;${name}` : `;${name}=${text}`;
  return text;
}

/** Header parameters are always style simple. */
export function serializeHeaderParam(binding: ParamBinding, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.map(scalarText).join(',');
  if (isPlainObject(value)) {
    return entries(value)
      .map(([k, v]) => (binding.explode ? `${k}=${scalarText(v)}` : `${k},${scalarText(v)}`))
      .join(',');
  }
  return scalarText(value);
}

/** `name=value` cookie pairs (style form); values percent-encoded so `;` and spaces cannot break the header. */
export function serializeCookieParam(binding: ParamBinding, value: unknown): string[] {
  if (value === undefined || value === null) return [];
  const enc = (v: unknown): string => encodeStrict(scalarText(v));
  const name = binding.name;
  if (Array.isArray(value)) {
    return binding.explode ? value.map((v) => `${name}=${enc(v)}`) : [`${name}=${value.map(enc).join(',')}`];
  }
  if (isPlainObject(value)) {
    const pairs = entries(value);
    return binding.explode ? pairs.map(([k, v]) => `${k}=${enc(v)}`) : [`${name}=${pairs.map(([k, v]) => `${enc(k)},${enc(v)}`).join(',')}`];
  }
  return [`${name}=${enc(value)}`];
}
