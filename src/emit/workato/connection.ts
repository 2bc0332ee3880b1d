/**
 * `connection:` — fields, authorization and base_uri — and `test:`.
 * Workato calls `base_uri`, `authorization_url`, `token_url`, `client_id` and `client_secret` as plain lambdas
 * (no DSL, no `call`), so those are written self-contained; `acquire`, `refresh` and `apply` run with the DSL.
 */
import type { Plan, PlanAuth, PlanConnectionField } from '../../plan/types.js';
import { withCommas } from './lines.js';
import { requestCode } from './requests.js';
import { isSafeName, rubyKey, rubyString } from './ruby.js';

export interface ConnectionCode {
  readonly lines: string[];
  /** Settings key that overrides the server URL (declared as a field only when the spec gives no absolute URL). */
  readonly baseUrlKey: string;
  /** Connection settings a user fills in, for settings.yaml.example: name, and whether it is a secret. */
  readonly settings: readonly { readonly name: string; readonly secret: boolean; readonly example: string }[];
}

const ABSOLUTE = /^[a-z][a-z0-9+.-]*:\/\//i;

export function connectionCode(plan: Plan): ConnectionCode {
  const conn = plan.connection;
  const names = new Set(conn.fields.map((f) => f.name));
  const baseUrlKey = names.has('base_url') ? uniqueName('base_url_override', names) : 'base_url';
  const template = conn.baseUrl.template;
  const needsBaseUrl = !ABSOLUTE.test(template) && conn.baseUrl.serverField === undefined;

  const auths = conn.auth;
  const multi = auths.length > 1;
  const selector = multi ? (conn.authSelector ?? 'auth_type') : undefined;

  const topFields: string[][] = [];
  const settings: { name: string; secret: boolean; example: string }[] = [];
  if (selector !== undefined && !conn.fields.some((f) => f.name === selector)) {
    topFields.push([
      fieldHash({
        name: selector,
        label: 'Authentication type',
        type: 'string',
        control_type: 'select',
        optional: false,
        options: auths.map((a) => [a.title, a.key] as const),
        default: auths[0]?.key,
      }, true),
    ]);
    settings.push({ name: selector, secret: false, example: auths[0]?.key ?? '' });
  }
  for (const f of conn.fields) {
    if (multi && f.authType !== undefined) continue;
    topFields.push([fieldHash(f, f.name === selector)]);
    settings.push({ name: f.name, secret: f.control_type === 'password', example: f.default ?? '' });
  }
  if (needsBaseUrl) {
    const example = template && template !== '/' ? `https://api.example.com${template.startsWith('/') ? '' : '/'}${template}` : 'https://api.example.com';
    topFields.push([
      fieldHash({
        name: baseUrlKey,
        label: 'Base URL',
        type: 'string',
        control_type: 'url',
        optional: false,
        hint: `The API's server URL, e.g. ${example}`,
      }, false),
    ]);
    settings.push({ name: baseUrlKey, secret: false, example });
  }

  const lines: string[] = ['connection: {'];
  lines.push('  fields: [', ...indentAll(withCommas(topFields).flat(), 4), '  ],', '');

  const extraSettings: { name: string; secret: boolean; example: string }[] = [];
  if (auths.length === 0) {
    // No security scheme: Workato needs no authorization hash.
  } else if (!multi) {
    const auth = auths[0] as PlanAuth;
    const body = authorizationBody(auth, plan, [], extraSettings);
    lines.push('  authorization: {', ...indentAll(body, 4), '  },', '');
  } else {
    lines.push('  authorization: {', "    type: 'multi',", '');
    lines.push('    selected: lambda do |connection|');
    lines.push(`      connection[${rubyString(selector as string)}] || ${rubyString((auths[0] as PlanAuth).key)}`);
    lines.push('    end,', '');
    lines.push('    options: {');
    const blocks = auths.map((auth) => {
      const own = conn.fields.filter((f) => f.authType === auth.key);
      for (const f of own) settings.push({ name: f.name, secret: f.control_type === 'password', example: f.default ?? '' });
      const body = authorizationBody(auth, plan, own, extraSettings);
      return [`${rubyKey(auth.key)} {`, ...indentAll(body, 2), '}'];
    });
    blocks.forEach((b, i) => {
      lines.push(...indentAll(b, 6).map((l, j) => (j === b.length - 1 && i < blocks.length - 1 ? l + ',' : l)));
      if (i < blocks.length - 1) lines.push('');
    });
    lines.push('    }', '  },', '');
  }
  settings.push(...extraSettings);

  lines.push('  base_uri: lambda do |connection|', ...indentAll(baseUriBody(plan, baseUrlKey), 4), '  end', '},');
  return { lines, baseUrlKey, settings };
}

