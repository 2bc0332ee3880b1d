/**
 * `src/connection.ts`: connection fields, auth, auth selector and base URL, plus the test request that
 * checks a connection works.
 */
import type { Plan } from '../plan/types.js';
import { FileScope } from './file-scope.js';
import type { SourcePrinter } from './source-printer.js';
import { runtimeConnection, runtimeRequest } from './to-runtime.js';
import { constDeclaration, data, type Doc, documented, jsDoc } from './ts-print.js';

export function emitConnection(plan: Plan, printer: SourcePrinter): string {
  const scope = new FileScope(new Map(), undefined, './runtime/index.js');
  const connectionType = scope.runtimeType('ConnectionDefinition');
  const testType = scope.runtimeType('TestDefinition');
  const test = plan.test;
  const statements: Doc[] = [
    documented(
      jsDoc('What a user fills in to connect, how each auth is applied, and where the API lives.'),
      ['export ', constDeclaration('const', `connection: ${connectionType}`, data(runtimeConnection(plan.connection)))],
    ),
    documented(
      jsDoc(
        test
          ? `${test.method.toUpperCase()} ${test.path}: a cheap request that succeeds only with working credentials.`
          : 'The spec has no request suitable for testing a connection; add one here.',
      ),
      ['export ', constDeclaration('const', `test: ${testType} | null`, data(test ? { request: runtimeRequest(test.request) } : null))],
    ),
  ];
  return printer.print(scope.imports(), statements);
}
