/**
 * Overrides (issue 3, "Explain and override"): from `connector-gen.config.{json,yaml}` and from `x-connector-*`
 * vendor extensions in the spec. A config key we do not know, or an override that matches nothing, is a
 * UserError: a typo in a config file must not pass silently.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { UserError, pointerJoin, type Diagnostic } from '../diagnostics.js';
import type { IrOperation } from '../ir/types.js';
import { yaml } from '../load/yaml.js';

/** Force (`'poll'`, `'webhook'`, or the details) or forbid (`false`) the triggers an operation becomes. */
export type TriggerOverride =
  | false
  | 'poll'
  | 'new'
  | 'new_or_updated'
  | 'webhook'
  | {
      readonly kind: 'poll';
      readonly mode?: 'new' | 'new_or_updated';
      /** Query parameter (spec name) that asks for records changed since a time. */
      readonly since?: string;
      /** Dotted path to the records in the response; `''` when the body is the array. */
      readonly itemsPath?: string;
      readonly idField?: string;
      readonly timeField?: string;
    }
  | {
      readonly kind: 'webhook';
      /** Dotted path of the request-body field that takes the callback URL (`url`, `data.target_url`). */
      readonly urlField: string;
      readonly eventsField?: string;
      /** Dotted path of the created subscription's id in the response (default `id`). */
      readonly idPath?: string;
    };

export interface OperationFilter {
  readonly tags?: readonly string[];
  /** Path globs: `*` matches within one segment, `**` across segments (`/admin/**`). */
  readonly paths?: readonly string[];
  /** operationIds or `METHOD /path`. */
  readonly operations?: readonly string[];
}

export interface OperationOverride {
  /** `true` drops the operation; `false` keeps it even when a filter would drop it. */
  readonly exclude?: boolean;
  readonly key?: string;
  readonly title?: string;
  readonly trigger?: TriggerOverride;
  /** Input fields (field name or spec name; `a.b` for nested, `output.x` for output fields) to leave out. */
  readonly hidden?: readonly string[];
  readonly advanced?: readonly string[];
}

export interface TriggerRename {
  readonly key?: string;
  readonly title?: string;
  readonly exclude?: boolean;
}

export interface PlanOverrides {
  readonly include?: OperationFilter;
  readonly exclude?: OperationFilter;
  /** By operationId or `METHOD /path`. */
  readonly operations?: Readonly<Record<string, OperationOverride>>;
  /** By the trigger key the plan would give (see `connector-gen plan`). */
  readonly triggers?: Readonly<Record<string, TriggerRename>>;
  /** Field names hidden or marked advanced in every operation's input. */
  readonly fields?: { readonly hidden?: readonly string[]; readonly advanced?: readonly string[] };
  /** Where these came from, for messages. */
  readonly source?: string;
}

export const CONFIG_FILE_NAMES = ['connector-gen.config.json', 'connector-gen.config.yaml', 'connector-gen.config.yml'] as const;

/** Reads and validates a config file (JSON or YAML). */
export async function loadOverrides(file: string): Promise<PlanOverrides> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new UserError(`cannot read config ${file}: ${e instanceof Error ? e.message : String(e)}`, [
      { code: 'config-unreadable', severity: 'error', message: `cannot read ${file}`, pointer: '', file },
    ]);
  }
  let value: unknown;
  try {
    value = /\.json$/i.test(file) ? JSON.parse(text) : yaml().parse(text);
  } catch (e) {
    const message = `config ${path.basename(file)} is not valid ${/\.json$/i.test(file) ? 'JSON' : 'YAML'}: ${e instanceof Error ? e.message : String(e)}`;
    throw new UserError(message, [{ code: 'config-invalid', severity: 'error', message, pointer: '', file }]);
  }
  return parseOverrides(value ?? {}, file);
}