function uniqueName(base: string, taken: ReadonlySet<string>): string {
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}_${i}`;
  return name;
}

function indentAll(lines: readonly string[], by: number): string[] {
  const pad = ' '.repeat(by);
  return lines.map((l) => (l === '' ? '' : pad + l));
}

function fieldHash(f: PlanConnectionField, extendsSchema: boolean): string {
  const parts = [`name: ${rubyString(f.name)}`, `label: ${rubyString(f.label)}`, `type: ${rubyString(f.type)}`];
  const control = f.control_type ?? (f.options && f.options.length > 0 ? 'select' : undefined);
  if (control) parts.push(`control_type: ${rubyString(control)}`);
  if (f.options && f.options.length > 0) {
    parts.push(`options: [${f.options.map(([label, value]) => `[${rubyString(label)}, ${rubyString(value)}]`).join(', ')}]`);
  }
  parts.push(`optional: ${f.optional ? 'true' : 'false'}`);
  if (extendsSchema) parts.push('extends_schema: true');
  if (f.default !== undefined) parts.push(`default: ${rubyString(f.default)}`);
  if (f.hint !== undefined && f.hint !== '') parts.push(`hint: ${rubyString(f.hint)}`);
  return `{ ${parts.join(', ')} }`;
}

function read(field: string): string {
  return `connection[${rubyString(field)}]`;
}

/** The inside of one authorization hash (type, fields for multi options, the lambdas). */
function authorizationBody(
  auth: PlanAuth,
  plan: Plan,
  ownFields: readonly PlanConnectionField[],
  extraSettings: { name: string; secret: boolean; example: string }[],
): string[] {
  const extraFields: PlanConnectionField[] = [];
  const out: string[] = [];
  const push = (...l: string[]): void => {
    out.push(...l);
  };
  switch (auth.type) {
    case 'api_key': {
      push("type: 'api_key',", '');
      push('apply: lambda do |connection|');
      if (auth.in === 'header') push(`  headers(${rubyString(auth.paramName)} => ${read(auth.field)}.to_s)`);
      else if (auth.in === 'query') push(`  params(${rubyString(auth.paramName)} => ${read(auth.field)}.to_s)`);
      else push(`  headers('Cookie' => ${rubyString(auth.paramName + '=')} + ${read(auth.field)}.to_s)`);
      push('end');
      break;
    }
    case 'basic':
      push("type: 'basic_auth',", '');
      push('apply: lambda do |connection|', `  user(${read(auth.usernameField)})`, `  password(${read(auth.passwordField)})`, 'end');
      break;
    case 'bearer':
      push("type: 'api_key',", '');
      push('apply: lambda do |connection|', `  headers('Authorization' => 'Bearer ' + ${read(auth.tokenField)}.to_s)`, 'end');
      break;
    case 'oauth2':
      out.push(...oauth2Body(auth, plan, extraFields, extraSettings));
      break;
    case 'custom':
      push("type: 'custom_auth',", '');
      push('# This scheme cannot be applied automatically: set the headers or params it needs here.');
      push(`# Scheme: ${rubyKeyComment(auth.key)}`);
      push('apply: lambda do |_connection|', 'end');
      break;
  }
  const fields = [...ownFields, ...extraFields];
  if (fields.length > 0) {
    const list = withCommas(fields.map((f) => [fieldHash(f, false)])).flat();
    return [out[0] as string, '', 'fields: [', ...indentAll(list, 2), '],', ...out.slice(1)];
  }
  return out;
}

/** Scheme keys are names of our plan, but a comment must still be one line. */
function rubyKeyComment(key: string): string {
  return isSafeName(key) ? key : key.replace(/[^A-Za-z0-9_.-]/g, '?');
}

