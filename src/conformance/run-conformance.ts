/**
 * Conformance of a generated connector against Stoplight Prism: generate the package from a spec, start Prism
 * as a validating mock of the same spec, run every action once with an input that satisfies its input schema,
 * and record whether Prism accepted the request it made (parameters, body and security, as the spec says).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { generate } from '../cli/generate.js';
import { UserError } from '../diagnostics.js';
import { loadConnector } from '../exec/load-connector.js';
import type { ActionDefinition, ConnectionDefinition, ConnectionSettings, Connector, Context, JsonSchema, RequestSpec } from '../runtime/types.js';
import { judgeResponse, type Verdict } from './prism-verdict.js';
import { PrismStartError, startPrism, type StartPrismOptions } from './prism.js';
import { SAMPLE_FILE, synthesize } from './synthesize.js';

export interface Exchange {
  /** `POST /pets?limit=1` */
  readonly request: string;
  readonly verdict: Verdict;
}

export interface ActionResult {
  readonly key: string;
  readonly outcome: 'accepted' | 'rejected';
  /** Rejected: Prism's reason, or why no request went out. */
  readonly reason?: string;
  /** The first request the action made (the one judged first). */
  readonly request?: string;
  /** Accepted with a remark: Prism's own answer broke the spec, the action failed on the mock's answer, … */
  readonly note?: string;
}

export interface SpecResult {
  readonly spec: string;
  /** `skipped`: Prism cannot load the spec, so nothing could be judged. */
  readonly status: 'ran' | 'skipped' | 'failed';
  /** Skipped or failed: why. */
  readonly reason?: string;
  readonly actions: readonly ActionResult[];
  readonly accepted: number;
  readonly total: number;
}

export interface ConformanceOptions {
  /** Fill optional input fields too (default `all`: more of the request is checked). */
  readonly optional?: 'all' | 'none';
  /** Requests one action may make (pages); the rest are refused. Default 3. */
  readonly maxRequests?: number;
  /** Per action. Default 30 s. */
  readonly actionTimeoutMs?: number;
  readonly prism?: StartPrismOptions;
  /** Keep the generated package in this folder instead of a temp folder that is removed. */
  readonly packageDir?: string;
  /** Run this already generated package of the spec instead of generating one (e.g. the committed samples). */
  readonly existingPackage?: string;
  /** Progress lines (spec started, Prism up). */
  readonly log?: (line: string) => void;
}

/** Settings that satisfy every auth of the connection, so Prism's security check passes whichever it wants. */
export function plausibleCredentials(connection: ConnectionDefinition): Record<string, string> {
  const settings: Record<string, string> = {};
  for (const auth of connection.auth) {
    switch (auth.type) {
      case 'api_key':
        settings[auth.field] = 'conformance-api-key';
        break;
      case 'basic':
        settings[auth.usernameField] = 'conformance-user';
        settings[auth.passwordField] = 'conformance-password';
        break;
      case 'bearer':
        settings[auth.tokenField] = 'conformance-bearer-token';
        break;
      case 'oauth2':
        // A token at hand: the runtime never asks a token or discovery endpoint (which would leave loopback).
        settings.access_token = 'conformance-access-token';
        break;
      case 'custom':
        break;
    }
  }
  return settings;
}

const STOP = Symbol('probe');

/** The RequestSpec an action sends, found by running it against a context that stops at the first request. */
export async function probeRequest(action: ActionDefinition<any, any>, settings: ConnectionSettings): Promise<RequestSpec | undefined> {
  let captured: RequestSpec | undefined;
  const capture = (spec: RequestSpec): never => {
    captured = spec;
    throw STOP;
  };
  const probe: Context = {
    connection: settings,
    request: async (spec) => capture(spec),
    requestRaw: async (spec) => capture(spec),
    paginate: async function* (spec) {
      capture(spec);
    },
  };
  try {
    await action.execute(probe, {});
  } catch {
    // STOP, or the action needed input before its request; either way `captured` says what we learned.
  }
  return captured;
}