/** Validates a config object (as read from JSON/YAML) into PlanOverrides; a wrong key or type is a UserError naming it. */
export function parseOverrides(value: unknown, source = 'config'): PlanOverrides {
  const errors: Diagnostic[] = [];
  const fail = (pointer: string, message: string): void => {
    errors.push({ code: 'config-invalid', severity: 'error', message: `${source}: ${message}`, pointer, ...(source !== 'config' ? { file: source } : {}) });
  };
  const out: Record<string, unknown> = {};
  if (!isRecord(value)) fail('', 'the config must be an object');
  else {
    for (const [key, v] of Object.entries(value)) {
      const at = pointerJoin('', key);
      switch (key) {
        case 'include':
        case 'exclude':
          out[key] = parseFilter(v, at, key, fail);
          break;
        case 'operations':
          if (!isRecord(v)) fail(at, `'operations' must be an object keyed by operationId or "METHOD /path"`);
          else out.operations = Object.fromEntries(Object.entries(v).map(([sel, o]) => [sel, parseOperationOverride(o, pointerJoin(at, sel), `operations["${sel}"]`, fail)]));
          break;
        case 'triggers':
          if (!isRecord(v)) fail(at, `'triggers' must be an object keyed by trigger key`);
          else out.triggers = Object.fromEntries(Object.entries(v).map(([k, t]) => [k, parseTriggerRename(t, pointerJoin(at, k), `triggers.${k}`, fail)]));
          break;
        case 'fields':
          out.fields = parseFieldLists(v, at, 'fields', fail);
          break;
        case '$schema':
          break;
        default:
          fail(at, `unknown key '${key}' (known: include, exclude, operations, triggers, fields)`);
      }
    }
  }
  if (errors.length > 0) throw new UserError(errors.map((e) => e.message).join('\n'), errors);
  return { ...out, source } as PlanOverrides;
}

type Fail = (pointer: string, message: string) => void;

function parseFilter(v: unknown, at: string, name: string, fail: Fail): OperationFilter {
  if (!isRecord(v)) {
    fail(at, `'${name}' must be an object with tags, paths and/or operations`);
    return {};
  }
  const out: Record<string, readonly string[]> = {};
  for (const [key, list] of Object.entries(v)) {
    if (key !== 'tags' && key !== 'paths' && key !== 'operations') fail(pointerJoin(at, key), `unknown key '${name}.${key}' (known: tags, paths, operations)`);
    else out[key] = stringList(list, pointerJoin(at, key), `${name}.${key}`, fail);
  }
  return out;
}

function parseFieldLists(v: unknown, at: string, name: string, fail: Fail): { hidden?: readonly string[]; advanced?: readonly string[] } {
  if (!isRecord(v)) {
    fail(at, `'${name}' must be an object with hidden and/or advanced`);
    return {};
  }
  const out: Record<string, readonly string[]> = {};
  for (const [key, list] of Object.entries(v)) {
    if (key !== 'hidden' && key !== 'advanced') fail(pointerJoin(at, key), `unknown key '${name}.${key}' (known: hidden, advanced)`);
    else out[key] = stringList(list, pointerJoin(at, key), `${name}.${key}`, fail);
  }
  return out;
}

function parseOperationOverride(v: unknown, at: string, name: string, fail: Fail): OperationOverride {
  if (!isRecord(v)) {
    fail(at, `'${name}' must be an object`);
    return {};
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(v)) {
    const here = pointerJoin(at, key);
    switch (key) {
      case 'exclude':
        if (typeof value !== 'boolean') fail(here, `'${name}.exclude' must be true or false`);
        else out.exclude = value;
        break;
      case 'key':
        if (typeof value !== 'string' || !isValidKey(value)) fail(here, `'${name}.key' must match [a-z][a-z0-9_]* (at most 64 characters), got ${JSON.stringify(value)}`);
        else out.key = value;
        break;
      case 'title':
        if (typeof value !== 'string' || value.trim() === '') fail(here, `'${name}.title' must be a non-empty string`);
        else out.title = value;
        break;
      case 'trigger': {
        const t = parseTriggerOverride(value, here, `${name}.trigger`, fail);
        if (t !== undefined) out.trigger = t;
        break;
      }
      case 'hidden':
      case 'advanced':
        out[key] = stringList(value, here, `${name}.${key}`, fail);
        break;
      default:
        fail(here, `unknown key '${name}.${key}' (known: exclude, key, title, trigger, hidden, advanced)`);
    }
  }
  return out;
}

