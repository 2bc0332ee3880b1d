/**
 * Connection (issue 4): auth from `securitySchemes`, connection fields, and the base URL from `servers`.
 */
import type { Diagnostic } from '../diagnostics.js';
import type { IrApi, IrOAuthFlow, IrOperation, IrSecurityRequirement, IrSecurityScheme, IrServer } from '../ir/types.js';
import type { Mutable } from './context.js';
import { NameAllocator, hintFrom, humanize, safeIdentifier } from './names.js';
import type { PlanAuth, PlanBaseUrl, PlanConnection, PlanConnectionField } from './types.js';

export interface ConnectionResult {
  readonly connection: PlanConnection;
  /** First server with variable defaults applied; null when the spec names none. */
  readonly baseUrl: string | null;
  /** Security scheme name → the auth keys it became (one per usable OAuth2 flow). */
  readonly authKeys: ReadonlyMap<string, readonly string[]>;
  readonly diagnostics: readonly Diagnostic[];
}

type Flow = 'authorization_code' | 'client_credentials' | 'password' | 'implicit';

export const AUTH_SELECTOR_FIELD = 'auth_type';
export const SERVER_FIELD = 'server';

export function buildConnection(api: IrApi): ConnectionResult {
  const diagnostics: Diagnostic[] = [];
  const fieldNames = new NameAllocator();
  const authKeyNames = new NameAllocator();
  const { used, scopes, reason: usageReason } = schemesInUse(api);

  // Field names are handed out after the auths are known, so the selector and server fields keep their names.
  const drafts: { auth: PlanAuth; fields: PlanConnectionField[] }[] = [];
  const authKeys = new Map<string, string[]>();
  const hasSeveral = used.length > 1 || used.some((s) => s.type === 'oauth2' && usableFlows(s).length > 1);
  if (hasSeveral) fieldNames.reserve(AUTH_SELECTOR_FIELD);
  if (api.servers.length > 1) fieldNames.reserve(SERVER_FIELD);

  for (const scheme of used) {
    const pointer = `/components/securitySchemes/${scheme.name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    const made = authsFor(scheme, scopes.get(scheme.name) ?? [], fieldNames, authKeyNames, usageReason, diagnostics, pointer);
    authKeys.set(
      scheme.name,
      made.map((m) => m.auth.key),
    );
    drafts.push(...made);
  }

  // The same title twice (two API keys) gets the scheme name to tell them apart.
  const titleCount = new Map<string, number>();
  for (const d of drafts) titleCount.set(d.auth.title, (titleCount.get(d.auth.title) ?? 0) + 1);
  const auth = drafts.map((d) => ((titleCount.get(d.auth.title) ?? 0) > 1 ? { ...d.auth, title: `${d.auth.title} (${d.auth.key})` } : d.auth));

  const fields: PlanConnectionField[] = [];
  let authSelector: string | undefined;
  if (auth.length > 1) {
    authSelector = AUTH_SELECTOR_FIELD;
    fields.push({
      name: AUTH_SELECTOR_FIELD,
      label: 'Authentication',
      type: 'string',
      control_type: 'select',
      optional: false,
      hint: 'How to authenticate; the fields below depend on it.',
      default: auth[0]!.key,
      options: auth.map((a) => [a.title, a.key] as const),
    });
  }
  for (const d of drafts) fields.push(...(auth.length > 1 ? d.fields.map((f) => ({ ...f, authType: d.auth.key })) : d.fields));

  const servers = buildServers(api, fieldNames, diagnostics);
  fields.push(...servers.fields);

  return {
    connection: { auth, ...(authSelector !== undefined ? { authSelector } : {}), fields, baseUrl: servers.baseUrl },
    baseUrl: servers.resolved,
    authKeys,
    diagnostics,
  };
}

/** Schemes required somewhere, in declaration order; all declared ones when no operation requires any. */
function schemesInUse(api: IrApi): { used: IrSecurityScheme[]; scopes: Map<string, string[]>; reason: string } {
  const required = new Set<string>();
  const scopes = new Map<string, string[]>();
  const note = (reqs: readonly IrSecurityRequirement[]): void => {
    for (const r of reqs) {
      for (const s of r.schemes) {
        required.add(s.scheme);
        const list = scopes.get(s.scheme) ?? [];
        for (const scope of s.scopes) if (!list.includes(scope)) list.push(scope);
        scopes.set(s.scheme, list);
      }
    }
  };
  note(api.security);
  for (const op of api.operations) note(op.security);
  if (required.size === 0) {
    return { used: [...api.securitySchemes], scopes, reason: 'declared in securitySchemes (no operation requires a scheme, so every declared one is offered)' };
  }
  return { used: api.securitySchemes.filter((s) => required.has(s.name)), scopes, reason: 'required by the security of the document or its operations' };
}

function usableFlows(scheme: Extract<IrSecurityScheme, { type: 'oauth2' }>): Flow[] {
  const out: Flow[] = [];
  if (scheme.flows.authorizationCode) out.push('authorization_code');
  if (scheme.flows.clientCredentials) out.push('client_credentials');
  if (scheme.flows.password) out.push('password');
  return out;
}

interface Draft {
  auth: PlanAuth;
  fields: PlanConnectionField[];
}

function authsFor(
  scheme: IrSecurityScheme,
  requiredScopes: readonly string[],
  names: NameAllocator,
  keys: NameAllocator,
  usageReason: string,
  diagnostics: Diagnostic[],
  pointer: string,
): Draft[] {
  const base = `Security scheme '${scheme.name}' (${scheme.type}${scheme.type === 'http' ? ` ${scheme.scheme}` : scheme.type === 'apiKey' ? ` in ${scheme.in}` : ''}), ${usageReason}.`;
  const describe = hintFrom(scheme.description);
  const field = (preferred: string, f: Omit<PlanConnectionField, 'name'>): PlanConnectionField => {
    const name = names.has(preferred) ? names.take(safeIdentifier(`${scheme.name}_${preferred}`, 'field')) : names.take(preferred);
    return { name, ...f };
  };
  const custom = (title: string, description: string, why: string): Draft => {
    diagnostics.push({ code: 'unsupported-auth', severity: 'warning', message: `${scheme.name}: ${why}`, pointer });
    return { auth: { type: 'custom', key: keys.take(scheme.name), title, description, reasons: [base, why] }, fields: [] };
  };

  switch (scheme.type) {
    case 'apiKey': {
      const f = field('api_key', {
        label: 'API key',
        type: 'string',
        control_type: 'password',
        optional: false,
        hint: describe ?? `Sent as the ${scheme.in === 'query' ? 'query parameter' : scheme.in} ${scheme.paramName}.`,
      });
      return [
        {
          auth: { type: 'api_key', key: keys.take(scheme.name), title: 'API key', in: scheme.in, paramName: scheme.paramName, field: f.name, reasons: [base, `The key goes in the ${scheme.in} '${scheme.paramName}'.`] },
          fields: [f],
        },
      ];
    }
    case 'http': {
      const kind = scheme.scheme.toLowerCase();
      if (kind === 'basic') {
        const u = field('username', { label: 'Username', type: 'string', control_type: 'text', optional: false });
        const p = field('password', { label: 'Password', type: 'string', control_type: 'password', optional: false });
        return [{ auth: { type: 'basic', key: keys.take(scheme.name), title: 'HTTP basic', usernameField: u.name, passwordField: p.name, reasons: [base, 'HTTP basic auth (RFC 7617): username and password.'] }, fields: [u, p] }];
      }
      if (kind === 'bearer') {
        const t = field('token', {
          label: 'Access token',
          type: 'string',
          control_type: 'password',
          optional: false,
          hint: describe ?? (scheme.bearerFormat ? `A ${scheme.bearerFormat} bearer token.` : 'Sent as Authorization: Bearer <token>.'),
        });
        const auth: PlanAuth = {
          type: 'bearer',
          key: keys.take(scheme.name),
          title: 'Bearer token',
          tokenField: t.name,
          ...(scheme.bearerFormat !== undefined ? { bearerFormat: scheme.bearerFormat } : {}),
          reasons: [base, 'HTTP bearer auth (RFC 6750): a token in the Authorization header.'],
        };
        return [{ auth, fields: [t] }];
      }
      return [custom(`HTTP ${scheme.scheme}`, `HTTP '${scheme.scheme}' authentication: write how to apply it in the connection code.`, `HTTP auth scheme '${scheme.scheme}' cannot be applied automatically; a custom auth is generated.`)];
    }
    case 'oauth2': {
      const flows = usableFlows(scheme);
      if (flows.length === 0) {
        if (scheme.flows.implicit) {
          // The connector does not run the flow (it hands tokens to a browser; the OAuth 2.0 Security BCP advises
          // against it), but the token it issues is a bearer token (RFC 6749 §4.2.2, RFC 6750): pasted, it is sent.
          const why = 'the OAuth 2.0 implicit flow is not run by the connector: paste an access token obtained through it; it is sent as a bearer token and cannot be refreshed.';
          diagnostics.push({ code: 'unsupported-auth', severity: 'info', message: `${scheme.name}: ${why}`, pointer });
          const where = scheme.flows.implicit.authorizationUrl;
          const t = field('token', {
            label: 'Access token',
            type: 'string',
            control_type: 'password',
            optional: false,
            hint: describe ?? `An access token from the OAuth 2.0 implicit flow${where ? ` (${where})` : ''}; it expires and must then be pasted again.`,
          });
          const auth: PlanAuth = { type: 'bearer', key: keys.take(scheme.name), title: 'OAuth 2.0 access token (implicit flow)', tokenField: t.name, reasons: [base, why] };
          return [{ auth, fields: [t] }];
        }
        return [custom('OAuth 2.0', 'OAuth 2.0 with no flow: apply a token in the connection code.', 'the OAuth 2.0 scheme declares no flow.')];
      }
      if (scheme.flows.implicit) {
        diagnostics.push({ code: 'unsupported-auth', severity: 'info', message: `${scheme.name}: the implicit flow is left out; its other flows are offered.`, pointer });
      }
      const out: Draft[] = [];
      for (const flow of flows) {
        // Each flow has its own client fields: a connection field shows for one auth type only.
        const prefix = out.length === 0 ? '' : `${flow}_`;
        const clientId = field(`${prefix}client_id`, { label: 'Client ID', type: 'string', control_type: 'text', optional: false, ...(describe ? { hint: describe } : {}) });
        const secretOptional = flow === 'authorization_code';
        const clientSecret = field(`${prefix}client_secret`, {
          label: 'Client secret',
          type: 'string',
          control_type: 'password',
          optional: secretOptional,
          ...(secretOptional ? { hint: 'Leave empty for a public client (PKCE).' } : {}),
        });
        const spec: IrOAuthFlow = flow === 'authorization_code' ? scheme.flows.authorizationCode! : flow === 'client_credentials' ? scheme.flows.clientCredentials! : scheme.flows.password!;
        const key = keys.take(flows.length > 1 ? `${scheme.name}_${flow}` : scheme.name);
        const fields: PlanConnectionField[] = [clientId, clientSecret];
        const auth: Mutable<Extract<PlanAuth, { type: 'oauth2' }>> = {
          type: 'oauth2',
          key,
          title: `OAuth 2.0 (${flow.replace(/_/g, ' ')})`,
          flow,
          ...(spec.authorizationUrl !== undefined ? { authorizationUrl: spec.authorizationUrl } : {}),
          ...(spec.tokenUrl !== undefined ? { tokenUrl: spec.tokenUrl } : {}),
          ...(spec.refreshUrl !== undefined ? { refreshUrl: spec.refreshUrl } : {}),
          scopes: [...requiredScopes],
          pkce: flow === 'authorization_code',
          clientIdField: clientId.name,
          clientSecretField: clientSecret.name,
          reasons: [
            base,
            flow === 'authorization_code'
              ? 'Authorization code flow with PKCE (RFC 7636) and refresh tokens.'
              : flow === 'client_credentials'
                ? 'Client credentials flow: the connector gets its own token.'
                : 'Resource owner password flow: username and password are exchanged for a token.',
            requiredScopes.length > 0 ? `Scopes required by the operations: ${requiredScopes.join(', ')}.` : 'No scopes are required by the operations.',
          ],
        };
        if (flow === 'password') {
          const u = field('username', { label: 'Username', type: 'string', control_type: 'text', optional: false });
          const p = field('password', { label: 'Password', type: 'string', control_type: 'password', optional: false });
          auth.usernameField = u.name;
          auth.passwordField = p.name;
          fields.push(u, p);
        }
        out.push({ auth, fields });
      }
      return out;
    }
    case 'openIdConnect': {
      const clientId = field('client_id', { label: 'Client ID', type: 'string', control_type: 'text', optional: false });
      const clientSecret = field('client_secret', { label: 'Client secret', type: 'string', control_type: 'password', optional: true, hint: 'Leave empty for a public client (PKCE).' });
      const scopes = ['openid', ...requiredScopes.filter((s) => s !== 'openid')];
      return [
        {
          auth: {
            type: 'oauth2',
            key: keys.take(scheme.name),
            title: 'OpenID Connect',
            flow: 'authorization_code',
            scopes,
            pkce: true,
            clientIdField: clientId.name,
            clientSecretField: clientSecret.name,
            openIdConnectUrl: scheme.openIdConnectUrl,
            reasons: [base, 'OpenID Connect: the endpoints come from the discovery document at run time; authorization code flow with PKCE.'],
          },
          fields: [clientId, clientSecret],
        },
      ];
    }
    case 'mutualTLS':
      return [custom('Mutual TLS', 'Mutual TLS: configure the client certificate in the connection code.', 'mutual TLS needs a client certificate, which the generated runtime does not configure; a custom auth is generated.')];
    default: {
      const unknown = scheme as { name: string; type: string };
      return [custom(humanize(unknown.type), `Security scheme type '${unknown.type}': apply it in the connection code.`, `unknown security scheme type '${unknown.type}'.`)];
    }
  }
}

/** `request.security` for an operation that declares its own: auth keys per alternative; `[]` = public. */
export function securityFor(op: IrOperation, authKeys: ReadonlyMap<string, readonly string[]>): readonly (readonly string[])[] | undefined {
  if (!op.securityOverridden) return undefined;
  const out: string[][] = [];
  for (const req of op.security) {
    // Every scheme of an alternative applies together; a scheme with several flows multiplies the alternatives.
    let combos: string[][] = [[]];
    let satisfiable = true;
    for (const s of req.schemes) {
      const keys = authKeys.get(s.scheme);
      if (keys === undefined || keys.length === 0) {
        satisfiable = false;
        break;
      }
      combos = combos.flatMap((c) => keys.map((k) => [...c, k]));
    }
    if (satisfiable) out.push(...combos);
  }
  // Only undeclared schemes: better the connection's auth than treating the operation as public.
  if (out.length === 0 && op.security.length > 0) return undefined;
  return out;
}

interface ServerResult {
  readonly baseUrl: PlanBaseUrl;
  readonly resolved: string | null;
  readonly fields: PlanConnectionField[];
}

function buildServers(api: IrApi, names: NameAllocator, diagnostics: Diagnostic[]): ServerResult {
  const servers = api.servers;
  if (servers.length === 0) {
    diagnostics.push({ code: 'no-server', severity: 'warning', message: 'The spec names no server: set baseUrl in the connection settings.', pointer: '' });
    return { baseUrl: { template: '', variables: {} }, resolved: null, fields: [] };
  }
  const fields: PlanConnectionField[] = [];
  if (servers.length > 1) {
    fields.push({
      name: SERVER_FIELD,
      label: 'Server',
      type: 'string',
      control_type: 'select',
      optional: false,
      default: servers[0]!.url,
      options: servers.map((s) => [serverLabel(s), s.url] as const),
      hint: 'Which of the API servers to use.',
    });
  }
  const variables: Record<string, string> = {};
  for (const server of servers) {
    for (const v of server.variables) {
      if (Object.hasOwn(variables, v.name)) continue;
      const name = names.take(safeIdentifier(v.name, 'server'));
      variables[v.name] = name;
      const f: Mutable<PlanConnectionField> = { name, label: humanize(v.name), type: 'string', optional: true, default: v.default };
      const hint = hintFrom(v.description);
      if (hint !== undefined) f.hint = hint;
      if (v.enum !== undefined && v.enum.length > 0) {
        f.control_type = 'select';
        f.options = v.enum.map((e) => [e, e] as const);
      } else f.control_type = 'text';
      fields.push(f);
    }
  }
  const first = servers[0]!;
  const resolved = first.url.replace(/\{([^}]+)\}/g, (m, name: string) => first.variables.find((v) => v.name === name)?.default ?? m);
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(resolved)) {
    diagnostics.push({
      code: 'relative-server-url',
      severity: 'warning',
      message: `The server URL '${first.url}' is relative: set baseUrl in the connection settings to the API's address.`,
      pointer: '/servers/0',
    });
  }
  const baseUrl: PlanBaseUrl = { template: first.url, variables, ...(servers.length > 1 ? { serverField: SERVER_FIELD } : {}) };
  return { baseUrl, resolved, fields };
}

function serverLabel(s: IrServer): string {
  return s.description !== undefined && s.description.trim() !== '' ? `${s.description.trim()} (${s.url})` : s.url;
}
