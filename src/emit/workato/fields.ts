/**
 * Plan fields as Workato schema fields (SDK reference, "Schema": name, label, type, control_type, optional, hint,
 * pick_list, pick_list_params, properties, of, sticky, default, toggle_hint/toggle_field, convert_input).
 *
 * Object definitions are referenced as `object_definitions['key']` only where that cannot loop: from actions and
 * triggers always (no definition's lambda loops), and from inside a definition only when the
 * reference is kept by `definitionGraph` (no cycle, bounded size). Any other is inlined, cut at `MAX_INLINE_DEPTH`.
 */
import type { PlanField, PlanObjectDefinition } from '../../plan/types.js';
import { rubyKey, rubyString, rubyValue } from './ruby.js';

export const MAX_INLINE_DEPTH = 1;
/** Most fields a definition may expand to through its references (Workato builds the whole tree). */
export const EXPANDED_FIELDS_BUDGET = 1000;
/** Largest definition an inlined (cut) reference may still refer to. */
export const INLINE_REFERENCE_LIMIT = 50;

export interface FieldScope {
  readonly definitions: ReadonlyMap<string, PlanObjectDefinition>;
  /** Keys that may be referenced from this lambda. */
  readonly mayReference: (key: string) => boolean;
  /** Keys that may be referenced from inside a definition inlined because its reference was cut. */
  readonly inlineMayReference?: (key: string) => boolean;
  /** Input fields get toggles and input conversions; output fields do not. */
  readonly input: boolean;
  /** Set to true when the emitted code reads the `object_definitions` argument. */
  readsDefinitions: boolean;
}

export interface DefinitionGraph {
  /** Definitions that reach no cycle. */
  readonly acyclic: ReadonlySet<string>;
  /** `from → to` references kept as `object_definitions['to']` inside `from`'s lambda. */
  readonly kept: ReadonlyMap<string, ReadonlySet<string>>;
  /** How many fields each definition expands to, through its kept references. */
  readonly expanded: ReadonlyMap<string, number>;
}

/**
 * Which references between definitions may stay references. A depth-first walk in plan order keeps every edge
 * except back edges (those closing a cycle); what remains is acyclic, so resolving any definition's lambda ends.
 * Workato expands every reference when it builds a schema, and shared definitions multiply (large APIs reach
 * millions of fields), so a definition that would expand past `EXPANDED_FIELDS_BUDGET` loses its largest
 * references first. A dropped reference is inlined one level (`MAX_INLINE_DEPTH`) instead.
 */
export function definitionGraph(definitions: readonly PlanObjectDefinition[]): DefinitionGraph {
  const byKey = new Map(definitions.map((d) => [d.key, d]));
  const order = new Map(definitions.map((d, i) => [d.key, i]));
  const occurrences = new Map(definitions.map((d) => [d.key, referencedKeys(d.fields).filter((k) => byKey.has(k))]));
  const kept = new Map<string, Set<string>>(definitions.map((d) => [d.key, new Set<string>()]));
  const state = new Map<string, 'open' | 'done'>();
  const walk = (key: string): void => {
    state.set(key, 'open');
    for (const next of new Set(occurrences.get(key) ?? [])) {
      if (state.get(next) === 'open') continue; // back edge: cut
      kept.get(key)?.add(next);
      if (!state.has(next)) walk(next);
    }
    state.set(key, 'done');
  };
  for (const d of definitions) if (!state.has(d.key)) walk(d.key);

  const own = new Map(definitions.map((d) => [d.key, countFields(d.fields)]));
  const expanded = new Map<string, number>();
  const size = (key: string): number => {
    const known = expanded.get(key);
    if (known !== undefined) return known;
    const refs = kept.get(key) ?? new Set<string>();
    const counts = new Map<string, number>();
    for (const r of occurrences.get(key) ?? []) counts.set(r, (counts.get(r) ?? 0) + 1);
    const contribution = (r: string): number => (counts.get(r) ?? 0) * (refs.has(r) ? size(r) : (own.get(r) ?? 0));
    let total = (own.get(key) ?? 0) + [...counts.keys()].reduce((sum, r) => sum + contribution(r), 0);
    // Over budget: drop the references that weigh most (plan order breaks ties) until it fits.
    const heaviest = [...refs].sort((a, b) => contribution(b) - contribution(a) || (order.get(a) ?? 0) - (order.get(b) ?? 0));
    for (const r of heaviest) {
      if (total <= EXPANDED_FIELDS_BUDGET) break;
      const before = contribution(r);
      refs.delete(r);
      total += contribution(r) - before;
    }
    expanded.set(key, total);
    return total;
  };
  for (const d of definitions) size(d.key);

  const safe = new Map<string, 'visiting' | boolean>();
  const visit = (key: string): boolean => {
    const known = safe.get(key);
    if (known === 'visiting') return false;
    if (known !== undefined) return known;
    safe.set(key, 'visiting');
    let ok = true;
    for (const ref of new Set(occurrences.get(key) ?? [])) if (!visit(ref)) ok = false;
    safe.set(key, ok);
    return ok;
  };
  const acyclic = new Set(definitions.filter((d) => visit(d.key)).map((d) => d.key));
  return { acyclic, kept, expanded };
}

/** What an inlined (cut) reference may still refer to: small definitions whose lambdas reach no cycle. */
export function inlineReferable(graph: DefinitionGraph): (key: string) => boolean {
  return (key) => graph.acyclic.has(key) && (graph.expanded.get(key) ?? Infinity) <= INLINE_REFERENCE_LIMIT;
}

function countFields(fields: readonly PlanField[]): number {
  return fields.reduce((n, f) => n + 1 + (f.properties ? countFields(f.properties) : 0), 0);
}