function oauth2Body(
  auth: Extract<PlanAuth, { type: 'oauth2' }>,
  plan: Plan,
  extraFields: PlanConnectionField[],
  extraSettings: { name: string; secret: boolean; example: string }[],
): string[] {
  const out: string[] = [];
  const clientId = read(auth.clientIdField);
  const clientSecret = read(auth.clientSecretField);
  const scope = auth.scopes.join(' ');
  const discovery = auth.openIdConnectUrl;
  const taken = new Set(plan.connection.fields.map((f) => f.name));
  // OpenID Connect without URLs in the spec: the endpoints come from its discovery document, entered once.
  let tokenUrl = auth.tokenUrl !== undefined ? rubyString(auth.tokenUrl) : undefined;
  let authorizationUrl = auth.authorizationUrl !== undefined ? rubyString(withQuery(auth.authorizationUrl, scope)) : undefined;
  if (tokenUrl === undefined && auth.flow !== 'implicit') {
    const name = uniqueName('token_endpoint', taken);
    extraFields.push({ name, label: 'Token URL', type: 'string', control_type: 'url', optional: false, hint: discovery ? `token_endpoint from ${discovery}` : 'The OAuth 2.0 token endpoint' });
    extraSettings.push({ name, secret: false, example: 'https://auth.example.com/token' });
    tokenUrl = read(name);
  }
  if (tokenUrl === undefined) tokenUrl = "''";
  const refreshUrl = auth.refreshUrl !== undefined ? rubyString(auth.refreshUrl) : tokenUrl;
  const tokenForm = (pairs: readonly (readonly [string, string])[]): string[] => [
    `response = post(${tokenUrl})`,
    '  .payload(',
    ...pairs.map(([k, v], i) => `    ${rubyString(k)} => ${v}${i < pairs.length - 1 ? ',' : ''}`),
    '  )',
    '  .request_format_www_form_urlencoded',
  ];
  const scopePair: [string, string][] = scope ? [['scope', rubyString(scope)]] : [];

  if (auth.flow === 'authorization_code' || (auth.flow === 'implicit' && auth.tokenUrl !== undefined)) {
    if (authorizationUrl === undefined) {
      const name = uniqueName('authorization_endpoint', taken);
      extraFields.push({ name, label: 'Authorization URL', type: 'string', control_type: 'url', optional: false, hint: discovery ? `authorization_endpoint from ${discovery}` : 'The OAuth 2.0 authorization endpoint' });
      extraSettings.push({ name, secret: false, example: 'https://auth.example.com/authorize' });
      authorizationUrl = scope ? `${read(name)}.to_s + (${read(name)}.to_s.include?('?') ? '&' : '?') + ${rubyString('response_type=code&scope=' + encodeURIComponent(scope))}` : read(name);
    }
    out.push("type: 'oauth2',", '');
    out.push('client_id: lambda do |connection|', `  ${clientId}`, 'end,', '');
    out.push('client_secret: lambda do |connection|', `  ${clientSecret}`, 'end,', '');
    out.push('authorization_url: lambda do |connection|', `  ${authorizationUrl}`, 'end,', '');
    out.push('token_url: lambda do |connection|', `  ${tokenUrl}`, 'end,', '');
    if (auth.pkce) {
      out.push('pkce: lambda do |_verifier, challenge|', "  { 'code_challenge' => challenge, 'code_challenge_method' => 'S256' }", 'end,', '');
    }
    out.push('acquire: lambda do |connection, auth_code, redirect_uri, verifier|');
    const pairs: [string, string][] = [
      ['grant_type', "'authorization_code'"],
      ['code', 'auth_code'],
      ['redirect_uri', 'redirect_uri'],
      ['client_id', clientId],
      ['client_secret', clientSecret],
    ];
    if (auth.pkce) pairs.push(['code_verifier', 'verifier']);
    out.push(...indentAll(tokenForm(pairs), 2));
    out.push("  [{ 'access_token' => response['access_token'], 'refresh_token' => response['refresh_token'] }, nil, nil]", 'end,', '');
    out.push('refresh_on: [401],', '');
    out.push('refresh: lambda do |connection, refresh_token|');
    out.push(`  response = post(${refreshUrl})`, '    .payload(');
    const refreshPairs: [string, string][] = [
      ['grant_type', "'refresh_token'"],
      ['refresh_token', 'refresh_token'],
      ['client_id', clientId],
      ['client_secret', clientSecret],
    ];
    out.push(...refreshPairs.map(([k, v], i) => `      ${rubyString(k)} => ${v}${i < refreshPairs.length - 1 ? ',' : ''}`));
    out.push('    )', '    .request_format_www_form_urlencoded');
    out.push("  { 'access_token' => response['access_token'], 'refresh_token' => response['refresh_token'] || refresh_token }", 'end,', '');
    out.push('apply: lambda do |_connection, access_token|', "  headers('Authorization' => 'Bearer ' + access_token.to_s)", 'end');
    return out;
  }

  out.push("type: 'custom_auth',", '');
  if (auth.flow === 'implicit') {
    // The implicit flow hands the token to a browser; here the user pastes a token obtained elsewhere.
    const name = uniqueName('access_token', taken);
    extraFields.push({ name, label: 'Access token', type: 'string', control_type: 'password', optional: false, hint: 'A token issued by the implicit OAuth 2.0 flow' });
    extraSettings.push({ name, secret: true, example: '' });
    out.push('apply: lambda do |connection|', `  headers('Authorization' => 'Bearer ' + ${read(name)}.to_s)`, 'end');
    return out;
  }
  const password = auth.flow === 'password';
  const user = auth.usernameField ?? 'username';
  const pass = auth.passwordField ?? 'password';
  const pairs: [string, string][] = [['grant_type', password ? "'password'" : "'client_credentials'"]];
  if (password) pairs.push(['username', read(user)], ['password', read(pass)]);
  pairs.push(['client_id', clientId], ['client_secret', clientSecret], ...scopePair);
  out.push('acquire: lambda do |connection|');
  out.push(...indentAll(tokenForm(pairs), 2));
  out.push("  { 'access_token' => response['access_token'] }", 'end,', '');
  out.push('refresh_on: [401],', '');
  out.push('apply: lambda do |connection|', `  headers('Authorization' => 'Bearer ' + connection['access_token'].to_s)`, 'end');
  return out;
}

