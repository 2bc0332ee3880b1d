/**
 * Terse builders for IR fragments used by the rule tests: `op('GET /pets', { response: arr(ref('Pet')) })`.
 * Path parameters named in the template are added automatically unless given.
 */
import type { HttpMethod, IrApi, IrHeader, IrOperation, IrParameter, IrSchema, IrSecurityRequirement, ParameterLocation, ParameterStyle } from '../../../ir/types.js';

export const str = (extra: Partial<IrSchema> = {}): IrSchema => ({ type: 'string', ...extra });
export const int = (extra: Partial<IrSchema> = {}): IrSchema => ({ type: 'integer', ...extra });
export const num = (extra: Partial<IrSchema> = {}): IrSchema => ({ type: 'number', ...extra });
export const bool = (extra: Partial<IrSchema> = {}): IrSchema => ({ type: 'boolean', ...extra });
export const dateTime = (extra: Partial<IrSchema> = {}): IrSchema => ({ type: 'string', format: 'date-time', ...extra });
export const ref = (name: string): IrSchema => ({ ref: name });
export const arr = (items: IrSchema, extra: Partial<IrSchema> = {}): IrSchema => ({ type: 'array', items, ...extra });

/** An object; names ending in `!` are required (`{ 'id!': int() }`). */
export function obj(props: Record<string, IrSchema>, extra: Partial<IrSchema> = {}): IrSchema {
  return {
    type: 'object',
    properties: Object.entries(props).map(([key, schema]) => ({ name: key.replace(/!$/, ''), required: key.endsWith('!'), schema })),
    ...extra,
  };
}

export interface ParamOptions {
  readonly in?: ParameterLocation;
  readonly required?: boolean;
  readonly description?: string;
  readonly style?: ParameterStyle;
  readonly explode?: boolean;
}

export function param(name: string, schema: IrSchema = str(), options: ParamOptions = {}): IrParameter {
  const location = options.in ?? 'query';
  return {
    name,
    in: location,
    required: options.required ?? location === 'path',
    ...(options.description !== undefined ? { description: options.description } : {}),
    style: options.style ?? (location === 'query' || location === 'cookie' ? 'form' : 'simple'),
    explode: options.explode ?? location === 'query',
    schema,
    pointer: '',
  };
}

export interface OpOptions {
  readonly operationId?: string;
  readonly summary?: string;
  readonly description?: string;
  readonly tags?: readonly string[];
  readonly deprecated?: boolean;
  readonly params?: readonly IrParameter[];
  readonly body?: IrSchema;
  readonly bodyMediaType?: string;
  readonly response?: IrSchema;
  readonly responseMediaType?: string;
  readonly status?: string;
  readonly responseHeaders?: readonly string[];
  readonly security?: readonly IrSecurityRequirement[];
}

export function op(methodPath: string, options: OpOptions = {}): IrOperation {
  const [method, path] = methodPath.split(' ') as [string, string];
  const given = options.params ?? [];
  const templated = [...path.matchAll(/\{([^}]+)\}/g)]
    .map((m) => m[1]!)
    .filter((name) => !given.some((p) => p.in === 'path' && p.name === name))
    .map((name) => param(name, str(), { in: 'path' }));
  const headers: IrHeader[] = (options.responseHeaders ?? []).map((name) => ({ name, required: false, schema: str() }));
  return {
    id: `${method.toUpperCase()} ${path}`,
    method: method.toLowerCase() as HttpMethod,
    path,
    ...(options.operationId !== undefined ? { operationId: options.operationId } : {}),
    ...(options.summary !== undefined ? { summary: options.summary } : {}),
    ...(options.description !== undefined ? { description: options.description } : {}),
    tags: options.tags ?? [],
    deprecated: options.deprecated ?? false,
    parameters: [...templated, ...given],
    ...(options.body !== undefined
      ? { requestBody: { required: true, content: [{ mediaType: options.bodyMediaType ?? 'application/json', schema: options.body }], pointer: '' } }
      : {}),
    responses: [
      {
        status: options.status ?? '200',
        content: options.response !== undefined ? [{ mediaType: options.responseMediaType ?? 'application/json', schema: options.response }] : [],
        headers,
        pointer: '',
      },
    ],
    security: options.security ?? [{ schemes: [{ scheme: 'key', scopes: [] }] }],
    securityOverridden: options.security !== undefined,
    callbacks: [],
    pointer: '',
  };
}

export function api(operations: readonly IrOperation[], schemas: Record<string, IrSchema> = {}, extra: Partial<IrApi> = {}): IrApi {
  return {
    specVersion: '3.0.3',
    title: 'Test API',
    version: '1',
    servers: [],
    operations,
    schemas: Object.entries(schemas).map(([name, schema]) => ({ name, schema, pointer: `/components/schemas/${name}` })),
    securitySchemes: [{ name: 'key', type: 'apiKey', in: 'header', paramName: 'X-Key' }],
    security: [{ schemes: [{ scheme: 'key', scopes: [] }] }],
    tags: [],
    webhooks: [],
    diagnostics: [],
    ...extra,
  };
}
