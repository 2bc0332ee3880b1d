/**
 * `src/types.ts`: one exported type per object definition. Objects become interfaces; anything else a
 * type alias. References between definitions are by name, so recursive schemas stay finite.
 */
import { type InterfaceDeclarationStructure, StructureKind } from 'ts-morph';
import type { Plan } from '../plan/types.js';
import { docs } from './emit-action.js';
import { FileScope } from './file-scope.js';
import { docText, propertyKey } from './literal.js';
import { schemaToType, typeWriter } from './schema-type.js';
import type { SourcePrinter, Statement } from './source-printer.js';

function describe(title: string, description: string | undefined): string {
  return description !== undefined && description.trim() !== '' ? `${title}\n\n${description}` : title;
}

export function emitTypes(plan: Plan, objectTypes: ReadonlyMap<string, string>, printer: SourcePrinter): string {
  const scope = new FileScope(objectTypes, undefined, './runtime/index.js');
  const statements: Statement[] = plan.objectDefinitions.map((definition): Statement => {
    const name = objectTypes.get(definition.key)!;
    const model = schemaToType(definition.schema, scope.typeContext(false));
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
