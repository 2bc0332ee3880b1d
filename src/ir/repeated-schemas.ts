/**
 * Inline object schemas that a spec repeats word for word become named schemas, defined once and referred to
 * wherever they appear, as if the author had written a `$ref` (OpenAPI Generator's inline model resolver does
 * the same for its models).
 *
 * GitHub's webhook payloads repeat the same user, repository and pull request objects inline: 1.8 of the
 * 3.6 MB of its named schemas are copies, and each copy was written out again as fields, JSON Schema and types.
 *
 * Only exact copies are shared (every keyword, description and example equal, properties in the same order), so
 * what a field, a type or a schema says does not change, only where it is written.
 */
import { child } from './ir-context.js';
import type { IrApi, IrMediaType, IrNamedSchema, IrOperation, IrProperty, IrSchema } from './types.js';

/** An inline object with fewer properties than this stays inline, however often it is repeated. */
export const MIN_SHARED_PROPERTIES = 2;

const COMBINATORS = ['allOf', 'anyOf', 'oneOf'] as const;

/** Structural ids: equal ids mean equal schemas (same keywords in the same order, same values). */
class StructureIds {
  private readonly bySignature = new Map<string, number>();
  private readonly byNode = new Map<IrSchema, number>();
  /** Keyword values by content: a schema's signature is then a short list of numbers. */
  private readonly values = new Map<string, number>();

  private value(v: unknown): string {
    switch (typeof v) {
      case 'string': {
        let id = this.values.get(v);
        if (id === undefined) {
          id = this.values.size;
          this.values.set(v, id);
        }
        return `s${id}`;
      }
      case 'number':
        return Object.is(v, -0) ? 'n-0' : `n${v}`;
      case 'boolean':
        return v ? 'T' : 'F';
      default:
        return `j${this.value(JSON.stringify(v))}`;
    }
  }

  of(node: IrSchema): number {
    const known = this.byNode.get(node);
    if (known !== undefined) return known;
    let sig = '';
    for (const key in node) {
      const value = (node as Record<string, unknown>)[key];
      if (value === undefined) continue;
      if (key === 'properties') {
        sig += ' P';
        for (const p of value as readonly IrProperty[]) sig += `${this.value(p.name)}${p.required ? '!' : '?'}${this.of(p.schema)},`;
      } else if (key === 'items' || (key === 'additionalProperties' && typeof value === 'object')) {
        sig += ` ${key}#${this.of(value as IrSchema)}`;
      } else if (key === 'allOf' || key === 'anyOf' || key === 'oneOf') {
        sig += ` ${key}[`;
        for (const part of value as readonly IrSchema[]) sig += `${this.of(part)},`;
      } else {
        sig += ` ${key}=${this.value(value)}`;
      }
    }
    let id = this.bySignature.get(sig);
    if (id === undefined) {
      id = this.bySignature.size;
      this.bySignature.set(sig, id);
    }
    this.byNode.set(node, id);
    return id;
  }
}

/** What equal schemas surely share: their property names. */
function fingerprint(node: IrSchema): string {
  let fp = '';
  for (const p of node.properties!) fp += `${p.name}\u0000`;
  return fp;
}

function shareable(node: IrSchema): boolean {
  return node.ref === undefined && node.properties !== undefined && node.properties.length >= MIN_SHARED_PROPERTIES;
}

/** A schema with nothing inside it. */
function isLeaf(node: IrSchema): boolean {
  return (
    node.properties === undefined &&
    node.items === undefined &&
    typeof node.additionalProperties !== 'object' &&
    node.allOf === undefined &&
    node.anyOf === undefined &&
    node.oneOf === undefined
  );
}

const PROPERTY = 0;
const ITEMS = 1;
const ADDITIONAL = 2;
/** `allOf/0`: two steps, the keyword then the index. */
const COMBINATOR = 3;

/** An inline object inside a named schema, listed in the order of a walk down the named schemas. */
interface Entry {
  readonly node: IrSchema;
  readonly fingerprint: string;
  readonly root: IrNamedSchema;
  /** The way down from the root: a kind (PROPERTY, ITEMS…) and a name or index per step. */
  readonly kinds: readonly number[];
  readonly steps: readonly (string | number)[];
  /** Index of the first entry that is not inside this object. */
  end: number;
}

/** The entry's JSON pointer, and a name made from its root's name and the properties on the way. */
function placeOf(e: Entry): { pointer: string; name: string } {
  let pointer = e.root.pointer;
  const words = [e.root.name];
  for (let i = 0; i < e.kinds.length; i++) {
    const step = e.steps[i]!;
    switch (e.kinds[i]) {
      case PROPERTY:
        pointer = child(pointer, 'properties', step);
        words.push(String(step));
        break;
      case ITEMS:
        pointer = child(pointer, 'items');
        words.push('item');
        break;
      case ADDITIONAL:
        pointer = child(pointer, 'additionalProperties');
        break;
      default:
        pointer = child(pointer, step);
    }
  }
  return { pointer, name: words.join('-') };
}

