/** `src/object-definitions.ts`: each reusable schema as fields (for UIs) and as JSON Schema (for validation). */
import type { Plan } from '../plan/types.js';
import { FileScope } from './file-scope.js';
import type { SourcePrinter } from './source-printer.js';
import { runtimeField } from './to-runtime.js';
import { constDeclaration, data, documented, expr, jsDoc, objectLiteral, property } from './ts-print.js';

export function emitObjectDefinitions(plan: Plan, printer: SourcePrinter): string {
  const scope = new FileScope(new Map(), undefined, './runtime/index.js');
  const objectDefinition = scope.runtimeType('ObjectDefinition');
  const definitions = objectLiteral(
    plan.objectDefinitions.map((d) => property(d.key, data({ title: d.title, fields: d.fields.map(runtimeField), schema: d.schema }))),
    true,
  );
  return printer.print(scope.imports(), [
    documented(jsDoc('Reusable schemas, referred to as `#/objectDefinitions/<key>` and by `object_definition`.'), [
      'export ',
      constDeclaration('const', `objectDefinitions: Record<string, ${objectDefinition}>`, expr(definitions), true),
    ]),
  ]);
}
