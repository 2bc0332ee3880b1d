/**
 * `src/actions/<fileName>.ts`: one action, its input and output types, and its request as one visible
 * object the user can edit.
 */
import {
  type CodeBlockWriter,
  type JSDocStructure,
  type OptionalKind,
  StructureKind,
  VariableDeclarationKind,
  type WriterFunction,
} from 'ts-morph';
import type { JsonSchema, PlanAction, PlanRequest } from '../plan/types.js';
import { FileScope } from './file-scope.js';
import { docText, literal, objectLiteralKey, propertyAccess, stringLiteral, writeObject } from './literal.js';
import { schemaToType, typeWriter, type TypeContext, type TypeModel } from './schema-type.js';
import type { SourcePrinter, Statement } from './source-printer.js';
import { runtimeField, runtimeRequest } from './to-runtime.js';

export interface UnitEnv {
  readonly printer: SourcePrinter;
  /** Object definition key → type name in `types.ts`. */
  readonly objectTypes: ReadonlyMap<string, string>;
  /** The exported constant's name (unique across the package; the index imports it). */
  readonly exportName: string;
}

const RUNTIME_MODULE = '../runtime/index.js';
const TYPES_MODULE = '../types.js';
const DEFAULT_MAX_RECORDS = 100;

export function docs(description: string | undefined, tags: readonly string[] = []): OptionalKind<JSDocStructure>[] {
  const text = description === undefined ? '' : docText(description);
  if (text === '' && tags.length === 0) return [];
  return [{ ...(text !== '' ? { description: text } : {}), tags: tags.map((tagName) => ({ tagName })) }];
}

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

/** `{ maxRecords }` for `ctx.paginate`: the user's bound when the plan gives one, else a default for paged lists. */
function paginateOptions(action: PlanAction): string | undefined {
  const field = action.maxRecordsField ?? 'max_records';
  const properties = action.inputSchema['properties'];
  const schema = isRecord(properties) ? properties[field] : undefined;
  const numeric = isRecord(schema) && (schema['type'] === 'integer' || schema['type'] === 'number');
  if (numeric) return `{ maxRecords: ${propertyAccess('input', field)} ?? ${DEFAULT_MAX_RECORDS} }`;
  return action.request.pagination ? `{ maxRecords: ${DEFAULT_MAX_RECORDS} }` : undefined;
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

  const execute = (w: CodeBlockWriter): void => {
    w.write('async execute(ctx, input) ').inlineBlock(() => {
      if (!collect) {
        w.writeLine(`return ctx.request<${outputName}>(${requestName}, input);`);
        return;
      }
      const arrayType = collect.wrapKey === undefined ? outputName : `${outputName}[${stringLiteral(collect.wrapKey)}]`;
      const options = paginateOptions(action);
      w.writeLine(`const records: ${arrayType} = [];`);
      w.write(`for await (const record of ctx.paginate<${arrayType}[number]>(${requestName}, input${options ? `, ${options}` : ''})) `);
      w.inlineBlock(() => w.writeLine('records.push(record);'));
      w.newLine();
      if (collect.wrapKey === undefined) w.writeLine('return records;');
      else if (collect.wrapKey === 'records') w.writeLine('return { records };');
      else w.writeLine(`return { ${objectLiteralKey(collect.wrapKey)}: records };`);
    });
    w.write(',');
  };

  const definition: WriterFunction = (w) => {
    w.write(`${defineAction}<${inputName}, ${outputName}>(`);
    writeObject(w, [
      ['title', literal(action.title)],
      ...optional('subtitle', action.subtitle),
      ...optional('description', action.description),
      ...optional('help', action.help),
      ['inputFields', literal(action.inputFields.map(runtimeField))],
      ['outputFields', literal(action.outputFields.map(runtimeField))],
      ['inputSchema', literal(action.inputSchema)],
      ['outputSchema', literal(action.outputSchema)],
      ...(action.sampleOutput !== undefined ? [['sampleOutput', literal(action.sampleOutput)] as const] : []),
      execute,
    ]);
    w.write(')');
  };

  const method = action.request.method.toUpperCase();
  const statements: Statement[] = [
    {
      kind: StructureKind.TypeAlias,
      name: inputName,
      isExported: true,
      docs: docs(`Input of the "${action.title}" action.`),
      type: typeWriter(inputModel),
    },
    {
      kind: StructureKind.TypeAlias,
      name: outputName,
      isExported: true,
      docs: docs(collect ? `Records collected from every page of "${action.title}".` : `Output of "${action.title}".`),
      type: typeWriter(outputModel),
    },
    {
      kind: StructureKind.VariableStatement,
      declarationKind: VariableDeclarationKind.Const,
      docs: docs(`${method} ${action.request.path}: what this action sends. Edit it here.`),
      declarations: [{ name: requestName, type: requestSpec, initializer: literal(runtimeRequest(action.request, action.retry)) }],
    },
    {
      kind: StructureKind.VariableStatement,
      declarationKind: VariableDeclarationKind.Const,
      isExported: true,
      docs: docs(action.description ?? action.title, action.deprecated ? ['deprecated'] : []),
      declarations: [{ name: env.exportName, initializer: definition }],
    },
  ];
  return env.printer.print(scope.imports(), statements);
}

export function optional(key: string, value: unknown): (readonly [string, WriterFunction])[] {
  return value === undefined ? [] : [[key, literal(value)] as const];
}
