/**
 * Small hand-made IR for the plan tests: `operation('post', '/pets', { body: object({ 'name!': string() }) })`.
 * Path parameters in the template are added when not given.
 */
import type { HttpMethod, IrApi, IrMediaType, IrOperation, IrParameter, IrResponse, IrSchema, IrSecurityScheme, ParameterLocation } from '../../ir/types.js';

export const string = (extra: Partial<IrSchema> = {}): IrSchema => ({ type: 'string', ...extra });
export const integer = (extra: Partial<IrSchema> = {}): IrSchema => ({ type: 'integer', ...extra });
export const boolean = (extra: Partial<IrSchema> = {}): IrSchema => ({ type: 'boolean', ...extra });
export const refTo = (name: string): IrSchema => ({ ref: name });
export const arrayOf = (items: IrSchema, extra: Partial<IrSchema> = {}): IrSchema => ({ type: 'array', items, ...extra });

/** Keys ending in `!` are required properties. */
export function object(props: Record<string, IrSchema>, extra: Partial<IrSchema> = {}): IrSchema {
  return {
    type: 'object',
    properties: Object.entries(props).map(([k, schema]) => ({ name: k.endsWith('!') ? k.slice(0, -1) : k, required: k.endsWith('!'), schema })),
    ...extra,
  };
}

export function parameter(name: string, where: ParameterLocation, schema: IrSchema = string(), extra: Partial<IrParameter> = {}): IrParameter {
  return {
    name,
    in: where,
    required: where === 'path',
    style: where === 'query' || where === 'cookie' ? 'form' : 'simple',
    explode: where === 'query' || where === 'cookie',
    schema,
    pointer: `/parameters/${name}`,
    ...extra,
  };
}

export interface OperationSpec {
  readonly operationId?: string;
  readonly summary?: string;
  readonly description?: string;
  readonly tags?: readonly string[];
  readonly parameters?: readonly IrParameter[];
  /** JSON body; or give `content` for other media types. */
  readonly body?: IrSchema;
  readonly content?: readonly IrMediaType[];
  readonly bodyRequired?: boolean;
  /** JSON 200 response body. */
  readonly returns?: IrSchema;
  readonly responses?: readonly IrResponse[];
  readonly security?: IrOperation['security'];
  readonly extensions?: Record<string, unknown>;
  readonly callbacks?: IrOperation['callbacks'];
}

export function operation(method: HttpMethod, path: string, spec: OperationSpec = {}): IrOperation {
  const given = spec.parameters ?? [];
  const fromPath = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!).filter((n) => !given.some((p) => p.in === 'path' && p.name === n));
  const pointer = `/paths/${path.replace(/~/g, '~0').replace(/\//g, '~1')}/${method}`;
  const content = spec.content ?? (spec.body !== undefined ? [{ mediaType: 'application/json', schema: spec.body }] : undefined);
  return {
    id: `${method.toUpperCase()} ${path}`,
    method,
    path,
    ...(spec.operationId !== undefined ? { operationId: spec.operationId } : {}),
    ...(spec.summary !== undefined ? { summary: spec.summary } : {}),
    ...(spec.description !== undefined ? { description: spec.description } : {}),
    tags: spec.tags ?? [],
    deprecated: false,
    parameters: [...fromPath.map((n) => parameter(n, 'path')), ...given],
    ...(content !== undefined ? { requestBody: { required: spec.bodyRequired ?? true, content, pointer: `${pointer}/requestBody` } } : {}),
    responses: spec.responses ?? [
      spec.returns !== undefined
        ? { status: '200', content: [{ mediaType: 'application/json', schema: spec.returns }], headers: [], pointer: `${pointer}/responses/200` }
        : { status: '204', content: [], headers: [], pointer: `${pointer}/responses/204` },
    ],
    security: spec.security ?? [],
    securityOverridden: spec.security !== undefined,
    callbacks: spec.callbacks ?? [],
    pointer,
    ...(spec.extensions !== undefined ? { extensions: spec.extensions } : {}),
  };
}

export function apiOf(operations: readonly IrOperation[], schemas: Record<string, IrSchema> = {}, extra: Partial<IrApi> = {}): IrApi {
  return {
    specVersion: '3.0.3',
    title: 'Test API',
    version: '1.0.0',
    servers: [{ url: 'https://api.example.com/v1', variables: [] }],
    operations,
    schemas: Object.entries(schemas).map(([name, schema]) => ({ name, schema, pointer: `/components/schemas/${name}` })),
    securitySchemes: [],
    security: [],
    tags: [],
    webhooks: [],
    diagnostics: [],
    ...extra,
  };
}

export const apiKeyScheme = (name = 'api_key', where: 'header' | 'query' | 'cookie' = 'header', paramName = 'X-API-Key'): IrSecurityScheme => ({
  name,
  type: 'apiKey',
  in: where,
  paramName,
});

export const required = (...schemes: string[]): IrOperation['security'] => [{ schemes: schemes.map((scheme) => ({ scheme, scopes: [] })) }];
