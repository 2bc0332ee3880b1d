/**
 * `src/actions/<fileName>.ts`: one action, its input and output types, and its request as one visible
 * object the user can edit.
 */
import type { JsonSchema, PlanAction, PlanField, PlanRequest } from '../plan/types.js';
import { FileScope } from './file-scope.js';
import { schemaToType, typeAlias, type TypeContext, type TypeModel } from './schema-type.js';
import type { SourcePrinter } from './source-printer.js';
import { runtimeField, runtimeRequest, type SharedOutputFields } from './to-runtime.js';
import {
  arg,
  bare,
  block,
  call,
  code,
  constDeclaration,
  data,
  dataArg,
  type Doc,
  documented,
  expr,
  jsDoc,
  memberAccess,
  memberCall,
  method,
  nullish,
  objectArg,
  objectLiteral,
  property,
  quote,
  statement,
  type Statement,
  typeArguments,
} from './ts-print.js';

export interface UnitEnv {
  readonly printer: SourcePrinter;
  /** Object definition key → type name in `types.ts`. */
  readonly objectTypes: ReadonlyMap<string, string>;
  /** The exported constant's name (unique across the package; the index imports it). */
  readonly exportName: string;
  readonly sharedFields: SharedOutputFields;
}

const RUNTIME_MODULE = '../runtime/index.js';
const TYPES_MODULE = '../types.js';
const DEFINITIONS_MODULE = '../object-definitions.js';
const DEFAULT_MAX_RECORDS = 100;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Input fields whose values are files: multipart file parts and whole binary bodies. */
export function fileInputFields(request: PlanRequest): Set<string> {
  const files = new Set<string>();
  const body = request.body;
  if (!body) return files;
  if (body.mode === 'whole' && body.encoding === 'binary' && body.field !== undefined) files.add(body.field);
  const wireFiles = new Set(body.fileFields ?? []);
  for (const property of body.properties ?? []) if (wireFiles.has(property.name)) files.add(property.field);
  return files;
}

/**
 * The input type: an object type alias (not an interface) so it is assignable to the runtime's
 * `Readonly<Record<string, unknown>>`, which interfaces are not (they have no implicit index signature).
 */
export function inputTypeModel(schema: JsonSchema, request: PlanRequest | undefined, ctx: TypeContext): TypeModel {
  const model = schemaToType(schema, ctx);
  if (model.kind !== 'object') return { kind: 'object', properties: [], index: { kind: 'keyword', name: 'unknown' } };
  const files = request ? fileInputFields(request) : new Set<string>();
  if (files.size === 0) return model;
  return {
    ...model,
    properties: model.properties.map((p) => {
      if (!files.has(p.name)) return p;
      ctx.useRuntimeType?.('FileInput');
      const file: TypeModel = { kind: 'named', name: 'FileInput' };
      return { ...p, type: p.type.kind === 'array' ? { kind: 'array', items: file } : file };
    }),
  };
}

/** How a list action returns the records it collected from every page. */
type Collect = { readonly wrapKey?: string; readonly outputSchema: JsonSchema };

/**
 * Lists (`outputMode: 'records'`, or a paginated request when the plan does not say) page through
 * `ctx.paginate` and return the records, as an array or wrapped in the output's one array property.
 */
function collectShape(action: PlanAction): Collect | undefined {
  if (action.request.response.kind !== 'json') return undefined;
  const mode = action.outputMode ?? (action.request.pagination ? 'records' : 'body');
  if (mode !== 'records') return undefined;
  const schema = action.outputSchema;
  if (schema['type'] === 'array') return { outputSchema: schema };
  const properties = schema['properties'];
  if (isRecord(properties)) {
    const keys = Object.keys(properties);
    const only = keys.length === 1 ? properties[keys[0]!] : undefined;
    if (isRecord(only) && only['type'] === 'array') return { wrapKey: keys[0]!, outputSchema: schema };
  }
  // The output schema describes one page; the action returns the records, so type it as their array.
  let items: unknown = schema;
  for (const key of action.request.itemsPath ?? []) {
    const props = isRecord(items) ? items['properties'] : undefined;
    items = isRecord(props) ? props[key] : undefined;
  }
  return { outputSchema: isRecord(items) && items['type'] === 'array' ? items : { type: 'array', items: {} } };
}

function outputTypeModel(action: PlanAction, ctx: TypeContext, collect: Collect | undefined): TypeModel {
  switch (action.request.response.kind) {
    case 'text':
      return { kind: 'keyword', name: 'string' };
    case 'binary':
      ctx.useRuntimeType?.('BinaryOutput');
      return { kind: 'named', name: 'BinaryOutput' };
    case 'empty':
      return { kind: 'keyword', name: 'null' };
    case 'json':
      return schemaToType(collect ? collect.outputSchema : action.outputSchema, ctx);
  }
}

