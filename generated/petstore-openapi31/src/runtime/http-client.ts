import { AuthSession, settingSecrets, type TokenListener } from './auth.js';
import { resolveBaseUrl } from './base-url.js';
import { bodyValue, encodeBody, type EncodedBody } from './encode-body.js';
import { ConnectorError, ConnectorHttpError } from './errors.js';
import { paginate } from './pagination.js';
import { SecretSet } from './redact.js';
import { backoffMs, defaultSleep, isIdempotent, RETRY_STATUSES, retryAfterMs } from './retry.js';
import {
  encodeName,
  encodeQueryValue,
  serializeCookieParam,
  serializeHeaderParam,
  serializePathParam,
  serializeQueryParam,
} from './serialize-params.js';
import type {
  BinaryOutput,
  ConnectionDefinition,
  ConnectionSettings,
  Context,
  HttpResponse,
  RequestOverrides,
  RequestSpec,
} from './types.js';

export interface ContextOptions {
  readonly fetch?: typeof fetch;
  /** Per attempt, including reading the body. Default 30000. */
  readonly timeoutMs?: number;
  /** Retries after the first attempt (429/502/503/504 and network errors). Default 3. */
  readonly maxRetries?: number;
  /** Persists tokens the runtime obtained (refreshed authorization-code tokens, client-credentials tokens). */
  readonly onTokens?: TokenListener;
  /** Receives one redacted line per request and per retry; off by default. */
  readonly log?: (line: string) => void;
  /** Longest wait between attempts, whatever `Retry-After` asks. Default 60000. */
  readonly maxRetryWaitMs?: number;
  /** Replaces the timer between retries (tests). */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Replaces the jitter source, a number in [0, 1) (tests). */
  readonly random?: () => number;
}

interface BuiltRequest {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly cookies: string[];
  readonly body: EncodedBody;
}

// OAS 3.1 §4.8.12.1: header parameters with these names are ignored; the runtime sets them.
const RESERVED_HEADERS = new Set(['accept', 'content-type', 'authorization']);

function originOf(url: string): string {
  return new URL(url).origin;
}

/** Method, URL, headers and body of one operation call, before auth. */
export function buildRequest(spec: RequestSpec, input: Readonly<Record<string, unknown>>, baseUrl: string, overrides: RequestOverrides = {}): BuiltRequest {
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  const query: string[] = [];
  const overridden = new Set(Object.keys(overrides.query ?? {}));
  for (const binding of spec.params) {
    const value = input[binding.field];
    if (binding.in === 'query' && !overridden.has(binding.name)) query.push(...serializeQueryParam(binding, value));
    if (binding.in === 'header' && !RESERVED_HEADERS.has(binding.name.toLowerCase())) {
      const text = serializeHeaderParam(binding, value);
      if (text !== undefined) headers[binding.name.toLowerCase()] = text;
    }
    if (binding.in === 'cookie') cookies.push(...serializeCookieParam(binding, value));
  }
  for (const [name, value] of Object.entries(overrides.query ?? {})) query.push(`${encodeName(name)}=${encodeQueryValue(value)}`);

  let url: string;
  if (overrides.url !== undefined) {
    url = overrides.url;
    if (originOf(url) !== originOf(baseUrl)) {
      throw new ConnectorError(`refusing to follow ${url}: it leaves the API's origin ${originOf(baseUrl)}`);
    }
  } else {
    const path = spec.path
      .split(/(\{[^}]+\})/)
      .map((piece) => {
        const template = /^\{([^}]+)\}$/.exec(piece);
        if (template === null) return encodePathLiteral(piece);
        const name = template[1];
        const binding = spec.params.find((p) => p.in === 'path' && p.name === name);
        if (binding === undefined) throw new ConnectorError(`path parameter ${name} of ${spec.path} is not bound to an input field`);
        return serializePathParam(binding, input[binding.field]);
      })
      .join('');
    url = appendQuery(baseUrl + (path.startsWith('/') || path === '' ? path : '/' + path), query);
  }

  const accept = spec.accept?.length ? spec.accept.join(', ') : acceptFor(spec);
  if ((spec.method === 'get' || spec.method === 'head') && spec.body !== undefined && bodyValue(spec.body, input, overrides.body) !== undefined) {
    // RFC 9110 §9.3.1: a GET body has no defined meaning, and fetch refuses to send one.
    throw new ConnectorError(`${spec.method.toUpperCase()} ${spec.path} cannot carry a request body: leave its body fields empty`);
  }
  if (accept !== undefined) headers.accept = accept;
  const body = spec.body ? encodeBody(spec.body, input, overrides.body) : { body: undefined };
  if (body.contentType !== undefined) headers['content-type'] = body.contentType;
  return { url, headers, cookies, body };
}

