import { describe, expect, it } from 'vitest';
import type { PlanField, PlanObjectDefinition } from '../../plan/types.js';
import { definitionGraph, fieldsArray, type FieldScope } from './fields.js';

const f = (name: string, extra: Partial<PlanField> = {}): PlanField => ({ name, label: name, type: 'object', optional: true, ...extra });
const def = (key: string, refs: string[]): PlanObjectDefinition => ({
  key,
  typeName: key,
  sourceName: key,
  title: key,
  fields: [f('id', { type: 'integer' }), ...refs.map((r) => f(`to_${r}`, { object_definition: r }))],
  schema: {},
  reasons: [],
});

describe('definitionGraph', () => {
  it.each([
    ['no references', { given: [def('a', []), def('b', [])], acyclic: ['a', 'b'], kept: { a: [], b: [] } }],
    ['a chain is kept whole', { given: [def('a', ['b']), def('b', ['c']), def('c', [])], acyclic: ['a', 'b', 'c'], kept: { a: ['b'], b: ['c'], c: [] } }],
    ['self reference is cut', { given: [def('a', ['a'])], acyclic: [], kept: { a: [] } }],
    ['a two-cycle loses its back edge', { given: [def('a', ['b']), def('b', ['a'])], acyclic: [], kept: { a: ['b'], b: [] } }],
    ['what leads into a cycle is not acyclic', { given: [def('x', ['a']), def('a', ['b']), def('b', ['a', 'y']), def('y', [])], acyclic: ['y'], kept: { x: ['a'], a: ['b'], b: ['y'], y: [] } }],
    ['unknown keys are ignored', { given: [def('a', ['missing'])], acyclic: ['a'], kept: { a: [] } }],
  ])('%s', (_name, { given, acyclic, kept }) => {
    const graph = definitionGraph(given);
    expect([...graph.acyclic].sort()).toEqual(acyclic);
    expect(Object.fromEntries([...graph.kept].map(([k, v]) => [k, [...v]]))).toEqual(kept);
  });

  it('kept edges never form a cycle', () => {
    const defs = [def('a', ['b', 'c', 'a']), def('b', ['c', 'a']), def('c', ['a', 'b', 'd']), def('d', ['d', 'a'])];
    const { kept } = definitionGraph(defs);
    const onStack = new Set<string>();
    const done = new Set<string>();
    const loops = (k: string): boolean => {
      if (onStack.has(k)) return true;
      if (done.has(k)) return false;
      onStack.add(k);
      const found = [...(kept.get(k) ?? [])].some(loops);
      onStack.delete(k);
      done.add(k);
      return found;
    };
    expect(defs.some((d) => loops(d.key))).toBe(false);
  });
});

describe('fieldsArray', () => {
  const definitions = new Map([['user', def('user', ['user'])]]);
  const scope = (mayReference: boolean, input = false): FieldScope => ({
    definitions,
    mayReference: () => mayReference,
    inlineMayReference: () => false,
    input,
    readsDefinitions: false,
  });

  it('references a definition where allowed', () => {
    const s = scope(true);
    expect(fieldsArray([f('owner', { object_definition: 'user' })], s).join('\n')).toContain("properties: object_definitions['user']");
    expect(s.readsDefinitions).toBe(true);
  });

  it('inlines a cut reference one level, then stops', () => {
    const lines = fieldsArray([f('owner', { object_definition: 'user' })], scope(false)).join('\n');
    expect(lines).not.toContain('object_definitions');
    expect(lines).toContain("{ name: 'to_user', label: 'to_user', type: 'object', optional: true }");
  });

  it('gives input fields from pick lists a text toggle, and checkboxes a boolean conversion', () => {
    const lines = fieldsArray(
      [f('status', { type: 'string', control_type: 'select', pick_list: 'statuses' }), f('on', { type: 'boolean', control_type: 'checkbox' })],
      scope(true, true),
    ).join('\n');
    expect(lines).toContain("toggle_field: { name: 'status', label: 'status', type: 'string', control_type: 'text', optional: true, toggle_hint: 'Use custom value' }");
    expect(lines).toContain("convert_input: 'boolean_conversion'");
  });
});

describe('definitionGraph size budget', () => {
  const wide = (key: string, n: number): PlanObjectDefinition => ({
    key,
    typeName: key,
    sourceName: key,
    title: key,
    fields: Array.from({ length: n }, (_, i) => f(`f${i}`, { type: 'string' })),
    schema: {},
    reasons: [],
  });

  it('drops the heaviest references of a definition that would expand past the budget', () => {
    const leaf = wide('leaf', 400);
    const mid = { ...def('mid', ['leaf', 'leaf']) };
    const root = { ...def('root', ['mid', 'mid']) };
    const graph = definitionGraph([root, mid, leaf]);
    expect([...(graph.kept.get('mid') ?? [])]).toEqual(['leaf']);
    expect(graph.expanded.get('mid')).toBe(3 + 800);
    expect([...(graph.kept.get('root') ?? [])]).toEqual([]);
    expect(graph.expanded.get('root')).toBe(3 + 2 * 3);
  });
});
