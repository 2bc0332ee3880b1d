/**
 * `src/types.ts`: one exported type per object definition. Objects become interfaces; anything else a
 * type alias. References between definitions are by name, so recursive schemas stay finite.
 */
import { type InterfaceDeclarationStructure, StructureKind } from 'ts-morph';
import type { Plan } from '../plan/types.js';
import { docs } from './emit-action.js';
import { FileScope } from './file-scope.js';
import { docText, propertyKey } from './literal.js';
import { schemaToType, type TypeModel, typeWriter, union } from './schema-type.js';
import type { SourcePrinter, Statement } from './source-printer.js';

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

export function emitTypes(plan: Plan, objectTypes: ReadonlyMap<string, string>, printer: SourcePrinter): string {
  const scope = new FileScope(objectTypes, undefined, './runtime/index.js');
  const models = breakAliasCycles(
    new Map(plan.objectDefinitions.map((d) => [objectTypes.get(d.key)!, schemaToType(d.schema, scope.typeContext(false))])),
  );
  const statements: Statement[] = plan.objectDefinitions.map((definition): Statement => {
    const name = objectTypes.get(definition.key)!;
    const model = models.get(name)!;
    const doc = docs(describe(definition.title, definition.description));
    if (model.kind !== 'object') {
      return { kind: StructureKind.TypeAlias, name, isExported: true, docs: doc, type: typeWriter(model) };
    }
    const structure: InterfaceDeclarationStructure = {
      kind: StructureKind.Interface,
      name,
      isExported: true,
      docs: doc,
      properties: model.properties.map((p) => ({
        name: propertyKey(p.name),
        hasQuestionToken: p.optional,
        type: typeWriter(p.type),
        docs: p.doc === undefined ? [] : [{ description: docText(p.doc) }],
      })),
      indexSignatures: model.index ? [{ keyName: 'key', keyType: 'string', returnType: typeWriter(model.index) }] : [],
    };
    return structure;
  });
  if (statements.length === 0) {
    statements.push((w) => w.writeLine('// The spec defines no reusable schemas.').writeLine('export {};'));
  }
  return printer.print(scope.imports(), statements);
}
