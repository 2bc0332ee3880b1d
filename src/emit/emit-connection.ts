/**
 * `src/connection.ts`: connection fields, auth, auth selector and base URL, plus the test request that
 * checks a connection works.
 */
import { StructureKind, VariableDeclarationKind } from 'ts-morph';
import type { Plan } from '../plan/types.js';
import { docs } from './emit-action.js';
import { FileScope } from './file-scope.js';
import { literal } from './literal.js';
import type { SourcePrinter, Statement } from './source-printer.js';
import { runtimeConnection, runtimeRequest } from './to-runtime.js';

export function emitConnection(plan: Plan, printer: SourcePrinter): string {
  const scope = new FileScope(new Map(), undefined, './runtime/index.js');
  const connectionType = scope.runtimeType('ConnectionDefinition');
  const testType = scope.runtimeType('TestDefinition');
  const test = plan.test;
  const statements: Statement[] = [
    {
      kind: StructureKind.VariableStatement,
      declarationKind: VariableDeclarationKind.Const,
      isExported: true,
      docs: docs('What a user fills in to connect, how each auth is applied, and where the API lives.'),
      declarations: [{ name: 'connection', type: connectionType, initializer: literal(runtimeConnection(plan.connection)) }],
    },
    {
      kind: StructureKind.VariableStatement,
      declarationKind: VariableDeclarationKind.Const,
      isExported: true,
      docs: docs(
        test
          ? `${test.method.toUpperCase()} ${test.path}: a cheap request that succeeds only with working credentials.`
          : 'The spec has no request suitable for testing a connection; add one here.',
      ),
      declarations: [
        {
          name: 'test',
          type: `${testType} | null`,
          initializer: test ? literal({ request: runtimeRequest(test.request) }) : 'null',
        },
      ],
    },
  ];
  return printer.print(scope.imports(), statements);
}