/** The shareable objects inside the named schemas (not the named schemas themselves), in walk order. */
function listInlineObjects(api: IrApi): Entry[] {
  const entries: Entry[] = [];
  const kinds: number[] = [];
  const steps: (string | number)[] = [];
  let root: IrNamedSchema;
  const down = (node: IrSchema, kind: number, step: string | number): void => {
    if (isLeaf(node)) return;
    kinds.push(kind);
    steps.push(step);
    let entry: Entry | undefined;
    if (shareable(node)) {
      entry = { node, fingerprint: fingerprint(node), root, kinds: kinds.slice(), steps: steps.slice(), end: 0 };
      entries.push(entry);
    }
    children(node);
    if (entry !== undefined) entry.end = entries.length;
    kinds.pop();
    steps.pop();
  };
  const children = (node: IrSchema): void => {
    if (node.properties !== undefined) for (const p of node.properties) down(p.schema, PROPERTY, p.name);
    if (node.items !== undefined) down(node.items, ITEMS, 'items');
    if (typeof node.additionalProperties === 'object') down(node.additionalProperties, ADDITIONAL, 'additionalProperties');
    for (let c = 0; c < COMBINATORS.length; c++) {
      const k = COMBINATORS[c]!;
      const parts = node[k];
      if (parts === undefined) continue;
      for (let i = 0; i < parts.length; i++) {
        kinds.push(COMBINATOR);
        steps.push(k);
        down(parts[i]!, COMBINATOR, i);
        kinds.pop();
        steps.pop();
      }
    }
  };
  for (const s of api.schemas) {
    root = s;
    children(s.schema);
  }
  return entries;
}

/**
 * The API with repeated inline objects inside named schemas made named schemas of their own, and every inline
 * schema (in named schemas and operations alike) that equals a named one replaced by a ref to it. Returns `api`
 * itself when nothing repeats.
 */
