import { ConnectorError } from './errors.js';
import { grantParams, requestToken, tokenClient, tokenEndpoint, type OAuth2Auth, type Tokens } from './oauth2.js';
import type { SecretSet } from './redact.js';
import { encodeName, encodeQueryValue, encodeStrict } from './serialize-params.js';
import type { AuthDefinition, ConnectionDefinition, ConnectionSettings } from './types.js';

export interface AppliedAuth {
  readonly headers: Record<string, string>;
  /** Encoded `name=value` query pieces. */
  readonly query: string[];
  /** `name=value` cookie pairs. */
  readonly cookies: string[];
}

export type TokenListener = (tokens: { access_token: string; refresh_token?: string; expires_at?: number }) => void | Promise<void>;

interface TokenState {
  readonly access_token?: string | undefined;
  readonly refresh_token?: string | undefined;
  readonly expires_at?: number | undefined;
}

/** A token this close to its expiry is renewed before use rather than after a 401. */
const EXPIRY_MARGIN_S = 30;

function text(settings: ConnectionSettings, field: string): string | undefined {
  const value = settings[field];
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

/** Field names whose values are secrets even when the connection does not say so. */
const SECRET_NAME = /pass(word)?|secret|token|key|credential|signature|private/i;

/** Every secret in the settings: password fields, auth-bound secret fields, tokens, and secret-looking names. */
export function settingSecrets(connection: ConnectionDefinition, settings: ConnectionSettings): string[] {
  const names = new Set<string>(['access_token', 'refresh_token']);
  // Pick lists (auth selector, server, region) hold choices, not secrets; masking them would garble messages.
  const choices = new Set(connection.fields.filter((f) => f.options !== undefined).map((f) => f.name));
  if (connection.authSelector !== undefined) choices.add(connection.authSelector);
  if (connection.baseUrl.serverField !== undefined) choices.add(connection.baseUrl.serverField);
  for (const field of connection.fields) {
    if (field.control_type === 'password' || (SECRET_NAME.test(field.name) && !choices.has(field.name))) names.add(field.name);
  }
  for (const name of Object.keys(settings)) if (SECRET_NAME.test(name) && !choices.has(name) && name !== 'baseUrl') names.add(name);
  for (const auth of connection.auth) {
    if (auth.type === 'api_key') names.add(auth.field);
    if (auth.type === 'basic') names.add(auth.passwordField);
    if (auth.type === 'bearer') names.add(auth.tokenField);
    if (auth.type === 'oauth2') {
      names.add(auth.clientSecretField);
      names.add(auth.passwordField ?? 'password');
    }
  }
  const out: string[] = [];
  for (const name of names) {
    const value = text(settings, name);
    if (value !== undefined) out.push(value);
  }
  return out;
}

/** Chooses and applies auth for one context; holds the OAuth2 tokens it obtains (never module state). */
export class AuthSession {
  readonly #tokens = new Map<string, Tokens>();
  readonly #pending = new Map<string, Promise<Tokens>>();

  private readonly connection: ConnectionDefinition;
  private readonly settings: ConnectionSettings;
  private readonly secrets: SecretSet;
  private readonly fetchImpl: typeof fetch;
  private readonly apiBase: () => string | undefined;
  private readonly onTokens: TokenListener | undefined;

  constructor(init: {
    connection: ConnectionDefinition;
    settings: ConnectionSettings;
    secrets: SecretSet;
    fetchImpl: typeof fetch;
    apiBase: () => string | undefined;
    onTokens?: TokenListener | undefined;
  }) {
    this.connection = init.connection;
    this.settings = init.settings;
    this.secrets = init.secrets;
    this.fetchImpl = init.fetchImpl;
    this.apiBase = init.apiBase;
    this.onTokens = init.onTokens;
  }

  #selected(): string | undefined {
    const field = this.connection.authSelector;
    if (field === undefined) return undefined;
    const value = text(this.settings, field);
    if (value === undefined) return undefined;
    return this.connection.auth.find((a) => a.key === value || a.title === value)?.key ?? value;
  }

  #configured(auth: AuthDefinition): boolean {
    const selected = this.#selected();
    if (selected !== undefined) return auth.key === selected;
    return this.#hasCredentials(auth);
  }

  /** The settings hold what this auth needs, whatever the selector says. */
  #hasCredentials(auth: AuthDefinition): boolean {
    const s = this.settings;
    switch (auth.type) {
      case 'api_key':
        return text(s, auth.field) !== undefined;
      case 'basic':
        return text(s, auth.usernameField) !== undefined;
      case 'bearer':
        return text(s, auth.tokenField) !== undefined;
      case 'oauth2':
        return (
          text(s, 'access_token') !== undefined ||
          text(s, 'refresh_token') !== undefined ||
          (auth.flow === 'client_credentials' && text(s, auth.clientIdField) !== undefined) ||
          (auth.flow === 'password' && text(s, auth.usernameField ?? 'username') !== undefined)
        );
      case 'custom':
        return false;
    }
  }

  /**
   * The auths to apply. `security` lists alternatives (OAS 3.1 §4.8.30: any one, all of its schemes);
   * `[]` means public. The first alternative whose schemes are all configured wins; an empty alternative
   * (optional auth) comes next; then the configured part of the first partly configured alternative.
   */
  select(security: readonly (readonly string[])[] | undefined): AuthDefinition[] {
    const byKey = new Map(this.connection.auth.map((a) => [a.key, a] as const));
    const selected = this.#selected();
    const alternatives = security ?? (selected !== undefined ? [[selected]] : this.connection.auth.map((a) => [a.key]));
    if (alternatives.length === 0) return [];
    const resolve = (keys: readonly string[]): AuthDefinition[] => keys.flatMap((k) => byKey.get(k) ?? []);
    for (const keys of alternatives) {
      const auths = resolve(keys);
      // An alternative that joins the selected auth with others (key and token together) takes them along
      // when their credentials are there: the selector picks among alternatives, not within one.
      const ready = (a: AuthDefinition): boolean => this.#configured(a) || (selected !== undefined && keys.includes(selected) && this.#hasCredentials(a));
      if (keys.length > 0 && auths.length === keys.length && auths.every(ready)) return auths;
    }
    if (alternatives.some((keys) => keys.length === 0)) return [];
    for (const keys of alternatives) {
      const auths = resolve(keys).filter((a) => this.#configured(a));
      if (auths.length > 0) return auths;
    }
    // Nothing configured: apply the first alternative anyway, so OAuth2 can say what is missing.
    return resolve(alternatives[0] ?? []);
  }

  async apply(auths: readonly AuthDefinition[]): Promise<AppliedAuth> {
    const applied: AppliedAuth = { headers: {}, query: [], cookies: [] };
    for (const auth of auths) {
      switch (auth.type) {
        case 'api_key': {
          const value = text(this.settings, auth.field);
          if (value === undefined) break;
          this.secrets.add(value);
          if (auth.in === 'header') applied.headers[auth.paramName.toLowerCase()] = value;
          else if (auth.in === 'query') applied.query.push(`${encodeName(auth.paramName)}=${encodeQueryValue(value)}`);
          else applied.cookies.push(`${auth.paramName}=${encodeStrict(value)}`);
          break;
        }
        case 'basic': {
          const username = text(this.settings, auth.usernameField) ?? '';
          const password = text(this.settings, auth.passwordField) ?? '';
          const credentials = Buffer.from(`${username}:${password}`, 'utf8').toString('base64');
          this.secrets.add(password);
          this.secrets.add(credentials);
          applied.headers.authorization = `Basic ${credentials}`;
          break;
        }
        case 'bearer': {
          const token = text(this.settings, auth.tokenField);
          if (token === undefined) break;
          this.secrets.add(token);
          applied.headers.authorization = `Bearer ${token}`;
          break;
        }
        case 'oauth2': {
          const tokens = await this.#accessToken(auth);
          applied.headers.authorization = `Bearer ${tokens.access_token}`;
          break;
        }
        case 'custom':
          // Applied by the connector author's own code; nothing here can leak.
          break;
      }
    }
    return applied;
  }

  /** True when a 401 can be answered by renewing a token of these auths. */
  canRenew(auths: readonly AuthDefinition[]): boolean {
    return auths.some((a) => a.type === 'oauth2' && (this.#current(a).refresh_token !== undefined || a.flow === 'client_credentials' || a.flow === 'password'));
  }

  /** After a 401: refresh (or fetch anew) the tokens of the OAuth2 auths among `auths`. */
  async renew(auths: readonly AuthDefinition[]): Promise<void> {
    for (const auth of auths) {
      if (auth.type !== 'oauth2') continue;
      await this.#obtain(auth, this.#current(auth).refresh_token);
    }
  }

  #current(auth: OAuth2Auth): TokenState {
    const cached = this.#tokens.get(auth.key);
    if (cached) return cached;
    const expires = this.settings.expires_at;
    return {
      access_token: text(this.settings, 'access_token'),
      refresh_token: text(this.settings, 'refresh_token'),
      expires_at: typeof expires === 'number' ? expires : undefined,
    };
  }

  async #accessToken(auth: OAuth2Auth): Promise<Tokens> {
    const current = this.#current(auth);
    const now = Math.floor(Date.now() / 1000);
    const expired = current.expires_at !== undefined && current.expires_at <= now + EXPIRY_MARGIN_S;
    if (current.access_token !== undefined && !(expired && (current.refresh_token !== undefined || auth.flow === 'client_credentials' || auth.flow === 'password'))) {
      this.secrets.add(current.access_token);
      return { access_token: current.access_token };
    }
    return this.#obtain(auth, current.refresh_token);
  }

  /** One token request per auth at a time, however many requests wait for it. */
  #obtain(auth: OAuth2Auth, refreshToken: string | undefined): Promise<Tokens> {
    const pending = this.#pending.get(auth.key);
    if (pending) return pending;
    const promise = this.#fetchTokens(auth, refreshToken).finally(() => this.#pending.delete(auth.key));
    this.#pending.set(auth.key, promise);
    return promise;
  }

  async #fetchTokens(auth: OAuth2Auth, refreshToken: string | undefined): Promise<Tokens> {
    if (refreshToken === undefined && auth.flow !== 'client_credentials' && auth.flow !== 'password') {
      throw new ConnectorError(`OAuth2 auth ${auth.key} has no access_token or refresh_token in the connection settings: run the oauth2 command`);
    }
    const url = await tokenEndpoint(auth, this.apiBase(), this.fetchImpl, refreshToken !== undefined);
    const fetched = await requestToken(url, grantParams(auth, this.settings, refreshToken), tokenClient(auth, this.settings), this.fetchImpl, this.secrets.list());
    // RFC 6749 §6: the server may keep the old refresh token.
    const tokens: Tokens = fetched.refresh_token === undefined && refreshToken !== undefined ? { ...fetched, refresh_token: refreshToken } : fetched;
    this.secrets.add(tokens.access_token);
    this.secrets.add(tokens.refresh_token);
    this.#tokens.set(auth.key, tokens);
    if (this.onTokens) {
      await this.onTokens({
        access_token: tokens.access_token,
        ...(tokens.refresh_token !== undefined ? { refresh_token: tokens.refresh_token } : {}),
        ...(tokens.expires_at !== undefined ? { expires_at: tokens.expires_at } : {}),
      });
    }
    return tokens;
  }
}
