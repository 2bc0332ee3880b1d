/** `src/object-definitions.ts`: each reusable schema as fields (for UIs) and as JSON Schema (for validation). */
import type { Plan } from '../plan/types.js';
import { FileScope } from './file-scope.js';
import type { SourcePrinter } from './source-printer.js';
import { runtimeField } from './to-runtime.js';
import type { Doc } from './layout.js';
import { constDeclaration, data, documented, expr, fixedLines, jsDoc, objectLiteral, property } from './ts-print.js';

export function emitObjectDefinitions(plan: Plan, printer: SourcePrinter): string {
  const scope = new FileScope(new Map(), undefined, './runtime/index.js');
  const objectDefinition = scope.runtimeType('ObjectDefinition');
  const definitions = objectLiteral(
    plan.objectDefinitions.map((d) => property(d.key, data({ title: d.title, fields: d.fields.map(runtimeField), schema: d.schema }))),
    true,
  );
  const statements: Doc[] = [
    documented(jsDoc('Reusable schemas, referred to as `#/objectDefinitions/<key>` and by `object_definition`.'), [
      'export ',
      constDeclaration('const', `objectDefinitions: Record<string, ${objectDefinition}>`, expr(definitions), true),
    ]),
  ];
  // Actions and triggers that return a definition as it is refer to its fields (SharedOutputFields).
  if (plan.objectDefinitions.length > 0) {
    const field = scope.runtimeType('Field');
    statements.push(
      documented(
        jsDoc('The fields of object definition `key`: the output fields of each action and trigger that returns one.'),
        fixedLines([
          `export function definitionFields(key: string): readonly ${field}[] {`,
          '  const definition = objectDefinitions[key];',
          '  if (definition === undefined) throw new Error(`object-definitions.ts has no definition "${key}"`);',
          '  return definition.fields;',
          '}',
        ]),
      ),
    );
  }
  return printer.print(scope.imports(), statements);
}
