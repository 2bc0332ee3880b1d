/**
 * Applies PlanOverrides to one API: decides which operations are in, merges config and `x-connector-*`
 * per operation, and remembers which overrides matched, so the ones that matched nothing can be reported.
 */
import { UserError, pointerJoin, type Diagnostic } from '../diagnostics.js';
import type { IrApi, IrOperation } from '../ir/types.js';
import type { Mutable } from './context.js';
import type { FieldRules } from './operation-io.js';
import { globToRegExp, matchesSelector, operationExtensions, type OperationFilter, type OperationOverride, type PlanOverrides } from './overrides.js';
import type { PlanField } from './types.js';

interface Item {
  readonly label: string;
  readonly pointer: string;
  matched: boolean;
}

export class OverrideSet {
  private readonly items: Item[] = [];
  private readonly filterItems = new Map<string, Item>();
  private readonly opItems = new Map<string, { item: Item; override: OperationOverride }>();
  private readonly fieldItems = new Map<string, Item>();
  private readonly extensionCache = new Map<string, OperationOverride>();
  private readonly globs = new Map<string, RegExp>();

  constructor(
    private readonly overrides: PlanOverrides,
    private readonly api: IrApi,
  ) {
    const source = overrides.source ?? 'config';
    for (const kind of ['include', 'exclude'] as const) {
      const f = overrides[kind];
      for (const list of ['tags', 'paths', 'operations'] as const) {
        (f?.[list] ?? []).forEach((value, i) => {
          if (this.filterItems.has(`${kind}.${list}.${value}`)) return;
          const item = this.add(`${source}: ${kind}.${list} '${value}'`, pointerJoin('', kind, list, i));
          this.filterItems.set(`${kind}.${list}.${value}`, item);
          if (list === 'paths') this.globs.set(value, globToRegExp(value));
        });
      }
    }
    for (const [selector, override] of Object.entries(overrides.operations ?? {})) {
      this.opItems.set(selector, { item: this.add(`${source}: operations['${selector}']`, pointerJoin('', 'operations', selector)), override });
    }
    for (const kind of ['hidden', 'advanced'] as const) {
      for (const name of overrides.fields?.[kind] ?? []) if (!this.fieldItems.has(`${kind}:${name}`)) this.fieldItems.set(`${kind}:${name}`, this.add(`${source}: fields.${kind} '${name}'`, pointerJoin('', 'fields', kind)));
    }
    // A filter entry matches when any operation of the API matches it, whatever else decides that operation's fate.
    for (const op of api.operations) {
      for (const kind of ['include', 'exclude'] as const) this.filterMatch(kind, op);
    }
  }

  private add(label: string, pointer: string): Item {
    const item = { label, pointer, matched: false };
    this.items.push(item);
    return item;
  }

  private filterMatch(kind: 'include' | 'exclude', op: IrOperation): string | undefined {
    const f: OperationFilter | undefined = this.overrides[kind];
    if (f === undefined) return undefined;
    let why: string | undefined;
    for (const tag of f.tags ?? []) {
      if (op.tags.includes(tag)) {
        this.filterItems.get(`${kind}.tags.${tag}`)!.matched = true;
        why ??= `tag '${tag}'`;
      }
    }
    for (const glob of f.paths ?? []) {
      if (this.globs.get(glob)!.test(op.path)) {
        this.filterItems.get(`${kind}.paths.${glob}`)!.matched = true;
        why ??= `path '${glob}'`;
      }
    }
    for (const sel of f.operations ?? []) {
      if (matchesSelector(op, sel)) {
        this.filterItems.get(`${kind}.operations.${sel}`)!.matched = true;
        why ??= `operation '${sel}'`;
      }
    }
    return why;
  }

  /** The config override for an operation (any matching selector), marking it matched. */
  private configFor(op: IrOperation): OperationOverride {
    let merged: OperationOverride = {};
    for (const [selector, { item, override }] of this.opItems) {
      if (!matchesSelector(op, selector)) continue;
      item.matched = true;
      merged = { ...merged, ...override };
    }
    return merged;
  }

  extensions(op: IrOperation): OperationOverride {
    let ext = this.extensionCache.get(op.id);
    if (ext === undefined) {
      ext = operationExtensions(op);
      this.extensionCache.set(op.id, ext);
    }
    return ext;
  }

  /** Config wins over `x-connector-*`. */
  forOperation(op: IrOperation): OperationOverride {
    return { ...this.extensions(op), ...this.configFor(op) };
  }

