import { createHash, randomBytes } from 'node:crypto';
import { ConnectorError, ConnectorHttpError } from './errors.js';
import { isPlainObject } from './json-path.js';
import { redact } from './redact.js';
import type { AuthDefinition, ConnectionSettings } from './types.js';

export type OAuth2Auth = Extract<AuthDefinition, { type: 'oauth2' }>;

export interface Tokens {
  readonly access_token: string;
  readonly refresh_token?: string;
  /** Epoch seconds. */
  readonly expires_at?: number;
  readonly token_type?: string;
  readonly scope?: string;
  readonly id_token?: string;
}

/** The parts of an OpenID Provider Metadata document (OpenID Connect Discovery 1.0 §3) the runtime uses. */
export interface OpenIdConfiguration {
  readonly issuer?: string;
  readonly authorization_endpoint: string;
  readonly token_endpoint: string;
  readonly userinfo_endpoint?: string;
  readonly jwks_uri?: string;
  readonly scopes_supported?: readonly string[];
  readonly token_endpoint_auth_methods_supported?: readonly string[];
  readonly code_challenge_methods_supported?: readonly string[];
  readonly [key: string]: unknown;
}

const TOKEN_TIMEOUT_MS = 30_000;
const WELL_KNOWN = '/.well-known/openid-configuration';

function base64url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** RFC 7636 §4.1–4.2: a 43-character verifier and its S256 challenge. */
export function createPkcePair(): { verifier: string; challenge: string } {
  const verifier = base64url(randomBytes(32));
  const challenge = base64url(createHash('sha256').update(verifier).digest());
  return { verifier, challenge };
}

function settingText(settings: ConnectionSettings, field: string): string | undefined {
  const value = settings[field];
  return typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined;
}

/** Scopes as requested; OpenID Connect needs `openid` among them (OIDC Core §3.1.2.1). */
function scopesOf(auth: OAuth2Auth): string[] {
  const scopes = [...auth.scopes];
  if (auth.openIdConnectUrl !== undefined && !scopes.includes('openid')) scopes.unshift('openid');
  return scopes;
}

/**
 * The authorization-code request URL (RFC 6749 §4.1.1, with PKCE when a verifier is given). For OpenID Connect,
 * fill `authorizationUrl` from `discoverOpenIdConfiguration` first.
 */
export function buildAuthorizationUrl(
  auth: OAuth2Auth,
  settings: ConnectionSettings,
  redirectUri: string,
  state: string,
  codeVerifier?: string,
): string {
  if (auth.authorizationUrl === undefined) {
    throw new ConnectorError(`OAuth2 auth ${auth.key} has no authorization URL${auth.openIdConnectUrl ? ' (discover it first)' : ''}`);
  }
  const clientId = settingText(settings, auth.clientIdField);
  if (clientId === undefined) throw new ConnectorError(`connection field ${auth.clientIdField} (client id) is required`);
  const url = new URL(resolveEndpoint(auth.authorizationUrl, settings.baseUrl));
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', clientId);
  url.searchParams.set('redirect_uri', redirectUri);
  const scopes = scopesOf(auth);
  if (scopes.length > 0) url.searchParams.set('scope', scopes.join(' '));
  url.searchParams.set('state', state);
  if (codeVerifier !== undefined) {
    url.searchParams.set('code_challenge', base64url(createHash('sha256').update(codeVerifier).digest()));
    url.searchParams.set('code_challenge_method', 'S256');
  }
  return url.toString();
}

/** Resolves a token or authorization URL that the spec gave relative to the API server (OAS 3.1 §4.3). */
export function resolveEndpoint(url: string, base: string | undefined): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) return url;
  if (base === undefined || base === '') throw new ConnectorError(`the OAuth2 endpoint "${url}" is relative: set baseUrl in the connection settings`);
  return new URL(url, base.endsWith('/') ? base : base + '/').toString();
}

/** Fetches the discovery document; `url` may be the issuer or the full `.well-known` URL. */
export async function discoverOpenIdConfiguration(url: string, fetchImpl: typeof fetch = fetch): Promise<OpenIdConfiguration> {
  const target = url.includes('/.well-known/') ? url : url.replace(/\/+$/, '') + WELL_KNOWN;
  const response = await fetchImpl(target, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(TOKEN_TIMEOUT_MS) });
  const text = await response.text();
  if (!response.ok) {
    throw new ConnectorHttpError({ status: response.status, statusText: response.statusText, method: 'GET', url: target, body: text, redact: (t) => t });
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new ConnectorError(`the OpenID Connect discovery document at ${target} is not JSON`);
  }
  if (!isPlainObject(doc) || typeof doc.token_endpoint !== 'string' || typeof doc.authorization_endpoint !== 'string') {
    throw new ConnectorError(`the OpenID Connect discovery document at ${target} lacks authorization_endpoint or token_endpoint`);
  }
  return doc as OpenIdConfiguration;
}

export interface TokenClient {
  readonly clientId?: string | undefined;
  readonly clientSecret?: string | undefined;
  readonly method: 'basic' | 'body';
}

/**
 * One token endpoint request (RFC 6749 §3.2): form-encoded grant parameters, the client authenticated per
 * `client.method`; answers in JSON or (older providers) form encoding. Errors carry no secret of the exchange.
 */