function parseTriggerRename(v: unknown, at: string, name: string, fail: Fail): TriggerRename {
  if (!isRecord(v)) {
    fail(at, `'${name}' must be an object`);
    return {};
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(v)) {
    const here = pointerJoin(at, key);
    if (key === 'key') {
      if (typeof value !== 'string' || !isValidKey(value)) fail(here, `'${name}.key' must match [a-z][a-z0-9_]* (at most 64 characters)`);
      else out.key = value;
    } else if (key === 'title') {
      if (typeof value !== 'string' || value.trim() === '') fail(here, `'${name}.title' must be a non-empty string`);
      else out.title = value;
    } else if (key === 'exclude') {
      if (typeof value !== 'boolean') fail(here, `'${name}.exclude' must be true or false`);
      else out.exclude = value;
    } else fail(here, `unknown key '${name}.${key}' (known: key, title, exclude)`);
  }
  return out;
}

/** Shared by the config file and `x-connector-trigger`. Returns undefined after reporting a bad value. */
export function parseTriggerOverride(value: unknown, at: string, name: string, fail: Fail): TriggerOverride | undefined {
  if (value === false || value === 'poll' || value === 'new' || value === 'new_or_updated' || value === 'webhook') return value;
  if (!isRecord(value)) {
    fail(at, `'${name}' must be false, 'poll', 'new', 'new_or_updated', 'webhook' or an object with kind`);
    return undefined;
  }
  const known = value.kind === 'poll' ? ['kind', 'mode', 'since', 'itemsPath', 'idField', 'timeField'] : value.kind === 'webhook' ? ['kind', 'urlField', 'eventsField', 'idPath'] : undefined;
  if (known === undefined) {
    fail(pointerJoin(at, 'kind'), `'${name}.kind' must be 'poll' or 'webhook'`);
    return undefined;
  }
  let ok = true;
  for (const [key, v] of Object.entries(value)) {
    if (!known.includes(key)) {
      fail(pointerJoin(at, key), `unknown key '${name}.${key}' (known: ${known.join(', ')})`);
      ok = false;
    } else if (key === 'mode' && v !== 'new' && v !== 'new_or_updated') {
      fail(pointerJoin(at, key), `'${name}.mode' must be 'new' or 'new_or_updated'`);
      ok = false;
    } else if (key !== 'kind' && key !== 'mode' && typeof v !== 'string') {
      fail(pointerJoin(at, key), `'${name}.${key}' must be a string`);
      ok = false;
    }
  }
  if (value.kind === 'webhook' && typeof value.urlField !== 'string') {
    fail(pointerJoin(at, 'urlField'), `'${name}.urlField' is required for a webhook trigger`);
    ok = false;
  }
  return ok ? (value as TriggerOverride) : undefined;
}

