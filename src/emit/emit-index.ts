/** `src/index.ts`: assembles the connector from the other files; keys sorted so diffs stay small. */
import { StructureKind, VariableDeclarationKind } from 'ts-morph';
import { compareText } from '../diagnostics.js';
import type { Plan } from '../plan/types.js';
import { docs } from './emit-action.js';
import { literal, writeObject } from './literal.js';
import type { ImportSpec, SourcePrinter } from './source-printer.js';

export interface Unit {
  readonly key: string;
  readonly exportName: string;
  readonly module: string;
}

export function emitIndex(plan: Plan, actions: readonly Unit[], triggers: readonly Unit[], printer: SourcePrinter): string {
  const byKey = (a: Unit, b: Unit): number => compareText(a.key, b.key);
  const sortedActions = [...actions].sort(byKey);
  const sortedTriggers = [...triggers].sort(byKey);
  const imports: ImportSpec[] = [
    { from: './runtime/index.js', names: [{ name: 'defineConnector' }] },
    { from: './connection.js', names: [{ name: 'connection' }, { name: 'test' }] },
    { from: './object-definitions.js', names: [{ name: 'objectDefinitions' }] },
    { from: './pick-lists.js', names: [{ name: 'pickLists' }] },
    ...sortedActions.map((u) => ({ from: u.module, names: [{ name: u.exportName }] })),
    ...sortedTriggers.map((u) => ({ from: u.module, names: [{ name: u.exportName }] })),
  ];
  const units = (list: readonly Unit[]) => (w: Parameters<typeof writeObject>[0]) =>
    writeObject(w, list.map((u) => [u.key, (x: typeof w) => void x.write(u.exportName)] as const));
  return printer.print(imports, [
    {
      kind: StructureKind.VariableStatement,
      declarationKind: VariableDeclarationKind.Const,
      isExported: true,
      docs: docs(plan.description ?? plan.title),
      declarations: [
        {
          name: 'connector',
          initializer: (w) => {
            w.write('defineConnector(');
            writeObject(w, [
              ['title', literal(plan.title)],
              ...(plan.description !== undefined ? [['description', literal(plan.description)] as const] : []),
              (x) => void x.write('connection,'),
              (x) => void x.write('test,'),
              ['actions', units(sortedActions)],
              ['triggers', units(sortedTriggers)],
              (x) => void x.write('objectDefinitions,'),
              (x) => void x.write('pickLists,'),
            ]);
            w.write(')');
          },
        },
      ],
    },
    (w) => w.writeLine('export default connector;'),
  ]);
}
