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
        return `n${v}`;
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

/** Where a schema sits in a named one: the way down from it, step by step (built only when needed). */
interface Place {
  readonly up: Place | undefined;
  /** A property name, or `items`, `additionalProperties`, `allOf/0`… */
  readonly step: string;
  readonly property: boolean;
}

function placeOf(root: IrNamedSchema, place: Place | undefined): { pointer: string; name: string } {
  const steps: Place[] = [];
  for (let p = place; p !== undefined; p = p.up) steps.push(p);
  steps.reverse();
  const pointer = root.pointer + steps.map((p) => (p.property ? `/properties/${p.step.replaceAll('~', '~0').replaceAll('/', '~1')}` : `/${p.step}`)).join('');
  const words = steps.filter((p) => p.property || p.step === 'items').map((p) => (p.property ? p.step : 'item'));
  return { pointer, name: [root.name, ...words].join('-') };
}

/** Calls `visit` with each schema directly inside `node`, and where it is. */
function forEachChild(node: IrSchema, place: Place | undefined, visit: (child: IrSchema, place: Place) => void): void {
  if (node.properties !== undefined) for (const p of node.properties) visit(p.schema, { up: place, step: p.name, property: true });
  if (node.items !== undefined) visit(node.items, { up: place, step: 'items', property: false });
  if (typeof node.additionalProperties === 'object') visit(node.additionalProperties, { up: place, step: 'additionalProperties', property: false });
  for (const k of COMBINATORS) node[k]?.forEach((part, i) => visit(part, { up: place, step: `${k}/${i}`, property: false }));
}

interface Occurrence {
  count: number;
  readonly node: IrSchema;
  readonly root: IrNamedSchema;
  readonly place: Place;
}

export function shareRepeatedSchemas(api: IrApi): IrApi {
  const ids = new StructureIds();
  // Property names first: only objects whose names match another's are compared in full.
  const fingerprints = new Map<IrSchema, string>();
  const fingerprintCounts = new Map<string, number>();
  const inline: IrSchema[] = [];
  const countAll = (node: IrSchema): void => {
    if (shareable(node)) {
      const fp = fingerprint(node);
      fingerprints.set(node, fp);
      fingerprintCounts.set(fp, (fingerprintCounts.get(fp) ?? 0) + 1);
      inline.push(node);
    }
    if (node.properties !== undefined) for (const p of node.properties) countAll(p.schema);
    if (node.items !== undefined) countAll(node.items);
    if (typeof node.additionalProperties === 'object') countAll(node.additionalProperties);
    for (const k of COMBINATORS) node[k]?.forEach(countAll);
  };
  for (const s of api.schemas) forEachChild(s.schema, undefined, countAll);
  // Named schemas an inline one may equal, compared in full only when the names match.
  const named = new Map<number, string>();
  const namedByFingerprint = new Map<string, IrNamedSchema[]>();
  for (const s of api.schemas) {
    if (!shareable(s.schema)) continue;
    const fp = fingerprint(s.schema);
    const list = namedByFingerprint.get(fp);
    if (list === undefined) namedByFingerprint.set(fp, [s]);
    else list.push(s);
  }
  const compareNamed = (fp: string): boolean => {
    const list = namedByFingerprint.get(fp);
    if (list === undefined) return false;
    namedByFingerprint.delete(fp);
    for (const s of list) {
      const id = ids.of(s.schema);
      if (!named.has(id)) named.set(id, s.name);
    }
    return true;
  };
  const namedFingerprints = new Set<string>();
  for (const fp of fingerprintCounts.keys()) if (compareNamed(fp)) namedFingerprints.add(fp);
  const candidate = (fp: string): boolean => fingerprintCounts.get(fp)! >= 2 || namedFingerprints.has(fp);
  // How often each structure occurs inside named schemas, nested copies included.
  const total = new Map<number, number>();
  for (const node of inline) {
    if (!candidate(fingerprints.get(node)!)) continue;
    const id = ids.of(node);
    total.set(id, (total.get(id) ?? 0) + 1);
  }

  // How often each one would be written once repeated ones are written once: a copy nested in a repeated
  // object counts once, not once per copy of that object.
  const occurrences = new Map<number, Occurrence>();
  let root = api.schemas[0]!;
  const visit = (node: IrSchema, place: Place): void => {
    if (shareable(node) && candidate(fingerprints.get(node)!)) {
      const id = ids.of(node);
      if (named.has(id)) return;
      if (total.get(id)! >= 2) {
        const seen = occurrences.get(id);
        if (seen !== undefined) {
          seen.count++;
          return;
        }
        occurrences.set(id, { count: 1, node, root, place });
      }
    }
    forEachChild(node, place, visit);
  };
  for (const s of api.schemas) {
    root = s;
    forEachChild(s.schema, undefined, visit);
  }

  const taken = new Set(api.schemas.map((s) => s.name));
  const shared = new Map<number, IrNamedSchema & { copies: number }>();
  for (const [id, o] of occurrences) {
    if (o.count < 2) continue;
    const { pointer, name: base } = placeOf(o.root, o.place);
    let name = base;
    for (let n = 2; taken.has(name); n++) name = `${base}-${n}`;
    taken.add(name);
    shared.set(id, { name, schema: o.node, pointer, copies: o.count });
  }
  if (shared.size === 0 && named.size === 0) return api;

  const sharedFingerprints = new Set<string>();
  for (const d of shared.values()) sharedFingerprints.add(fingerprints.get(d.schema)!);
  const nameOf = (node: IrSchema): string | undefined => {
    if (!shareable(node)) return undefined;
    const fp = fingerprints.get(node) ?? fingerprint(node);
    if (!namedFingerprints.has(fp) && !sharedFingerprints.has(fp) && !(compareNamed(fp) && namedFingerprints.add(fp))) return undefined;
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
    for (const k of COMBINATORS) {
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

  const schemas: IrNamedSchema[] = api.schemas.map((s) => {
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