/** An input for the action: synthesized from its input schema, files where the request sends files. */
export function synthesizeInput(
  action: ActionDefinition<any, any>,
  request: RequestSpec | undefined,
  definitions: Readonly<Record<string, JsonSchema>>,
  optional: 'all' | 'none' = 'all',
): Record<string, unknown> {
  const value = synthesize(action.inputSchema, { definitions, optional });
  const input: Record<string, unknown> = value !== null && typeof value === 'object' && !Array.isArray(value) ? { ...(value as Record<string, unknown>) } : {};
  const body = request?.body;
  if (body?.encoding === 'binary' && body.mode === 'whole' && body.field !== undefined) input[body.field] = { ...SAMPLE_FILE };
  for (const field of body?.fileFields ?? []) {
    const bound = body?.properties?.find((p) => p.name === field || p.field === field)?.field ?? field;
    const schema = (action.inputSchema.properties as Record<string, JsonSchema> | undefined)?.[bound];
    if (input[bound] === undefined && optional === 'none') continue;
    input[bound] = schema?.type === 'array' ? [{ ...SAMPLE_FILE }] : { ...SAMPLE_FILE };
  }
  return input;
}

function requestLine(method: string, url: URL): string {
  return `${method.toUpperCase()} ${url.pathname}${url.search}`;
}

interface Recorder {
  readonly fetch: typeof fetch;
  readonly exchanges: Exchange[];
  readonly blocked: string[];
}

/** A fetch that reaches only the mock server, follows no redirect, stops after `max` requests and judges each answer. */
function recordingFetch(origin: string, max: number): Recorder {
  const exchanges: Exchange[] = [];
  const blocked: string[] = [];
  const recorder = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
    if (url.origin !== origin) {
      blocked.push(requestLine(method, url).replace(/^(\S+) /, `$1 ${url.origin}`));
      throw new Error(`conformance: refused a request to ${url.origin}: only the mock server may be reached`);
    }
    if (exchanges.length >= max) throw new Error(`conformance: more than ${max} requests for one action`);
    const response = await fetch(url, { ...init, redirect: 'manual' });
    const body = await response.clone().text();
    exchanges.push({
      request: requestLine(method, url),
      verdict: judgeResponse({
        status: response.status,
        contentType: response.headers.get('content-type') ?? '',
        violationsHeader: response.headers.get('sl-violations'),
        body,
      }),
    });
    return response;
  };
  return { fetch: recorder as typeof fetch, exchanges, blocked };
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

interface Attempt {
  readonly exchanges: readonly Exchange[];
  readonly blocked: readonly string[];
  readonly failure?: string;
  readonly issues: readonly string[];
}

async function attempt(
  connector: Connector,
  runtime: Awaited<ReturnType<typeof loadConnector>>['runtime'],
  action: ActionDefinition<any, any>,
  input: Record<string, unknown>,
  definitions: Readonly<Record<string, JsonSchema>>,
  settings: ConnectionSettings,
  origin: string,
  options: ConformanceOptions,
): Promise<Attempt> {
  const issues = runtime.validateInput(action.inputSchema, input, definitions).map((i) => i.message);
  const recorder = recordingFetch(origin, options.maxRequests ?? 3);
  const ctx = runtime.createContext(connector.connection, settings, { fetch: recorder.fetch, timeoutMs: 20_000, maxRetries: 0 });
  let failure: string | undefined;
  try {
    await withTimeout(action.execute(ctx, input), options.actionTimeoutMs ?? 30_000);
  } catch (e) {
    failure = message(e);
  }
  return { exchanges: recorder.exchanges, blocked: recorder.blocked, issues, ...(failure !== undefined ? { failure } : {}) };
}

/** Why an attempt failed, or undefined when its first request was accepted. */
function rejection(result: Attempt): string | undefined {
  if (result.blocked.length > 0) return `tried to leave the mock server: ${result.blocked.join(', ')}`;
  const first = result.exchanges[0];
  if (first === undefined) return `no request was sent: ${result.failure ?? 'the action made none'}`;
  return first.verdict.kind === 'rejected' ? `${first.verdict.status}: ${first.verdict.reason}` : undefined;
}

/**
 * Runs one action against the mock and judges its first request: the one its input decides. Later requests
 * (next pages) are built from the mock's placeholder answers, so their verdicts are kept as notes.
 * A rejected action is run again with only its required fields, to tell a bad field from a bad request.
 */
