/**
 * The IR stage: one version-independent model of the API from a loaded (bundled, validated) spec.
 * Every difference between Swagger 2.0, OpenAPI 3.0 and 3.1 is resolved here and nowhere else.
 */
import { StageError } from '../diagnostics.js';
import type { LoadedSpec } from '../load/load-spec.js';
import type { HttpMethod, IrApi, IrCallback, IrOperation, IrParameter, IrSecurityRequirement, IrServer, IrTag, IrWebhook } from './types.js';
import { child, createContext, deref, entriesOf, extensionsOf, isObject, report, stringOr, type IrContext, type Json } from './ir-context.js';
import { convertParameter, parameterKey } from './parameter-object.js';
import { convertRequestBody, stringList, swaggerRequestBody } from './request-body-object.js';
import { convertResponses } from './response-object.js';
import { shareRepeatedSchemas } from './repeated-schemas.js';
import { SchemaConverter } from './schema-object.js';
import { convertRequirements, convertSecuritySchemes } from './security-scheme-object.js';
import { convertServers, swaggerServers } from './server-object.js';

/** The order operations are listed in within a path (the IR contract). */
export const METHODS: readonly HttpMethod[] = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** Callbacks inside callbacks are followed this far; deeper ones are dropped with a warning. */
const MAX_CALLBACK_NESTING = 3;

interface Builder {
  readonly ctx: IrContext;
  readonly schemas: SchemaConverter;
  readonly documentSecurity: readonly IrSecurityRequirement[];
  readonly schemeNames: ReadonlySet<string>;
}

export function buildIr(spec: LoadedSpec): IrApi {
  const ctx = createContext(spec);
  const doc = ctx.doc;
  const info = isObject(doc.info) ? doc.info : {};
  const schemas = new SchemaConverter(ctx);
  // Component schemas first, so their order and names do not depend on where operations use them.
  schemas.drain();

  const securitySchemes = convertSecuritySchemes(ctx);
  const schemeNames = new Set(securitySchemes.map((s) => s.name));
  const documentSecurity = convertRequirements(ctx, doc.security, '/security', schemeNames);
  const builder: Builder = { ctx, schemas, documentSecurity, schemeNames };

  const operations: IrOperation[] = [];
  for (const [path, value] of entriesOf(doc.paths)) {
    if (!path.startsWith('/')) continue; // `x-…` extensions of the Paths Object
    operations.push(...pathItemOperations(builder, path, value, child('/paths', path), 0));
  }

  const webhooks: IrWebhook[] = [];
  for (const [name, value] of entriesOf(doc.webhooks)) {
    webhooks.push({ name, operations: pathItemOperations(builder, name, value, child('/webhooks', name), 0) });
  }

  const servers = ctx.family === '2.0' ? swaggerServers(doc) : convertServers(doc.servers);
  const extensions = extensionsOf(doc);
  const description = stringOr(info.description);
  return shareRepeatedSchemas({
    specVersion: spec.specVersion,
    title: stringOr(info.title) ?? '',
    version: stringOr(info.version) ?? '',
    ...(description !== undefined ? { description } : {}),
    servers,
    operations,
    schemas: schemas.schemas(),
    securitySchemes,
    security: documentSecurity,
    tags: collectTags(doc, operations, webhooks),
    webhooks,
    ...(extensions !== undefined ? { extensions } : {}),
    diagnostics: ctx.diagnostics,
  });
}

/** The operations of one Path Item (under `paths`, `webhooks` or a callback). */
function pathItemOperations(b: Builder, path: string, value: unknown, pointer: string, nesting: number): IrOperation[] {
  const item = deref(b.ctx, value, pointer);
  if (item === undefined) return [];
  const shared = isObject(item.node) ? item.node : {};
  const sharedServers = b.ctx.family === '2.0' ? undefined : Array.isArray(shared.servers) ? convertServers(shared.servers) : undefined;
  const out: IrOperation[] = [];
  for (const method of METHODS) {
    const op = shared[method];
    if (!isObject(op)) continue;
    const at = child(item.pointer, method);
    try {
      out.push(operation(b, method, path, op, at, shared, item.pointer, sharedServers, nesting));
    } catch (error) {
      throw new StageError('ir', `${method.toUpperCase()} ${path}`, error);
    }
  }
  return out;
}