/**
 * The literal text of a path template, percent-encoded where RFC 3986 §3.3 does not allow it in a path
 * (`#`, spaces, non-ASCII), so it reaches the server as part of the path. `?` is kept: a path that carries
 * its own query string means one. Existing `%XX` escapes are kept.
 */
export function encodePathLiteral(text: string): string {
  return text.replace(/%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9\-._~!$&'()*+,;=:@/%?]/gu, encodeURIComponent);
}

function acceptFor(spec: RequestSpec): string | undefined {
  const { mediaType, kind } = spec.response;
  if (mediaType !== undefined && mediaType !== '') return mediaType;
  return kind === 'json' ? 'application/json' : undefined;
}

function appendQuery(url: string, pieces: readonly string[]): string {
  if (pieces.length === 0) return url;
  return url + (url.includes('?') ? '&' : '?') + pieces.join('&');
}

/** Auth query pieces for a URL that may already carry them (next-page links often echo every parameter). */
function addMissingQuery(url: string, pieces: readonly string[]): string {
  const present = new Set([...new URL(url).searchParams.keys()]);
  return appendQuery(url, pieces.filter((p) => !present.has(decodeURIComponent(p.slice(0, p.indexOf('='))))));
}

function isTextual(contentType: string): boolean {
  return contentType === '' || /^text\/|json|xml|javascript|x-www-form-urlencoded|yaml|csv/.test(contentType);
}

/** JSON (also `+json`), text or binary, by what the spec promised and what the server said; empty → null. */
export function parseBody(bytes: Uint8Array, contentType: string, spec: RequestSpec, status: number): unknown {
  if (status === 204 || status === 205 || status === 304 || spec.method === 'head' || bytes.length === 0) return null;
  const type = contentType.toLowerCase();
  const kind = spec.response.kind;
  const binary = (): BinaryOutput => ({
    contentType: contentType || 'application/octet-stream',
    base64: Buffer.from(bytes).toString('base64'),
    size: bytes.length,
  });
  if (kind === 'binary' || !isTextual(type)) return binary();
  const text = new TextDecoder().decode(bytes);
  // The generated output type of a text response is a string, whatever the server calls it.
  if (kind === 'text') return text;
  if (type.includes('json') || (kind === 'json' && type === '')) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  if (kind === 'json' && /^\s*[[{]/.test(text)) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

function describe(error: unknown, timeoutMs: number): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError' || error.name === 'AbortError') return `timed out after ${timeoutMs} ms`;
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return error.message + cause;
  }
  return String(error);
}

/** Timeouts and connection failures are worth another try; a request fetch refuses to send (bad header) is not. */
function isTransient(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return error.name === 'TimeoutError' || error.name === 'AbortError' || (error.name === 'TypeError' && error.message === 'fetch failed');
}

export function createContext(connection: ConnectionDefinition, settings: ConnectionSettings, options: ContextOptions = {}): Context {
  const fetchImpl = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxRetries = options.maxRetries ?? 3;
  const maxWait = options.maxRetryWaitMs ?? 60_000;
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const secrets = new SecretSet(settingSecrets(connection, settings));
  const log = (line: string): void => options.log?.(secrets.redact(line));
  const baseUrl = (): string => resolveBaseUrl(connection, settings);
  const session = new AuthSession({
    connection,
    settings,
    secrets,
    fetchImpl,
    apiBase: () => {
      try {
        return baseUrl();
      } catch {
        return undefined;
      }
    },
    onTokens: options.onTokens,
  });

  async function requestRaw<T>(spec: RequestSpec, input: Readonly<Record<string, unknown>>, overrides?: RequestOverrides): Promise<HttpResponse<T>> {
    const built = buildRequest(spec, input, baseUrl(), overrides);
    const method = spec.method.toUpperCase();
    const auths = session.select(spec.security);
    const retryable = spec.retry ?? isIdempotent(spec.method);
    let retries = 0;
    let renewed = false;
    for (;;) {
      const applied = await session.apply(auths);
      const url = overrides?.url !== undefined ? addMissingQuery(built.url, applied.query) : appendQuery(built.url, applied.query);
      const headers: Record<string, string> = { ...built.headers, ...applied.headers };
      const cookies = [...built.cookies, ...applied.cookies];
      if (cookies.length > 0) headers.cookie = cookies.join('; ');
      const started = Date.now();
      let response: Response;
      let bytes: Uint8Array;
      try {
        response = await fetchImpl(url, {
          method,
          headers,
          body: built.body.body ?? null,
          signal: AbortSignal.timeout(timeoutMs),
        });
        bytes = new Uint8Array(await response.arrayBuffer());
      } catch (error) {
        const reason = describe(error, timeoutMs);
        if (retryable && retries < maxRetries && isTransient(error)) {
          const wait = Math.min(maxWait, backoffMs(retries, random));
          log(`${method} ${url} failed (${reason}); retry ${retries + 1} of ${maxRetries} in ${wait} ms`);
          retries += 1;
          await sleep(wait);
          continue;
        }
        // No `cause`: the platform's own message may quote the URL with its query (and an api key in it).
        throw new ConnectorError(secrets.redact(`${method} ${url} failed: ${reason}`));
      }
      log(`${method} ${url} → ${response.status} (${Date.now() - started} ms)`);
      if (response.status === 401 && !renewed && session.canRenew(auths)) {
        // One refresh per call: a second 401 means the new token is refused too.
        renewed = true;
        await session.renew(auths);
        log(`${method} ${url}: token renewed after 401, retrying`);
        continue;
      }
      if (RETRY_STATUSES.has(response.status) && retryable && retries < maxRetries) {
        const asked = retryAfterMs(response.headers.get('retry-after'), Date.now());
        const wait = Math.min(maxWait, asked ?? backoffMs(retries, random));
        log(`${method} ${url} → ${response.status}; retry ${retries + 1} of ${maxRetries} in ${wait} ms`);
        retries += 1;
        await sleep(wait);
        continue;
      }
      const contentType = response.headers.get('content-type') ?? '';
      if (!response.ok) {
        throw new ConnectorHttpError({
          status: response.status,
          statusText: response.statusText,
          method,
          url,
          body: isTextual(contentType.toLowerCase()) ? new TextDecoder().decode(bytes) : `(${bytes.length} bytes of ${contentType})`,
          redact: (text) => secrets.redact(text),
        });
      }
      const responseHeaders: Record<string, string> = {};
      response.headers.forEach((value, name) => {
        responseHeaders[name] = value;
      });
      return {
        status: response.status,
        headers: responseHeaders,
        body: parseBody(bytes, contentType, spec, response.status) as T,
        url: response.url || url,
      };
    }
  }

  const context: Context = {
    connection: settings,
    requestRaw,
    async request<T>(spec: RequestSpec, input: Readonly<Record<string, unknown>>): Promise<T> {
      return (await requestRaw<T>(spec, input)).body;
    },
    paginate<T>(spec: RequestSpec, input: Readonly<Record<string, unknown>>, opts?: { readonly maxRecords?: number }): AsyncGenerator<T, void, undefined> {
      return paginate<T>(context, spec, input, opts);
    },
  };
  return context;
}
