/** `src/index.ts`: assembles the connector from the other files; keys sorted so diffs stay small. */
import { compareText } from '../diagnostics.js';
import type { Plan } from '../plan/types.js';
import type { ImportSpec, SourcePrinter } from './source-printer.js';
import { bare, call, code, constDeclaration, data, type Doc, documented, expr, jsDoc, objectArg, objectLiteral, property } from './ts-print.js';

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
  const units = (list: readonly Unit[]): Doc => objectLiteral(list.map((u) => property(u.key, code(u.exportName))), true);
  const members: Doc[] = [
    property('title', data(plan.title)),
    ...(plan.description !== undefined ? [property('description', data(plan.description))] : []),
    bare('connection'),
    bare('test'),
    property('actions', expr(units(sortedActions))),
    property('triggers', expr(units(sortedTriggers))),
    bare('objectDefinitions'),
    bare('pickLists'),
  ];
  return printer.print(imports, [
    documented(jsDoc(plan.description ?? plan.title), ['export ', constDeclaration('const', 'connector', expr(call('defineConnector', '', [objectArg(members, true)])))]),
    'export default connector;',
  ]);
}
