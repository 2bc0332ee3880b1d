/** `src/object-definitions.ts`: each reusable schema as fields (for UIs) and as JSON Schema (for validation). */
import { StructureKind, VariableDeclarationKind } from 'ts-morph';
import type { Plan } from '../plan/types.js';
import { docs } from './emit-action.js';
import { FileScope } from './file-scope.js';
import { literal, writeObject } from './literal.js';
import type { SourcePrinter } from './source-printer.js';
import { runtimeField } from './to-runtime.js';

export function emitObjectDefinitions(plan: Plan, printer: SourcePrinter): string {
  const scope = new FileScope(new Map(), undefined, './runtime/index.js');
  const objectDefinition = scope.runtimeType('ObjectDefinition');
  return printer.print(scope.imports(), [
    {
      kind: StructureKind.VariableStatement,
      declarationKind: VariableDeclarationKind.Const,
      isExported: true,
      docs: docs('Reusable schemas, referred to as `#/objectDefinitions/<key>` and by `object_definition`.'),
      declarations: [
        {
          name: 'objectDefinitions',
          type: `Record<string, ${objectDefinition}>`,
          initializer: (w) =>
            writeObject(
              w,
              plan.objectDefinitions.map(
                (d) =>
                  [
                    d.key,
                    literal({ title: d.title, fields: d.fields.map(runtimeField), schema: d.schema }),
                  ] as const,
              ),
            ),
        },
      ],
    },
  ]);
}