function stringList(v: unknown, at: string, name: string, fail: Fail): readonly string[] {
  if (!Array.isArray(v) || v.some((s) => typeof s !== 'string' || s === '')) {
    fail(at, `'${name}' must be a list of non-empty strings`);
    return [];
  }
  return v as string[];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function isValidKey(key: string): boolean {
  return /^[a-z][a-z0-9_]*$/.test(key) && key.length <= 64;
}

// --- Matching ---------------------------------------------------------------------------------------------

/** `listPets`, `GET /pets`, `get /pets/{petId}`. */
export function matchesSelector(op: IrOperation, selector: string): boolean {
  const s = selector.trim();
  if (op.operationId !== undefined && op.operationId === s) return true;
  const m = /^([A-Za-z]+)\s+(\S.*)$/.exec(s);
  return m !== null && m[1]!.toLowerCase() === op.method && m[2]!.trim() === op.path;
}

/** `*` within a segment, `**` across segments; everything else literal (`{id}` included). */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      // `/**` at the end also matches the bare prefix (`/admin/**` matches `/admin`).
      if (glob[i + 2] === undefined && re.endsWith('/')) re = re.slice(0, -1) + '(?:/.*)?';
      else re += '.*';
      i++;
    } else if (c === '*') re += '[^/]*';
    else re += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** Operation extensions we understand; any other `x-connector-*` key is reported as a typo. */
export const OPERATION_EXTENSIONS = ['x-connector-exclude', 'x-connector-key', 'x-connector-title', 'x-connector-trigger'] as const;
export const FIELD_EXTENSIONS = ['x-connector-hidden', 'x-connector-advanced'] as const;

/** Reads and checks `x-connector-*` on an operation; throws a UserError pointing into the spec. */
export function operationExtensions(op: IrOperation): OperationOverride {
  const ext = op.extensions ?? {};
  const errors: Diagnostic[] = [];
  const fail: Fail = (pointer, message) => errors.push({ code: 'invalid-extension', severity: 'error', message, pointer });
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(ext)) {
    if (!key.startsWith('x-connector-')) continue;
    const at = pointerJoin(op.pointer, key);
    switch (key) {
      case 'x-connector-exclude':
        if (typeof value !== 'boolean') fail(at, `${op.id}: x-connector-exclude must be true or false`);
        else out.exclude = value;
        break;
      case 'x-connector-key':
        if (typeof value !== 'string' || !isValidKey(value)) fail(at, `${op.id}: x-connector-key must match [a-z][a-z0-9_]* (at most 64 characters)`);
        else out.key = value;
        break;
      case 'x-connector-title':
        if (typeof value !== 'string' || value.trim() === '') fail(at, `${op.id}: x-connector-title must be a non-empty string`);
        else out.title = value;
        break;
      case 'x-connector-trigger': {
        const t = parseTriggerOverride(value, at, `${op.id}: x-connector-trigger`, fail);
        if (t !== undefined) out.trigger = t;
        break;
      }
      default:
        fail(at, `${op.id}: unknown extension ${key} (known on operations: ${OPERATION_EXTENSIONS.join(', ')}; on parameters and properties: ${FIELD_EXTENSIONS.join(', ')})`);
    }
  }
  if (errors.length > 0) throw new UserError(errors.map((e) => e.message).join('\n'), errors);
  return out;
}

/** `x-connector-hidden` / `x-connector-advanced` on a parameter or schema; a wrong value or unknown key is a UserError. */
export function fieldExtensions(ext: Readonly<Record<string, unknown>> | undefined, pointer: string, subject: string): { hidden?: boolean; advanced?: boolean } {
  if (ext === undefined) return {};
  const out: { hidden?: boolean; advanced?: boolean } = {};
  for (const [key, value] of Object.entries(ext)) {
    if (!key.startsWith('x-connector-')) continue;
    const at = pointerJoin(pointer, key);
    if (key === 'x-connector-hidden' || key === 'x-connector-advanced') {
      if (typeof value !== 'boolean') {
        const message = `${subject}: ${key} must be true or false`;
        throw new UserError(message, [{ code: 'invalid-extension', severity: 'error', message, pointer: at }]);
      }
      if (key === 'x-connector-hidden') out.hidden = value;
      else out.advanced = value;
    } else {
      const message = `${subject}: unknown extension ${key} (known on parameters and properties: ${FIELD_EXTENSIONS.join(', ')})`;
      throw new UserError(message, [{ code: 'invalid-extension', severity: 'error', message, pointer: at }]);
    }
  }
  return out;
}
