/**
 * `src/pick-lists.ts`: static option lists, and dynamic ones that page through a list request and map
 * each record to `[label, value]`.
 */
import type { Plan, PlanPickList } from '../plan/types.js';
import { requestConst } from './emit-trigger.js';
import { FileScope } from './file-scope.js';
import { camelIdentifier } from './identifiers.js';
import { runtimeRequest } from './to-runtime.js';
import type { SourcePrinter } from './source-printer.js';
import {
  arg,
  call,
  code,
  constDeclaration,
  data,
  dataArg,
  type Doc,
  documented,
  expr,
  fixedLines,
  jsDoc,
  method,
  objectArg,
  objectLiteral,
  property,
  quote,
  statement,
} from './ts-print.js';

/** Dynamic lists stop after this many records: a pick list is for choosing, not for bulk reads. */
const MAX_OPTIONS = 1000;

type DynamicPickList = Extract<PlanPickList, { kind: 'dynamic' }>;

export function emitPickLists(plan: Plan, printer: SourcePrinter): string {
  const scope = new FileScope(new Map(), undefined, './runtime/index.js');
  const pickListType = scope.runtimeType('PickListDefinition');
  const dynamic = plan.pickLists.filter((p): p is DynamicPickList => p.kind === 'dynamic');
  const statements: Doc[] = [];
  const requestNames = new Map<string, string>();
  const loadOptions = scope.declare('loadOptions');
  scope.declare('pickLists');

  if (dynamic.length > 0) {
    const context = scope.runtimeType('Context');
    const requestSpec = scope.runtimeType('RequestSpec');
    const getPath = scope.runtime('getPath');
    statements.push(
      documented(
        jsDoc('Pages through `request` and turns each record into a `[label, value]` option.'),
        fixedLines([
          `async function ${loadOptions}(`,
          `  ctx: ${context},`,
          `  request: ${requestSpec},`,
          '  input: Readonly<Record<string, unknown>>,',
          '  labelField: string,',
          '  valueField: string,',
          '): Promise<[string, string | number | boolean][]> {',
          '  const options: [string, string | number | boolean][] = [];',
          `  for await (const record of ctx.paginate<unknown>(request, input, { maxRecords: ${MAX_OPTIONS} })) {`,
          `    const value = ${getPath}(record, [valueField]);`,
          '    if (value === undefined || value === null) continue;',
          `    const label = ${getPath}(record, [labelField]) ?? value;`,
          "    const option = typeof value === 'number' || typeof value === 'boolean' ? value : String(value);",
          '    options.push([String(label), option]);',
          '  }',
          '  return options;',
          '}',
        ]),
      ),
    );
    for (const list of dynamic) {
      const name = scope.declare(`${camelIdentifier(list.key, 'list')}Request`);
      requestNames.set(list.key, name);
      statements.push(
        requestConst(name, requestSpec, `${list.request.method.toUpperCase()} ${list.request.path}: the records behind the "${list.key}" pick list.`, runtimeRequest(list.request)),
      );
    }
  }

  const entry = (list: PlanPickList): Doc => {
    if (list.kind === 'static') return property(list.key, data({ kind: 'static', options: list.options }));
    const params = list.params ?? [];
    const load = method('load', ['ctx', params.length > 0 ? 'params' : '_params'], [
      statement([
        'return ',
        call(loadOptions, '', [arg('ctx'), arg(requestNames.get(list.key)!), inputArg(list), dataArg(list.labelField), dataArg(list.valueField)]),
        ';',
      ]),
    ]);
    return property(list.key, expr(objectLiteral([property('kind', data('dynamic')), load], true)));
  };

  statements.push(
    documented(
      jsDoc('Options for input fields, by key (a field names its list in `pick_list`).'),
      ['export ', constDeclaration('const', `pickLists: Record<string, ${pickListType}>`, expr(objectLiteral(plan.pickLists.map(entry), true)), true)],
    ),
  );
  return printer.print(scope.imports(), statements);
}

/** The list request's input: each dependent-pick-list parameter goes to the field bound to its parameter. */
function inputArg(list: DynamicPickList): ReturnType<typeof arg> {
  const params = list.params ?? [];
  if (params.length === 0) return arg('{}');
  return objectArg(
    params.map((p) => {
      const field = list.request.params.find((b) => b.name === p.param)?.field ?? p.param;
      return property(field, code(`params[${quote(p.name)}]`, 'member-chain'));
    }),
    false,
  );
}