  /** Why an operation is left out, or undefined when it is in. */
  exclusion(op: IrOperation): string | undefined {
    const source = this.overrides.source ?? 'config';
    const config = this.configFor(op);
    if (config.exclude === true) return `excluded by ${source} (operations entry with exclude: true)`;
    if (config.exclude === false) return undefined;
    const ext = this.extensions(op);
    if (ext.exclude === true) return 'excluded by x-connector-exclude: true';
    if (ext.exclude === false) return undefined;
    const excluded = this.filterMatch('exclude', op);
    if (excluded !== undefined) return `excluded by ${source}: exclude ${excluded}`;
    if (this.overrides.include !== undefined && this.filterMatch('include', op) === undefined) {
      return `not matched by ${source}: include (only the operations it names are kept)`;
    }
    return undefined;
  }

  /** Top-level hide/advanced rules for an operation's input fields (config `fields` and `operations[…]`). */
  fieldRules(op: IrOperation, override: OperationOverride): FieldRules & { readonly opItems: Map<string, Item> } {
    const opItems = new Map<string, Item>();
    const source = this.overrides.source ?? 'config';
    for (const kind of ['hidden', 'advanced'] as const) {
      for (const name of override[kind] ?? []) if (!opItems.has(`${kind}:${name}`)) opItems.set(`${kind}:${name}`, this.add(`${source}: ${kind} '${name}' of ${op.id}`, op.pointer));
    }
    const match = (kind: 'hidden' | 'advanced') => (names: readonly string[]): boolean => {
      let hit = false;
      for (const n of names) {
        const g = this.fieldItems.get(`${kind}:${n}`);
        if (g !== undefined) {
          g.matched = true;
          hit = true;
        }
        const o = opItems.get(`${kind}:${n}`);
        if (o !== undefined) {
          o.matched = true;
          hit = true;
        }
      }
      return hit;
    };
    return { hidden: match('hidden'), advanced: match('advanced'), opItems };
  }

  /** Marks an operation's own field overrides as matched (an excluded operation builds no fields to match). */
  markOperationFields(items: Map<string, Item>): void {
    for (const item of items.values()) item.matched = true;
  }

  /** Nested (`a.b`) and output (`output.x`) field overrides, applied to built fields. */
  applyPaths(
    override: OperationOverride,
    items: Map<string, Item>,
    inputs: readonly PlanField[],
    outputs: readonly PlanField[],
  ): { inputs: readonly PlanField[]; outputs: readonly PlanField[] } {
    let ins = inputs;
    let outs = outputs;
    for (const kind of ['hidden', 'advanced'] as const) {
      for (const name of override[kind] ?? []) {
        const item = items.get(`${kind}:${name}`);
        if (name.startsWith('output.')) {
          const r = applyPath(outs, name.slice('output.'.length).split('.'), kind);
          if (r !== undefined) {
            outs = r;
            if (item) item.matched = true;
          }
        } else if (name.includes('.')) {
          const r = applyPath(ins, name.split('.'), kind);
          if (r !== undefined) {
            ins = r;
            if (item) item.matched = true;
          }
        }
      }
    }
    return { inputs: ins, outputs: outs };
  }

  /** Throws a UserError naming every override that matched nothing. */
  checkAllMatched(triggerKeysSeen: ReadonlySet<string>): void {
    const source = this.overrides.source ?? 'config';
    const unmatched: Diagnostic[] = this.items
      .filter((i) => !i.matched)
      .map((i) => ({ code: 'override-unmatched', severity: 'error' as const, message: `${i.label} matches nothing`, pointer: i.pointer, ...(source !== 'config' ? { file: source } : {}) }));
    for (const key of Object.keys(this.overrides.triggers ?? {})) {
      if (!triggerKeysSeen.has(key)) {
        unmatched.push({ code: 'override-unmatched', severity: 'error', message: `${source}: triggers.${key} matches no trigger`, pointer: pointerJoin('', 'triggers', key), ...(source !== 'config' ? { file: source } : {}) });
      }
    }
    if (unmatched.length > 0) throw new UserError(unmatched.map((d) => d.message).join('\n'), unmatched);
  }
}

/** A copy of the fields with the one at `path` (names on the wire below the top level) hidden or made advanced. */
function applyPath(fields: readonly PlanField[], path: readonly string[], kind: 'hidden' | 'advanced'): readonly PlanField[] | undefined {
  const [head, ...rest] = path;
  const index = fields.findIndex((f) => f.name === head || f.wire_name === head);
  if (index < 0) return undefined;
  const f = fields[index]!;
  if (rest.length === 0) {
    if (kind === 'hidden') {
      if (!f.optional) throw new UserError(`cannot hide required field '${path.join('.')}'`, [{ code: 'invalid-override', severity: 'error', message: `cannot hide required field '${path.join('.')}'`, pointer: '' }]);
      return fields.filter((_, i) => i !== index);
    }
    return fields.map((x, i) => (i === index ? { ...x, advanced: true } : x));
  }
  if (f.properties === undefined) return undefined;
  const inner = applyPath(f.properties, rest, kind);
  if (inner === undefined) return undefined;
  const copy: Mutable<PlanField> = { ...f, properties: inner };
  return fields.map((x, i) => (i === index ? copy : x));
}
