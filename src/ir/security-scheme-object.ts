/**
 * Security schemes and requirements. Swagger 2.0 `securityDefinitions` are mapped onto the OAS 3 shapes:
 * `basic` -> http basic, and OAuth2 flow names `accessCode` -> authorizationCode, `application` ->
 * clientCredentials (OAS 3 §4.8.27 renamed them).
 */
import type { IrOAuthFlow, IrSecurityRequirement, IrSecurityScheme } from './types.js';
import { child, deref, entriesOf, isObject, report, setOwn, stringOr, type IrContext, type Json } from './ir-context.js';

export function convertSecuritySchemes(ctx: IrContext): IrSecurityScheme[] {
  const holder = ctx.family === '2.0' ? ctx.doc.securityDefinitions : isObject(ctx.doc.components) ? ctx.doc.components.securitySchemes : undefined;
  const base = ctx.family === '2.0' ? '/securityDefinitions' : '/components/securitySchemes';
  const out: IrSecurityScheme[] = [];
  for (const [name, value] of entriesOf(holder)) {
    const scheme = deref(ctx, value, child(base, name));
    if (scheme === undefined) continue;
    const converted = convertScheme(ctx, name, scheme.node, scheme.pointer);
    if (converted !== undefined) out.push(converted);
  }
  return out;
}

function convertScheme(ctx: IrContext, name: string, node: Json, pointer: string): IrSecurityScheme | undefined {
  const description = typeof node.description === 'string' ? { description: node.description } : {};
  switch (node.type) {
    case 'apiKey': {
      const location = node.in === 'query' || node.in === 'cookie' ? node.in : 'header';
      return { name, type: 'apiKey', in: location, paramName: stringOr(node.name) ?? '', ...description };
    }
    case 'basic':
      return { name, type: 'http', scheme: 'basic', ...description };
    case 'http': {
      const bearerFormat = stringOr(node.bearerFormat);
      // Scheme names are case-insensitive (RFC 9110 §11.1); lower case is the registry's spelling.
      return { name, type: 'http', scheme: (stringOr(node.scheme) ?? '').toLowerCase(), ...(bearerFormat !== undefined ? { bearerFormat } : {}), ...description };
    }
    case 'oauth2':
      return { name, type: 'oauth2', flows: ctx.family === '2.0' ? swaggerFlows(node) : openApiFlows(node.flows), ...description };
    case 'openIdConnect':
      return { name, type: 'openIdConnect', openIdConnectUrl: stringOr(node.openIdConnectUrl) ?? '', ...description };
    case 'mutualTLS':
      return { name, type: 'mutualTLS', ...description };
    default:
      report(ctx, 'warning', 'unknown-security-scheme', pointer, `security scheme '${name}' has an unknown type '${String(node.type)}'; ignored`);
      return undefined;
  }
}

type Flows = Extract<IrSecurityScheme, { type: 'oauth2' }>['flows'];

function flow(node: Json): IrOAuthFlow {
  const scopes: Record<string, string> = {};
  for (const [scope, text] of entriesOf(node.scopes)) setOwn(scopes, scope, typeof text === 'string' ? text : '');
  const out: { -readonly [K in keyof IrOAuthFlow]: IrOAuthFlow[K] } = { scopes };
  for (const key of ['authorizationUrl', 'tokenUrl', 'refreshUrl'] as const) {
    const value = stringOr(node[key]);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

function openApiFlows(value: unknown): Flows {
  const out: { -readonly [K in keyof Flows]: Flows[K] } = {};
  if (!isObject(value)) return out;
  for (const key of ['implicit', 'password', 'clientCredentials', 'authorizationCode'] as const) {
    if (isObject(value[key])) out[key] = flow(value[key]);
  }
  return out;
}

function swaggerFlows(node: Json): Flows {
  const renamed: Record<string, keyof Flows> = { implicit: 'implicit', password: 'password', application: 'clientCredentials', accessCode: 'authorizationCode' };
  const key = typeof node.flow === 'string' ? renamed[node.flow] : undefined;
  return key === undefined ? {} : { [key]: flow(node) };
}

/**
 * A Security Requirement list. `{}` in the list is an alternative that needs no scheme (auth optional);
 * `[]` (no alternatives) means public.
 */
export function convertRequirements(ctx: IrContext, value: unknown, pointer: string, known: ReadonlySet<string>): IrSecurityRequirement[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isObject).map((requirement, i) => ({
    schemes: Object.entries(requirement).map(([scheme, scopes]) => {
      if (!known.has(scheme)) report(ctx, 'warning', 'unknown-security-scheme', child(pointer, i, scheme), `security requirement names '${scheme}', which is not a defined security scheme`);
      return { scheme, scopes: Array.isArray(scopes) ? scopes.filter((s): s is string => typeof s === 'string') : [] };
    }),
  }));
}