/** `maxRecords` for `ctx.paginate`: the user's bound when the plan gives one, else a default for paged lists. */
function paginateOptions(action: PlanAction): Doc | undefined {
  const field = action.maxRecordsField ?? 'max_records';
  const properties = action.inputSchema['properties'];
  const schema = isRecord(properties) ? properties[field] : undefined;
  const numeric = isRecord(schema) && (schema['type'] === 'integer' || schema['type'] === 'number');
  if (numeric) return property('maxRecords', nullish(memberAccess('input', field), String(DEFAULT_MAX_RECORDS)));
  return action.request.pagination ? property('maxRecords', code(String(DEFAULT_MAX_RECORDS), 'number')) : undefined;
}

export function emitAction(action: PlanAction, env: UnitEnv): string {
  const scope = new FileScope(env.objectTypes, TYPES_MODULE, RUNTIME_MODULE, [env.exportName]);
  const defineAction = scope.runtime('defineAction');
  const requestSpec = scope.runtimeType('RequestSpec');
  const inputName = scope.declare(`${action.typeName}Input`);
  const outputName = scope.declare(`${action.typeName}Output`);
  const requestName = scope.declare('request');

  const collect = collectShape(action);
  const inputModel = inputTypeModel(action.inputSchema, action.request, scope.typeContext(true));
  const outputModel = outputTypeModel(action, scope.typeContext(false), collect);

  const execute = (): Statement[] => {
    if (!collect) {
      return [statement(['return ', memberCall('ctx', 'request', typeArguments([outputName], true), [arg(requestName), arg('input')]), ';'])];
    }
    const arrayType = collect.wrapKey === undefined ? outputName : `${outputName}[${quote(collect.wrapKey)}]`;
    const options = paginateOptions(action);
    const records = memberCall('ctx', 'paginate', typeArguments([`${arrayType}[number]`], false), [
      arg(requestName),
      arg('input'),
      ...(options ? [objectArg([options], false)] : []),
    ]);
    const result =
      collect.wrapKey === undefined ? 'records' : objectLiteral([collect.wrapKey === 'records' ? bare('records') : property(collect.wrapKey, code('records'))], false);
    return [
      statement(constDeclaration('const', `records: ${arrayType}`, code('[]'))),
      statement(['for await (const record of ', records, ') ', block([statement('records.push(record);')])]),
      statement(['return ', result, ';']),
    ];
  };

  const members: Doc[] = [
    property('title', data(action.title)),
    ...optional('subtitle', action.subtitle),
    ...optional('description', action.description),
    ...optional('help', action.help),
    property('inputFields', data(action.inputFields.map(runtimeField))),
    outputFieldsMember(action.outputSchema, action.outputFields, env, scope),
    property('inputSchema', data(action.inputSchema)),
    property('outputSchema', data(action.outputSchema)),
    ...(action.sampleOutput !== undefined ? [property('sampleOutput', data(action.sampleOutput))] : []),
    method('async execute', ['ctx', 'input'], execute()),
  ];
  const definition = call(defineAction, typeArguments([inputName, outputName], false), [objectArg(members, true)]);

  const method_ = action.request.method.toUpperCase();
  const statements: Doc[] = [
    typeAlias(inputName, inputModel, jsDoc(`Input of the "${action.title}" action.`)),
    typeAlias(outputName, outputModel, jsDoc(collect ? `Records collected from every page of "${action.title}".` : `Output of "${action.title}".`)),
    documented(
      jsDoc(`${method_} ${action.request.path}: what this action sends. Edit it here.`),
      constDeclaration('const', `${requestName}: ${requestSpec}`, data(runtimeRequest(action.request, action.retry))),
    ),
    documented(
      jsDoc(action.description ?? action.title, action.deprecated ? ['deprecated'] : []),
      ['export ', constDeclaration('const', env.exportName, expr(definition))],
    ),
  ];
  return env.printer.print(scope.imports(), statements);
}

/** `outputFields`: spelled out, or the fields of the object definition the output is (`SharedOutputFields`). */
export function outputFieldsMember(schema: JsonSchema, fields: readonly PlanField[], env: UnitEnv, scope: FileScope): Doc {
  const written = env.sharedFields.outputFields(fields);
  const key = env.sharedFields.definitionOf(schema, written);
  if (key === undefined) return property('outputFields', data(written));
  return property('outputFields', expr(call(scope.definitionFields(DEFINITIONS_MODULE), '', [dataArg(key)])));
}

/** `key: value` when the value is present. */
export function optional(key: string, value: unknown): Doc[] {
  return value === undefined ? [] : [property(key, data(value))];
}
