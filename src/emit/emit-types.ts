/**
 * `src/types.ts`: one exported type per object definition. Objects become interfaces; anything else a
 * type alias. References between definitions are by name, so recursive schemas stay finite.
 */
import type { Plan } from '../plan/types.js';
import { FileScope } from './file-scope.js';
import { memberDocs, schemaToType, typeAlias, typeBody, type TypeModel, union } from './schema-type.js';
import type { SourcePrinter } from './source-printer.js';
import { type Doc, documented, hardline, jsDoc } from './ts-print.js';

function describe(title: string, description: string | undefined): string {
  return description !== undefined && description.trim() !== '' ? `${title}\n\n${description}` : title;
}

/** Names a type refers to at its top level (through unions and intersections, not inside objects or arrays). */
function topLevelNames(model: TypeModel): string[] {
  if (model.kind === 'named') return [model.name];
  if (model.kind === 'union' || model.kind === 'intersection') return model.members.flatMap(topLevelNames);
  return [];
}

function withoutNames(model: TypeModel, names: ReadonlySet<string>): TypeModel {
  if (model.kind === 'named' && names.has(model.name)) return { kind: 'keyword', name: 'unknown' };
  if (model.kind === 'union') return union(model.members.map((m) => withoutNames(m, names)));
  if (model.kind === 'intersection') return { ...model, members: model.members.map((m) => withoutNames(m, names)) };
  return model;
}

/**
 * Type aliases that reach themselves without passing through an object or array (`A = B | string`,
 * `B = A`) are errors in TypeScript (TS2456); such references become `unknown`. Interfaces may recurse.
 */
function breakAliasCycles(models: ReadonlyMap<string, TypeModel>): Map<string, TypeModel> {
  const aliases = new Map([...models].filter(([, m]) => m.kind !== 'object'));
  const reaches = (from: string, target: string, seen: Set<string>): boolean => {
    for (const next of topLevelNames(aliases.get(from)!)) {
      if (next === target) return true;
      if (aliases.has(next) && !seen.has(next)) {
        seen.add(next);
        if (reaches(next, target, seen)) return true;
      }
    }
    return false;
  };
  const out = new Map(models);
  for (const [name, model] of aliases) {
    const cyclic = new Set(topLevelNames(model).filter((n) => n === name || (aliases.has(n) && reaches(n, name, new Set()))));
    if (cyclic.size > 0) out.set(name, withoutNames(model, cyclic));
  }
  return out;
}

/** tsc resolves a chain of aliases (`S0 = S1 & {…}`, `S1 = S2 & {…}`, …) recursively; thousands overflow its stack. */
const MAX_ALIAS_CHAIN = 50;

/**
 * Cuts alias chains (top-level references from alias to alias, cycles already broken) into pieces of at most
 * MAX_ALIAS_CHAIN: walking from the ends of the chains, a link that would make a chain longer becomes `unknown`.
 */
function capAliasChains(models: ReadonlyMap<string, TypeModel>): Map<string, TypeModel> {
  const aliases = new Map([...models].filter(([, m]) => m.kind !== 'object'));
  const next = (name: string) => topLevelNames(aliases.get(name)!).filter((n) => aliases.has(n) && n !== name);
  const length = new Map<string, number>();
  const out = new Map(models);
  // Iterative post-order (a chain can be thousands long): a name is settled after everything it refers to.
  for (const start of aliases.keys()) {
    const stack: [string, boolean][] = [[start, false]];
    while (stack.length > 0) {
      const [name, ready] = stack.pop()!;
      if (length.has(name)) continue;
      if (!ready) {
        stack.push([name, true]);
        for (const n of next(name)) if (!length.has(n)) stack.push([n, false]);
        continue;
      }
      const tooLong = new Set(next(name).filter((n) => (length.get(n) ?? 0) >= MAX_ALIAS_CHAIN));
      if (tooLong.size > 0) out.set(name, withoutNames(out.get(name)!, tooLong));
      length.set(name, 1 + Math.max(0, ...next(name).filter((n) => !tooLong.has(n)).map((n) => length.get(n) ?? 0)));
    }
  }
  return out;
}

export function emitTypes(plan: Plan, objectTypes: ReadonlyMap<string, string>, printer: SourcePrinter): string {
  const scope = new FileScope(objectTypes, undefined, './runtime/index.js');
  const models = capAliasChains(
    breakAliasCycles(new Map(plan.objectDefinitions.map((d) => [objectTypes.get(d.key)!, schemaToType(d.schema, scope.typeContext(false))]))),
  );
  const statements: Doc[] = plan.objectDefinitions.map((definition): Doc => {
    const name = objectTypes.get(definition.key)!;
    const model = models.get(name)!;
    const doc = jsDoc(describe(definition.title, definition.description));
    if (model.kind !== 'object') return typeAlias(name, model, doc);
    return documented(doc, ['export interface ', name, ' ', typeBody(memberDocs(model, true))]);
  });
  if (statements.length === 0) statements.push(['// The spec defines no reusable schemas.', hardline, 'export {};']);
  return printer.print(scope.imports(), statements);
}
