/**
 * `connector-gen exec <dir> <target>`: runs `test`, `actions.<key>` or `triggers.<key>` of a generated package
 * against the real API, in the spirit of `workato exec`.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { UserError } from '../diagnostics.js';
import type { ConnectionSettings, Connector, JsonSchema } from '../runtime/types.js';
import { loadConnector } from './load-connector.js';

export interface ExecOptions {
  readonly connection?: string;
  readonly input?: string;
  readonly closure?: string;
  readonly webhookPayload?: string;
  readonly webhookHeaders?: string;
  /** With a webhook trigger: subscribe this URL instead of handling a payload. */
  readonly subscribe?: string;
  /** With a webhook trigger: unsubscribe, the file holding what subscribe returned. */
  readonly unsubscribe?: string;
  readonly timeoutMs?: number;
  readonly verbose?: boolean;
  readonly log?: (line: string) => void;
  readonly fetch?: typeof fetch;
}

/** Reads a JSON or YAML file the user named; a mistake in it is a UserError naming file and line. */
export async function readDataFile(file: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new UserError(`${file}: cannot read the ${what} file`);
  }
  try {
    return /\.json$/i.test(file) ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    const line = (e as { linePos?: { line: number }[] }).linePos?.[0]?.line;
    throw new UserError(`${file}${line ? `:${line}` : ''}: the ${what} file is not valid ${/\.json$/i.test(file) ? 'JSON' : 'YAML'}: ${(e as Error).message.split('\n')[0]}`);
  }
}

function asObject(value: unknown, file: string, what: string): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new UserError(`${file}: the ${what} must be an object`);
  return value as Record<string, unknown>;
}

export async function exec(packageDir: string, target: string, options: ExecOptions = {}): Promise<unknown> {
  const { connector, runtime } = await loadConnector(packageDir);
  const settings = options.connection
    ? (asObject(await readDataFile(options.connection, 'connection'), options.connection, 'connection settings') as ConnectionSettings)
    : ({} as ConnectionSettings);
  const input = options.input ? asObject(await readDataFile(options.input, 'input'), options.input, 'input') : {};

  const connectionFile = options.connection;
  const ctx = runtime.createContext(connector.connection, settings, {
    fetch: options.fetch,
    timeoutMs: options.timeoutMs,
    log: options.verbose ? options.log : undefined,
    // Refreshed OAuth2 tokens are saved back into the settings file, as `workato exec` does.
    onTokens: connectionFile
      ? async (tokens) => {
          const current = asObject(await readDataFile(connectionFile, 'connection'), connectionFile, 'connection settings');
          const next = { ...current, ...tokens };
          const text = /\.json$/i.test(connectionFile) ? JSON.stringify(next, null, 2) + '\n' : (await import('yaml')).stringify(next);
          await writeFile(connectionFile, text);
        }
      : undefined,
  });

  const definitions = objectSchemas(connector);
  const check = (schema: JsonSchema, value: Record<string, unknown>, label: string): void => {
    const issues = runtime.validateInput(schema, value, definitions);
    if (issues.length > 0) {
      throw new UserError(`invalid input for ${label}:\n${issues.map((i) => `  - ${i.message}${i.path ? ` (at ${i.path})` : ''}`).join('\n')}`);
    }
  };

  if (target === 'test') {
    if (!connector.test) throw new UserError(`${packageDir}: this connector has no test request (the spec offers no safe GET without required input)`);
    return runtime.runTest(connector, ctx);
  }
  const [kind, key, ...rest] = target.split('.');
  if (rest.length > 0 || !key || (kind !== 'actions' && kind !== 'triggers')) {
    throw new UserError(`unknown target "${target}": use test, actions.<key> or triggers.<key>`);
  }
  if (kind === 'actions') {
    const action = Object.hasOwn(connector.actions, key) ? connector.actions[key] : undefined;
    if (!action) throw new UserError(`no action "${key}" in ${packageDir}${suggest(key, Object.keys(connector.actions))}`);
    check(action.inputSchema, input, `actions.${key}`);
    return action.execute(ctx, input);
  }
  const trigger = Object.hasOwn(connector.triggers, key) ? connector.triggers[key] : undefined;
  if (!trigger) throw new UserError(`no trigger "${key}" in ${packageDir}${suggest(key, Object.keys(connector.triggers))}`);
  check(trigger.inputSchema, input, `triggers.${key}`);
  if (trigger.kind === 'poll') {
    const closure = options.closure ? await readDataFile(options.closure, 'closure') : undefined;
    return trigger.poll(ctx, input, closure ?? undefined);
  }
  if (options.subscribe) {
    if (!trigger.subscribe) throw new UserError(`triggers.${key} subscribes no URL itself: register the webhook URL with the API by hand`);
    return trigger.subscribe(ctx, options.subscribe, input);
  }
  if (options.unsubscribe) {
    if (!trigger.unsubscribe) throw new UserError(`triggers.${key} has no unsubscribe`);
    await trigger.unsubscribe(ctx, await readDataFile(options.unsubscribe, 'subscription'));
    return null;
  }
  if (!options.webhookPayload) throw new UserError(`triggers.${key} is a webhook trigger: pass --webhook-payload <file> (or --subscribe <url>)`);
  const payload = await readDataFile(options.webhookPayload, 'webhook payload');
  const headers = options.webhookHeaders ? asObject(await readDataFile(options.webhookHeaders, 'webhook headers'), options.webhookHeaders, 'headers') : {};
  return { events: trigger.webhookNotification(input, payload, headers as Record<string, string>) };
}

function objectSchemas(connector: Connector): Record<string, JsonSchema> {
  return Object.fromEntries(Object.entries(connector.objectDefinitions).map(([k, d]) => [k, d.schema]));
}

function suggest(key: string, keys: readonly string[]): string {
  const near = keys.filter((k) => k.includes(key) || key.includes(k)).slice(0, 3);
  return near.length ? ` (did you mean ${near.join(', ')}?)` : keys.length ? ` (there are ${keys.length}; see the package README)` : '';
}