export async function runAction(
  connector: Connector,
  runtime: Awaited<ReturnType<typeof loadConnector>>['runtime'],
  key: string,
  settings: ConnectionSettings,
  origin: string,
  options: ConformanceOptions = {},
): Promise<ActionResult> {
  const action = connector.actions[key];
  const definitions = Object.fromEntries(Object.entries(connector.objectDefinitions).map(([k, d]) => [k, d.schema]));
  const request = await probeRequest(action, settings);
  const optional = options.optional ?? 'all';
  const result = await attempt(connector, runtime, action, synthesizeInput(action, request, definitions, optional), definitions, settings, origin, options);
  const first = result.exchanges[0];
  const notes: string[] = [];
  if (result.issues.length > 0) notes.push(`synthesized input breaks the input schema: ${result.issues.join('; ')}`);
  const reason = rejection(result);
  if (reason !== undefined) {
    let retry = '';
    if (optional === 'all') {
      const minimal = await attempt(connector, runtime, action, synthesizeInput(action, request, definitions, 'none'), definitions, settings, origin, options);
      const again = rejection(minimal);
      retry = again === undefined ? ' [accepted with only the required fields]' : again === reason ? '' : ` [with only the required fields: ${again}]`;
    }
    return { key, outcome: 'rejected', reason: reason + retry, ...(first ? { request: first.request } : {}), ...(notes.length ? { note: notes.join('; ') } : {}) };
  }
  for (const [i, x] of result.exchanges.entries()) {
    if (x.verdict.kind === 'accepted' && x.verdict.note) notes.push(x.verdict.note);
    if (x.verdict.kind === 'rejected') notes.push(`request ${i + 1} (${x.request}), built from the mock's answer, was rejected: ${x.verdict.reason}`);
  }
  if (result.failure !== undefined && !/more than \d+ requests/.test(result.failure)) notes.push(`the action then failed: ${result.failure}`);
  return { key, outcome: 'accepted', ...(first ? { request: first.request } : {}), ...(notes.length ? { note: [...new Set(notes)].join('; ') } : {}) };
}

/** Generates, mocks and runs every action of one spec. Prism is stopped and temp folders removed, whatever happens. */
export async function runConformance(specFile: string, options: ConformanceOptions = {}): Promise<SpecResult> {
  const log = options.log ?? (() => undefined);
  const spec = specFile;
  const temp = options.packageDir === undefined && options.existingPackage === undefined ? await mkdtemp(path.join(os.tmpdir(), 'connector-conformance-')) : undefined;
  const packageDir = options.existingPackage ?? options.packageDir ?? path.join(temp as string, 'package');
  try {
    try {
      if (options.existingPackage === undefined) await generate(specFile, packageDir, { force: true });
    } catch (e) {
      const detail = e instanceof UserError && e.diagnostics.length > 0 ? `: ${e.diagnostics.map((d) => d.message).slice(0, 3).join('; ')}` : '';
      return { spec, status: 'failed', reason: `generation failed: ${message(e)}${detail}`, actions: [], accepted: 0, total: 0 };
    }
    const { connector, runtime } = await loadConnector(packageDir);
    const keys = Object.keys(connector.actions);
    let prism;
    try {
      prism = await startPrism(specFile, options.prism);
    } catch (e) {
      if (!(e instanceof PrismStartError)) throw e;
      const last = e.output.split('\n').filter((l) => /error|Error|✖/.test(l)).slice(-2).join(' | ');
      return { spec, status: 'skipped', reason: `${e.message}${last ? `: ${last}` : ''}`, actions: [], accepted: 0, total: keys.length };
    }
    log(`${spec}: Prism listening on ${prism.url}; running ${keys.length} actions`);
    try {
      const settings: ConnectionSettings = { ...plausibleCredentials(connector.connection), baseUrl: prism.url };
      const actions: ActionResult[] = [];
      for (const key of keys) actions.push(await runAction(connector, runtime, key, settings, prism.url, options));
      const accepted = actions.filter((a) => a.outcome === 'accepted').length;
      return { spec, status: 'ran', actions, accepted, total: actions.length };
    } finally {
      await prism.stop();
    }
  } finally {
    if (temp !== undefined) await rm(temp, { recursive: true, force: true });
  }
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, max - 1) + '…';
}

/** Plain-text report of one spec: the figure, then each rejected action with Prism's reason and its request. */
export function formatSpecResult(result: SpecResult, verbose = false): string {
  const lines: string[] = [];
  if (result.status === 'skipped') lines.push(`${result.spec}: skipped (${result.reason})`);
  else if (result.status === 'failed') lines.push(`${result.spec}: FAILED (${result.reason})`);
  else lines.push(`${result.spec}: ${result.accepted}/${result.total} accepted`);
  for (const a of result.actions) {
    if (a.outcome === 'rejected') {
      lines.push(`  rejected ${a.key}: ${verbose ? a.reason : clip(a.reason ?? '', 400)}`);
      if (a.request) lines.push(`      ${verbose ? a.request : clip(a.request, 160)}`);
    } else if (verbose) {
      lines.push(`  accepted ${a.key} (${a.request})${a.note ? `: ${a.note}` : ''}`);
    }
  }
  return lines.join('\n');
}
