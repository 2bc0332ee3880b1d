/**
 * `src/pick-lists.ts`: static option lists, and dynamic ones that page through a list request and map
 * each record to `[label, value]`.
 */
import { type CodeBlockWriter, StructureKind, VariableDeclarationKind, type WriterFunction } from 'ts-morph';
import type { Plan, PlanPickList } from '../plan/types.js';
import { docs } from './emit-action.js';
import { requestConst } from './emit-trigger.js';
import { FileScope } from './file-scope.js';
import { camelIdentifier } from './identifiers.js';
import { literal, objectLiteralKey, stringLiteral, writeLiteral, writeObject } from './literal.js';
import type { SourcePrinter, Statement } from './source-printer.js';
import { runtimeRequest } from './to-runtime.js';

/** Dynamic lists stop after this many records: a pick list is for choosing, not for bulk reads. */
const MAX_OPTIONS = 1000;

type DynamicPickList = Extract<PlanPickList, { kind: 'dynamic' }>;

export function emitPickLists(plan: Plan, printer: SourcePrinter): string {
  const scope = new FileScope(new Map(), undefined, './runtime/index.js');
  const pickListType = scope.runtimeType('PickListDefinition');
  const dynamic = plan.pickLists.filter((p): p is DynamicPickList => p.kind === 'dynamic');
  const statements: Statement[] = [];
  const requestNames = new Map<string, string>();
  const loadOptions = scope.declare('loadOptions');
  scope.declare('pickLists');

  if (dynamic.length > 0) {
    const context = scope.runtimeType('Context');
    const requestSpec = scope.runtimeType('RequestSpec');
    const getPath = scope.runtime('getPath');
    statements.push({
      kind: StructureKind.Function,
      name: loadOptions,
      isAsync: true,
      docs: docs('Pages through `request` and turns each record into a `[label, value]` option.'),
      parameters: [
        { name: 'ctx', type: context },
        { name: 'request', type: requestSpec },
        { name: 'input', type: 'Readonly<Record<string, unknown>>' },
        { name: 'labelField', type: 'string' },
        { name: 'valueField', type: 'string' },
      ],
      returnType: 'Promise<[string, string | number | boolean][]>',
      statements: (w) => {
        w.writeLine('const options: [string, string | number | boolean][] = [];');
        w.write(`for await (const record of ctx.paginate<unknown>(request, input, { maxRecords: ${MAX_OPTIONS} })) `).inlineBlock(() => {
          w.writeLine(`const value = ${getPath}(record, [valueField]);`);
          w.writeLine('if (value === undefined || value === null) continue;');
          w.writeLine(`const label = ${getPath}(record, [labelField]) ?? value;`);
          w.writeLine("const option = typeof value === 'number' || typeof value === 'boolean' ? value : String(value);");
          w.writeLine('options.push([String(label), option]);');
        });
        w.newLine().writeLine('return options;');
      },
    });
    for (const list of dynamic) {
      const name = scope.declare(`${camelIdentifier(list.key, 'list')}Request`);
      requestNames.set(list.key, name);
      statements.push(
        requestConst(name, requestSpec, `${list.request.method.toUpperCase()} ${list.request.path}: the records behind the "${list.key}" pick list.`, runtimeRequest(list.request)),
      );
    }
  }

  const entry = (list: PlanPickList): WriterFunction => {
    if (list.kind === 'static') return literal({ kind: 'static', options: list.options });
    const requestName = requestNames.get(list.key)!;
    return (w: CodeBlockWriter) =>
      writeObject(w, [
        ['kind', literal('dynamic')],
        (x) => {
          const params = list.params ?? [];
          x.write(`load(ctx, ${params.length > 0 ? 'params' : '_params'}) `).inlineBlock(() => {
            x.write(`return ${loadOptions}(ctx, ${requestName}, `);
            writeInput(x, list);
            x.write(', ');
            writeLiteral(x, list.labelField);
            x.write(', ');
            writeLiteral(x, list.valueField);
            x.write(');');
          });
          x.write(',');
        },
      ]);
  };

  statements.push({
    kind: StructureKind.VariableStatement,
    declarationKind: VariableDeclarationKind.Const,
    isExported: true,
    docs: docs('Options for input fields, by key (a field names its list in `pick_list`).'),
    declarations: [
      {
        name: 'pickLists',
        type: `Record<string, ${pickListType}>`,
        initializer: (w) => writeObject(w, plan.pickLists.map((list) => [list.key, entry(list)] as const)),
      },
    ],
  });
  return printer.print(scope.imports(), statements);
}

/** The list request's input: each dependent-pick-list parameter goes to the field bound to its parameter. */
function writeInput(w: CodeBlockWriter, list: DynamicPickList): void {
  const params = list.params ?? [];
  if (params.length === 0) {
    w.write('{}');
    return;
  }
  w.write('{ ');
  params.forEach((p, i) => {
    const field = list.request.params.find((b) => b.name === p.param)?.field ?? p.param;
    if (i > 0) w.write(', ');
    w.write(objectLiteralKey(field)).write(': params[').write(stringLiteral(p.name)).write(']');
  });
  w.write(' }');
}