function withQuery(url: string, scope: string): string {
  const extra = 'response_type=code' + (scope ? '&scope=' + encodeURIComponent(scope) : '');
  return url + (url.includes('?') ? '&' : '?') + extra;
}

/** base_uri: the override setting, else the (selected) server template with its variables filled; ends with `/`. */
function baseUriBody(plan: Plan, baseUrlKey: string): string[] {
  const { template, variables, serverField } = plan.connection.baseUrl;
  const out = [`url = ${read(baseUrlKey)}.to_s.strip`];
  const hasVariables = /\{[^{}]*\}/.test(template) || serverField !== undefined;
  const inner: string[] = [];
  if (serverField !== undefined) {
    inner.push(`url = ${read(serverField)}.to_s`, `url = ${rubyString(template)} if url.empty?`);
  } else {
    inner.push(`url = ${rubyString(template)}`);
  }
  if (hasVariables) {
    const entries = Object.entries(variables);
    const defaults = entries.flatMap(([name, field]) => {
      const d = plan.connection.fields.find((f) => f.name === field)?.default;
      return d === undefined ? [] : [[name, d] as const];
    });
    inner.push(`values = { ${entries.map(([name, field]) => `${rubyString(name)} => ${read(field)}`).join(', ')} }`);
    inner.push(`defaults = { ${defaults.map(([name, d]) => `${rubyString(name)} => ${rubyString(d)}`).join(', ')} }`);
    inner.push(
      'url = url.gsub(/\\{([^{}]*)\\}/) do',
      '  name = Regexp.last_match(1)',
      '  value = (values[name] || connection[name]).to_s',
      '  value.empty? ? defaults[name].to_s : value',
      'end',
    );
  }
  out.push('if url.empty?', ...indentAll(inner, 2), 'end');
  out.push("url.end_with?('/') ? url : url + '/'");
  return out;
}

/** `test:` — the plan's safe request, or a lambda that only reports success when the plan found none. */
export function testCode(plan: Plan): string[] {
  if (!plan.test) {
    return ['test: lambda do |_connection|', '  # The spec has no safe request to test the connection with; add one here.', '  true', 'end,'];
  }
  const code = requestCode(plan.test.request, { input: 'input', fields: new Map() });
  const needsInput = code.setup.some((l) => l.includes('input['));
  return ['test: lambda do |_connection|', ...(needsInput ? ['  input = {}'] : []), ...indentAll(code.setup, 2), ...indentAll(code.call, 2), 'end,'];
}