export function shareRepeatedSchemas(api: IrApi): IrApi {
  const ids = new StructureIds();
  const entries = listInlineObjects(api);
  // Property names first: only objects whose names match another's are compared in full.
  const fingerprintCounts = new Map<string, number>();
  for (const e of entries) fingerprintCounts.set(e.fingerprint, (fingerprintCounts.get(e.fingerprint) ?? 0) + 1);
  // Named schemas an inline one may equal, also compared in full only when the names match.
  const named = new Map<number, string>();
  const namedByFingerprint = new Map<string, IrNamedSchema[]>();
  for (const s of api.schemas) {
    if (!shareable(s.schema)) continue;
    const fp = fingerprint(s.schema);
    const list = namedByFingerprint.get(fp);
    if (list === undefined) namedByFingerprint.set(fp, [s]);
    else list.push(s);
  }
  const namedFingerprints = new Set<string>();
  const compareNamed = (fp: string): boolean => {
    if (namedFingerprints.has(fp)) return true;
    const list = namedByFingerprint.get(fp);
    if (list === undefined) return false;
    namedFingerprints.add(fp);
    for (const s of list) {
      const id = ids.of(s.schema);
      if (!named.has(id)) named.set(id, s.name);
    }
    return true;
  };
  const candidate = (fp: string): boolean => compareNamed(fp) || fingerprintCounts.get(fp)! >= 2;
  // How often each structure occurs inside named schemas, nested copies included.
  const total = new Map<number, number>();
  for (const e of entries) {
    if (!candidate(e.fingerprint)) continue;
    const id = ids.of(e.node);
    total.set(id, (total.get(id) ?? 0) + 1);
  }

  // How often each one would be written once repeated ones are written once: a copy nested in a repeated
  // object counts once, not once per copy of that object (the entries inside a repeat are skipped).
  const occurrences = new Map<number, { count: number; readonly entry: Entry }>();
  for (let i = 0; i < entries.length; ) {
    const e = entries[i]!;
    if (candidate(e.fingerprint)) {
      const id = ids.of(e.node);
      const seen = occurrences.get(id);
      if (named.has(id) || seen !== undefined) {
        if (seen !== undefined) seen.count++;
        i = e.end;
        continue;
      }
      if (total.get(id)! >= 2) occurrences.set(id, { count: 1, entry: e });
    }
    i++;
  }

  const taken = new Set(api.schemas.map((s) => s.name));
  const shared = new Map<number, IrNamedSchema & { copies: number }>();
  for (const [id, o] of occurrences) {
    if (o.count < 2) continue;
    const { pointer, name: base } = placeOf(o.entry);
    let name = base;
    for (let n = 2; taken.has(name); n++) name = `${base}-${n}`;
    taken.add(name);
    shared.set(id, { name, schema: o.entry.node, pointer, copies: o.count });
  }

  const sharedFingerprints = new Set<string>();
  for (const d of shared.values()) sharedFingerprints.add(fingerprint(d.schema));
  const nameOf = (node: IrSchema): string | undefined => {
    if (!shareable(node)) return undefined;
    const fp = fingerprint(node);
    if (!sharedFingerprints.has(fp) && !compareNamed(fp)) return undefined;
    const id = ids.of(node);
    return named.get(id) ?? shared.get(id)?.name;
  };
  let changed = false;
  const rewrite = (node: IrSchema, top: boolean): IrSchema => {
    if (!top) {
      const name = nameOf(node);
      if (name !== undefined) {
        changed = true;
        return { ref: name };
      }
    }
    let out: Record<string, unknown> | undefined;
    const set = (key: string, value: unknown): void => {
      out ??= { ...node };
      out[key] = value;
    };
    if (node.properties !== undefined) {
      let props: IrProperty[] | undefined;
      node.properties.forEach((p, i) => {
        const schema = rewrite(p.schema, false);
        if (schema !== p.schema) (props ??= [...node.properties!])[i] = { ...p, schema };
      });
      if (props !== undefined) set('properties', props);
    }
    if (node.items !== undefined) {
      const items = rewrite(node.items, false);
      if (items !== node.items) set('items', items);
    }
    if (typeof node.additionalProperties === 'object') {
      const extra = rewrite(node.additionalProperties, false);
      if (extra !== node.additionalProperties) set('additionalProperties', extra);
    }
    for (let c = 0; c < COMBINATORS.length; c++) {
      const k = COMBINATORS[c]!;
      const parts = node[k];
      if (parts === undefined) continue;
      let next: IrSchema[] | undefined;
      parts.forEach((part, i) => {
        const r = rewrite(part, false);
        if (r !== part) (next ??= [...parts])[i] = r;
      });
      if (next !== undefined) set(k, next);
    }
    return (out as IrSchema | undefined) ?? node;
  };

  // Only named schemas with an inline object to replace need a walk.
  const touched = new Set<IrNamedSchema>();
  for (const e of entries) {
    if (touched.has(e.root) || !candidate(e.fingerprint)) continue;
    const id = ids.of(e.node);
    if (named.has(id) || shared.has(id)) touched.add(e.root);
  }
  const schemas: IrNamedSchema[] = api.schemas.map((s) => {
    if (!touched.has(s)) return s;
    const schema = rewrite(s.schema, true);
    return schema === s.schema ? s : { ...s, schema };
  });
  for (const s of shared.values()) schemas.push({ ...s, schema: rewrite(s.schema, true) });
  const operations = api.operations.map((op) => rewriteOperation(op, rewrite));
  const webhooks = api.webhooks.map((w) => {
    const ops = w.operations.map((op) => rewriteOperation(op, rewrite));
    return ops.every((op, i) => op === w.operations[i]) ? w : { ...w, operations: ops };
  });
  if (!changed && shared.size === 0) return api;
  return { ...api, schemas, operations, webhooks };
}

function rewriteOperation(op: IrOperation, rewrite: (node: IrSchema, top: boolean) => IrSchema): IrOperation {
  let changed = false;
  const schemaOf = (s: IrSchema): IrSchema => {
    const r = rewrite(s, false);
    if (r !== s) changed = true;
    return r;
  };
  const media = (list: readonly IrMediaType[]): readonly IrMediaType[] => {
    let out: IrMediaType[] | undefined;
    list.forEach((m, i) => {
      if (m.schema === undefined) return;
      const schema = schemaOf(m.schema);
      if (schema !== m.schema) (out ??= [...list])[i] = { ...m, schema };
    });
    return out ?? list;
  };
  const parameters = op.parameters.map((p) => {
    const schema = schemaOf(p.schema);
    return schema === p.schema ? p : { ...p, schema };
  });
  const requestBody = op.requestBody === undefined ? undefined : { ...op.requestBody, content: media(op.requestBody.content) };
  const responses = op.responses.map((r) => {
    const content = media(r.content);
    const headers = r.headers.map((h) => {
      const schema = schemaOf(h.schema);
      return schema === h.schema ? h : { ...h, schema };
    });
    return content === r.content && headers.every((h, i) => h === r.headers[i]) ? r : { ...r, content, headers };
  });
  const callbacks = op.callbacks.map((c) => {
    const ops = c.operations.map((o) => rewriteOperation(o, rewrite));
    return ops.every((o, i) => o === c.operations[i]) ? c : { ...c, operations: ops };
  });
  if (!changed && callbacks.every((c, i) => c === op.callbacks[i])) return op;
  return { ...op, parameters, ...(requestBody !== undefined ? { requestBody } : {}), responses, callbacks };
}