function referencedKeys(fields: readonly PlanField[]): string[] {
  const out: string[] = [];
  const walk = (list: readonly PlanField[]): void => {
    for (const f of list) {
      if (f.object_definition !== undefined) out.push(f.object_definition);
      if (f.properties) walk(f.properties);
    }
  };
  walk(fields);
  return out;
}

/** `[ field, field ]` as lines (the first line opens the array, the last closes it). */
export function fieldsArray(fields: readonly PlanField[], scope: FieldScope, inlineDepth = 0): string[] {
  if (fields.length === 0) return ['[]'];
  const items = fields.map((f) => fieldLines(f, scope, inlineDepth));
  const out = ['['];
  items.forEach((lines, i) => {
    const last = i === items.length - 1;
    lines.forEach((l, j) => out.push('  ' + l + (!last && j === lines.length - 1 ? ',' : '')));
  });
  out.push(']');
  return out;
}

const CONVERT_INPUT: Partial<Record<PlanField['type'], string>> = {
  integer: 'integer_conversion',
  number: 'float_conversion',
  boolean: 'boolean_conversion',
};

function fieldLines(f: PlanField, scope: FieldScope, inlineDepth: number): string[] {
  const head: string[] = [`name: ${rubyString(f.name)}`, `label: ${rubyString(f.label)}`, `type: ${rubyString(f.type)}`];
  const definition = f.object_definition !== undefined ? scope.definitions.get(f.object_definition) : undefined;
  const nested = definition !== undefined || (f.properties !== undefined && f.properties.length > 0);
  const of = f.type === 'array' ? (nested ? 'object' : f.of) : undefined;
  if (of) head.push(`of: ${rubyString(of)}`);
  if (f.control_type) head.push(`control_type: ${rubyString(f.control_type)}`);
  if (f.control_type === 'multiselect') head.push(`delimiter: ','`);
  if (f.pick_list !== undefined) head.push(`pick_list: ${rubyString(f.pick_list)}`);
  if (f.pick_list_params && Object.keys(f.pick_list_params).length > 0) {
    const pairs = Object.entries(f.pick_list_params).map(([k, v]) => `${rubyString(k)} => ${rubyString(v)}`);
    head.push(`pick_list_params: { ${pairs.join(', ')} }`);
  }
  head.push(`optional: ${f.optional ? 'true' : 'false'}`);
  if (f.sticky) head.push('sticky: true');
  if (scope.input && CONVERT_INPUT[f.type] && f.type !== 'array') head.push(`convert_input: ${rubyString(CONVERT_INPUT[f.type] as string)}`);
  if (f.default !== undefined) head.push(`default: ${rubyValue(f.default)}`);
  if (f.hint !== undefined && f.hint !== '') head.push(`hint: ${rubyString(f.hint)}`);

  const tail: string[][] = [];
  if (nested) {
    const properties = propertiesLines(f, definition, scope, inlineDepth);
    if (properties) tail.push(['properties: ' + properties[0], ...properties.slice(1)]);
  }
  const toggle = scope.input ? toggleField(f) : undefined;
  if (toggle) {
    tail.push(["toggle_hint: 'Select from list'"]);
    tail.push([`toggle_field: { ${toggle} }`]);
  }
  if (tail.length === 0) return [`{ ${head.join(', ')} }`];
  const out = ['{', '  ' + head.join(', ') + ','];
  tail.forEach((lines, i) => {
    const last = i === tail.length - 1;
    lines.forEach((l, j) => out.push('  ' + l + (!last && j === lines.length - 1 ? ',' : '')));
  });
  out.push('}');
  return out;
}

/** The `properties:` value: a reference where allowed, else the fields inlined (cut at the depth limit). */
function propertiesLines(
  f: PlanField,
  definition: PlanObjectDefinition | undefined,
  scope: FieldScope,
  inlineDepth: number,
): string[] | undefined {
  if (definition) {
    if (scope.mayReference(definition.key)) {
      scope.readsDefinitions = true;
      return [`object_definitions[${rubyString(definition.key)}]`];
    }
    // A reference that was cut (a cycle, or too large): spell the definition out one level deep, referring
    // only to small definitions that reach no cycle; deeper than that the field stays a plain object.
    if (inlineDepth >= MAX_INLINE_DEPTH || !scope.inlineMayReference) return undefined;
    const inner: FieldScope = { ...scope, mayReference: scope.inlineMayReference };
    const lines = fieldsArray(definition.fields, inner, inlineDepth + 1);
    if (inner.readsDefinitions) scope.readsDefinitions = true;
    return lines;
  }
  return fieldsArray(f.properties ?? [], scope, inlineDepth);
}

/**
 * Fields whose value can come from a list or be typed (pick lists, checkboxes) get Workato's toggle: the same
 * field as plain text, so a recipe can map a datapill or an ID that the list does not show.
 */
function toggleField(f: PlanField): string | undefined {
  const fromList = f.pick_list !== undefined && f.control_type !== 'multiselect';
  const checkbox = f.type === 'boolean' && (f.control_type === 'checkbox' || f.control_type === undefined);
  if (!fromList && !checkbox) return undefined;
  const parts = [
    `name: ${rubyString(f.name)}`,
    `label: ${rubyString(f.label)}`,
    `type: ${rubyString(checkbox ? 'string' : f.type)}`,
    `control_type: 'text'`,
    `optional: ${f.optional ? 'true' : 'false'}`,
  ];
  if (checkbox) parts.push(`convert_input: 'boolean_conversion'`, `hint: 'Accepted values are true or false.'`);
  parts.push(`toggle_hint: 'Use custom value'`);
  return parts.join(', ');
}

/** Ruby hash key for a definition, action, trigger or pick-list key. */
export function blockKey(key: string): string {
  return rubyKey(key);
}
