/**
 * Servers: OAS 3 Server Objects with their variables, and Swagger 2.0 `schemes` + `host` + `basePath`
 * folded into the same shape.
 */
import type { IrServer, IrServerVariable } from './types.js';
import { entriesOf, isObject, stringOr, type Json } from './ir-context.js';

export function convertServers(value: unknown): IrServer[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isObject).map((server): IrServer => {
    const variables = entriesOf(server.variables)
      .filter((entry): entry is [string, Json] => isObject(entry[1]))
      .map(([name, v]): IrServerVariable => {
        const values = Array.isArray(v.enum) ? v.enum.map(String) : undefined;
        return {
          name,
          default: v.default === undefined ? (values?.[0] ?? '') : String(v.default),
          ...(values !== undefined ? { enum: values } : {}),
          ...(typeof v.description === 'string' ? { description: v.description } : {}),
        };
      });
    return {
      url: stringOr(server.url) ?? '/',
      ...(typeof server.description === 'string' ? { description: server.description } : {}),
      variables,
    };
  });
}

/**
 * Swagger 2.0 §4.3.1: one server per scheme (`https` when none is given, as the spec falls back to the
 * scheme the document was served with); without a host the URL is the base path alone (relative).
 */
export function swaggerServers(doc: Json): IrServer[] {
  const host = stringOr(doc.host);
  const basePath = stringOr(doc.basePath);
  const path = basePath === undefined || basePath === '/' ? '' : basePath.replace(/\/+$/, '');
  if (host === undefined) return basePath === undefined ? [] : [{ url: basePath, variables: [] }];
  const schemes = Array.isArray(doc.schemes) ? doc.schemes.filter((s): s is string => typeof s === 'string') : [];
  return (schemes.length > 0 ? schemes : ['https']).map((scheme) => ({ url: `${scheme.toLowerCase()}://${host}${path}`, variables: [] }));
}