function operation(
  b: Builder,
  method: HttpMethod,
  path: string,
  op: Json,
  pointer: string,
  pathItem: Json,
  pathItemPointer: string,
  pathServers: readonly IrServer[] | undefined,
  nesting: number,
): IrOperation {
  const { ctx, schemas } = b;
  // Path-level parameters first; an operation parameter with the same name and location replaces one.
  const resolved = new Map<string, { node: Json; pointer: string }>();
  const addAll = (list: unknown, base: string) => {
    if (!Array.isArray(list)) return;
    list.forEach((entry, i) => {
      const param = deref(ctx, entry, child(base, 'parameters', i));
      if (param === undefined) return;
      resolved.set(parameterKey(String(param.node.in), String(param.node.name)), param);
    });
  };
  addAll(pathItem.parameters, pathItemPointer);
  addAll(op.parameters, pointer);
  const all = [...resolved.values()];

  const parameters: IrParameter[] = [];
  for (const param of all) {
    if (ctx.family === '2.0' && (param.node.in === 'body' || param.node.in === 'formData')) continue;
    const converted = convertParameter(ctx, schemas, param.node, param.pointer);
    if (converted !== undefined) parameters.push(converted);
  }
  // A path template variable no parameter declares (a spec error; digitalocean.com and codat.io have them) would
  // be sent as the literal `{name}`: it becomes a required string path parameter. Callback paths are runtime
  // expressions, not templates.
  if (nesting === 0 && path.startsWith('/')) {
    for (const [, name] of path.matchAll(/\{([^{}]+)\}/g)) {
      if (parameters.some((p) => p.in === 'path' && p.name === name)) continue;
      report(ctx, 'warning', 'undeclared-path-parameter', pointer, `{${name}} in the path has no path parameter; it becomes a required string input`);
      parameters.push({ name: name!, in: 'path', required: true, style: 'simple', explode: false, schema: { type: 'string' }, pointer });
    }
  }

  const consumes = stringList(op.consumes) ?? stringList(ctx.doc.consumes) ?? [];
  const produces = stringList(op.produces) ?? stringList(ctx.doc.produces) ?? [];
  const requestBody =
    ctx.family === '2.0' ? swaggerRequestBody(schemas, all, consumes, pointer) : op.requestBody !== undefined ? convertRequestBody(ctx, schemas, op.requestBody, child(pointer, 'requestBody')) : undefined;

  const securityOverridden = Array.isArray(op.security);
  const security = securityOverridden ? convertRequirements(ctx, op.security, child(pointer, 'security'), b.schemeNames) : b.documentSecurity;
  const servers = ctx.family !== '2.0' && Array.isArray(op.servers) ? convertServers(op.servers) : pathServers;

  const extensions = extensionsOf(op);
  const operationId = stringOr(op.operationId);
  const summary = stringOr(op.summary);
  const description = stringOr(op.description);
  return {
    id: `${method.toUpperCase()} ${path}`,
    method,
    path,
    ...(operationId !== undefined ? { operationId } : {}),
    ...(summary !== undefined ? { summary } : {}),
    ...(description !== undefined ? { description } : {}),
    tags: stringList(op.tags) ?? [],
    deprecated: op.deprecated === true,
    parameters,
    ...(requestBody !== undefined ? { requestBody } : {}),
    responses: convertResponses(ctx, schemas, op.responses, child(pointer, 'responses'), produces),
    security,
    securityOverridden,
    ...(servers !== undefined && servers.length > 0 ? { servers } : {}),
    callbacks: callbacks(b, op.callbacks, child(pointer, 'callbacks'), nesting),
    pointer,
    ...(extensions !== undefined ? { extensions } : {}),
  };
}

/** OAS 3 Callback Objects: each runtime expression is a Path Item of operations the API calls. */
function callbacks(b: Builder, value: unknown, pointer: string, nesting: number): IrCallback[] {
  const out: IrCallback[] = [];
  for (const [name, raw] of entriesOf(value)) {
    const callback = deref(b.ctx, raw, child(pointer, name));
    if (callback === undefined) continue;
    if (nesting >= MAX_CALLBACK_NESTING) {
      report(b.ctx, 'warning', 'callback-too-deep', callback.pointer, `callback '${name}' is nested more than ${MAX_CALLBACK_NESTING} deep; ignored`);
      continue;
    }
    for (const [expression, item] of Object.entries(callback.node)) {
      if (expression.startsWith('x-')) continue;
      out.push({ name, expression, operations: pathItemOperations(b, expression, item, child(callback.pointer, expression), nesting + 1) });
    }
  }
  return out;
}

/** Declared tags in spec order, then tags only used by operations, in order of first use. */
function collectTags(doc: Json, operations: readonly IrOperation[], webhooks: readonly IrWebhook[]): IrTag[] {
  const tags: IrTag[] = [];
  const seen = new Set<string>();
  for (const tag of Array.isArray(doc.tags) ? doc.tags : []) {
    if (!isObject(tag) || typeof tag.name !== 'string' || seen.has(tag.name)) continue;
    seen.add(tag.name);
    tags.push({ name: tag.name, ...(typeof tag.description === 'string' ? { description: tag.description } : {}) });
  }
  for (const op of [...operations, ...webhooks.flatMap((w) => w.operations)]) {
    for (const name of op.tags) {
      if (seen.has(name)) continue;
      seen.add(name);
      tags.push({ name });
    }
  }
  return tags;
}
