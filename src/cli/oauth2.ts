/**
 * `connector-gen oauth2 <dir>`: runs the OAuth2 authorization-code flow (with PKCE) through a loopback redirect
 * (RFC 8252 §7.3) and writes the tokens into the connection settings file.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { writeFile } from 'node:fs/promises';
import { stringify as toYaml } from 'yaml';
import { UserError } from '../diagnostics.js';
import { loadConnector } from '../exec/load-connector.js';
import { readDataFile } from '../exec/run.js';
import type { AuthDefinition, ConnectionSettings } from '../runtime/types.js';

export interface OAuth2Options {
  readonly connection: string;
  readonly port: number;
  readonly auth?: string;
  readonly timeoutMs: number;
  readonly print: (line: string) => void;
}

export async function runOAuth2(packageDir: string, options: OAuth2Options): Promise<void> {
  const { connector, runtime } = await loadConnector(packageDir);
  const settings = ((await readDataFile(options.connection, 'connection')) ?? {}) as ConnectionSettings;
  const candidates = connector.connection.auth.filter(
    (a): a is Extract<AuthDefinition, { type: 'oauth2' }> => a.type === 'oauth2' && a.flow === 'authorization_code',
  );
  const auth = options.auth ? candidates.find((a) => a.key === options.auth) : candidates[0];
  if (!auth) {
    throw new UserError(
      options.auth
        ? `${packageDir}: no OAuth2 authorization-code auth named "${options.auth}" (have: ${candidates.map((a) => a.key).join(', ') || 'none'})`
        : `${packageDir}: this connector has no OAuth2 authorization-code auth`,
    );
  }
  const redirectUri = `http://127.0.0.1:${options.port}/oauth/callback`;
  const state = randomBytes(16).toString('hex');
  const pkce = auth.pkce ? runtime.createPkcePair() : undefined;
  // OpenID Connect: the endpoints come from the discovery document (OIDC Discovery 1.0 §4).
  const endpoints = auth.openIdConnectUrl ? await runtime.discoverOpenIdConfiguration(auth.openIdConnectUrl) : undefined;
  const resolved = endpoints
    ? { ...auth, authorizationUrl: auth.authorizationUrl ?? endpoints.authorization_endpoint, tokenUrl: auth.tokenUrl ?? endpoints.token_endpoint }
    : auth;
  const url = runtime.buildAuthorizationUrl(resolved, settings, redirectUri, state, pkce?.verifier);

  const code = await new Promise<string>((resolve, reject) => {
    const server = createServer((req, res) => {
      const got = new URL(req.url ?? '/', redirectUri);
      if (got.pathname !== '/oauth/callback') {
        res.writeHead(404).end();
        return;
      }
      const error = got.searchParams.get('error');
      const value = got.searchParams.get('code');
      const ok = !error && value && got.searchParams.get('state') === state;
      res.writeHead(ok ? 200 : 400, { 'content-type': 'text/plain' }).end(ok ? 'Authorized. You can close this window.' : 'Authorization failed.');
      clearTimeout(timer);
      server.close();
      if (ok) resolve(value);
      else reject(new UserError(error ? `authorization refused: ${error}` : 'authorization answer had a wrong state or no code'));
    });
    const timer = setTimeout(() => {
      server.close();
      reject(new UserError(`no authorization answer within ${Math.round(options.timeoutMs / 1000)} s`));
    }, options.timeoutMs);
    server.once('error', (e) => reject(new UserError(`cannot listen on ${redirectUri}: ${e.message}`)));
    server.listen(options.port, '127.0.0.1', () => {
      options.print(`Open this URL in a browser and authorize (redirect URI: ${redirectUri}):\n${url}`);
    });
  });
  const tokens = await runtime.exchangeAuthorizationCode(resolved, settings, code, redirectUri, pkce?.verifier);
  const next = { ...settings, ...tokens };
  await writeFile(options.connection, /\.json$/i.test(options.connection) ? JSON.stringify(next, null, 2) + '\n' : toYaml(next));
  options.print(`Tokens saved to ${options.connection}.`);
}