export async function requestToken(
  tokenUrl: string,
  params: Readonly<Record<string, string>>,
  client: TokenClient,
  fetchImpl: typeof fetch = fetch,
  knownSecrets: readonly string[] = [],
): Promise<Tokens> {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) body.set(k, v);
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
  };
  const secrets = [...knownSecrets, ...Object.entries(params).filter(([k]) => k !== 'grant_type' && k !== 'scope' && k !== 'redirect_uri' && k !== 'client_id' && k !== 'username').map(([, v]) => v)];
  if (client.clientSecret !== undefined) secrets.push(client.clientSecret);
  if (client.method === 'basic' && client.clientId !== undefined) {
    // §2.3.1: id and secret are form-encoded before they are joined.
    const basic = Buffer.from(`${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.clientSecret ?? '')}`).toString('base64');
    headers.authorization = `Basic ${basic}`;
    secrets.push(basic);
  } else {
    if (client.clientId !== undefined) body.set('client_id', client.clientId);
    if (client.clientSecret !== undefined) body.set('client_secret', client.clientSecret);
  }
  let response: Response;
  try {
    response = await fetchImpl(tokenUrl, { method: 'POST', headers, body: body.toString(), signal: AbortSignal.timeout(TOKEN_TIMEOUT_MS) });
  } catch (error) {
    throw new ConnectorError(redact(`POST ${tokenUrl} failed: ${error instanceof Error ? error.message : String(error)}`, secrets));
  }
  const text = await response.text();
  const parsed = parseTokenBody(text, response.headers.get('content-type') ?? '');
  if (typeof parsed.access_token === 'string') secrets.push(parsed.access_token);
  if (typeof parsed.refresh_token === 'string') secrets.push(parsed.refresh_token);
  if (!response.ok || typeof parsed.access_token !== 'string') {
    throw new ConnectorHttpError({
      status: response.ok ? 502 : response.status,
      statusText: response.ok ? 'token endpoint answered without access_token' : response.statusText,
      method: 'POST',
      url: tokenUrl,
      body: text,
      redact: (t) => redact(t, secrets),
    });
  }
  const expiresIn = Number(parsed.expires_in);
  const tokens: Tokens = {
    access_token: parsed.access_token,
    ...(typeof parsed.refresh_token === 'string' ? { refresh_token: parsed.refresh_token } : {}),
    ...(Number.isFinite(expiresIn) && expiresIn > 0 ? { expires_at: Math.floor(Date.now() / 1000) + expiresIn } : {}),
    ...(typeof parsed.token_type === 'string' ? { token_type: parsed.token_type } : {}),
    ...(typeof parsed.scope === 'string' ? { scope: parsed.scope } : {}),
    ...(typeof parsed.id_token === 'string' ? { id_token: parsed.id_token } : {}),
  };
  return tokens;
}

function parseTokenBody(text: string, contentType: string): Record<string, unknown> {
  if (!contentType.includes('json')) {
    const params = new URLSearchParams(text);
    if (params.has('access_token') || params.has('error')) return Object.fromEntries(params);
  }
  try {
    const value: unknown = JSON.parse(text);
    return isPlainObject(value) ? value : {};
  } catch {
    return {};
  }
}

/** The token endpoint: the auth's own (relative to the API when the spec says so), else the discovered one. */
export async function tokenEndpoint(auth: OAuth2Auth, apiBase: string | undefined, fetchImpl: typeof fetch, refresh = false): Promise<string> {
  const own = refresh ? auth.refreshUrl ?? auth.tokenUrl : auth.tokenUrl;
  if (own !== undefined) return resolveEndpoint(own, apiBase);
  if (auth.openIdConnectUrl !== undefined) {
    return (await discoverOpenIdConfiguration(resolveEndpoint(auth.openIdConnectUrl, apiBase), fetchImpl)).token_endpoint;
  }
  throw new ConnectorError(`OAuth2 auth ${auth.key} has no token URL`);
}

export function tokenClient(auth: OAuth2Auth, settings: ConnectionSettings): TokenClient {
  return {
    clientId: settingText(settings, auth.clientIdField),
    clientSecret: settingText(settings, auth.clientSecretField),
    method: auth.clientAuth ?? 'body',
  };
}

/** RFC 6749 §4.1.3 (+ RFC 7636 §4.5): trades the code from the redirect for tokens. */
export async function exchangeAuthorizationCode(
  auth: OAuth2Auth,
  settings: ConnectionSettings,
  code: string,
  redirectUri: string,
  codeVerifier?: string,
  fetchImpl: typeof fetch = fetch,
): Promise<Tokens> {
  const url = await tokenEndpoint(auth, settings.baseUrl, fetchImpl);
  const params: Record<string, string> = { grant_type: 'authorization_code', code, redirect_uri: redirectUri };
  if (codeVerifier !== undefined) params.code_verifier = codeVerifier;
  return requestToken(url, params, tokenClient(auth, settings), fetchImpl);
}

/** Client credentials (§4.4), password (§4.3) or refresh (§6) grants, for the HTTP client. */
export function grantParams(auth: OAuth2Auth, settings: ConnectionSettings, refreshToken?: string): Record<string, string> {
  const scope = scopesOf(auth).join(' ');
  if (refreshToken !== undefined) return { grant_type: 'refresh_token', refresh_token: refreshToken };
  if (auth.flow === 'client_credentials') return { grant_type: 'client_credentials', ...(scope ? { scope } : {}) };
  if (auth.flow === 'password') {
    const usernameField = auth.usernameField ?? 'username';
    const passwordField = auth.passwordField ?? 'password';
    const username = settingText(settings, usernameField);
    const password = settingText(settings, passwordField);
    if (username === undefined || password === undefined) {
      throw new ConnectorError(`connection fields ${usernameField} and ${passwordField} are required for the OAuth2 password flow`);
    }
    return { grant_type: 'password', username, password, ...(scope ? { scope } : {}) };
  }
  throw new ConnectorError(`OAuth2 auth ${auth.key} (${auth.flow}) needs an access_token in the connection settings: run the oauth2 command`);
}
