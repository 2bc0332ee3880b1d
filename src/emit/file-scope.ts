/**
 * Names in one generated file: its own declarations, the runtime names it imports, and the object
 * definition types it refers to (imported from `types.ts`, aliased when a name is taken locally).
 */
import { compareText } from '../diagnostics.js';
import { NameScope } from './identifiers.js';
import type { ImportSpec } from './source-printer.js';
import type { TypeContext } from './schema-type.js';

/** Globals and runtime exports that generated code uses by name; an imported type must not shadow them. */
const NAMES_USED = [
  'Record',
  'Readonly',
  'Promise',
  'Array',
  'String',
  'Number',
  'Boolean',
  'Object',
  'JSON',
  'Error',
  'BinaryOutput',
  'ConnectionDefinition',
  'Context',
  'FileInput',
  'ObjectDefinition',
  'PickListDefinition',
  'PollClosure',
  'RequestSpec',
  'TestDefinition',
  'dedupKey',
  'defineAction',
  'definitionFields',
  'defineConnector',
  'definePollTrigger',
  'defineWebhookTrigger',
  'getPath',
  'pollSince',
];

export class FileScope {
  private readonly scope: NameScope;
  private readonly refAliases = new Map<string, string>();
  private readonly runtimeValues = new Set<string>();
  private readonly runtimeTypes = new Set<string>();
  /** How this file imports `object-definitions.ts`, once it uses `definitionFields` from it. */
  private definitionsModule: string | undefined;

  /**
   * @param objectTypes object definition key → its type name in `types.ts`
   * @param typesModule how this file imports `types.ts` (`'../types.js'`), or undefined inside it
   */
  constructor(
    private readonly objectTypes: ReadonlyMap<string, string>,
    private readonly typesModule: string | undefined,
    private readonly runtimeModule: string,
    reserved: readonly string[] = [],
  ) {
    this.scope = new NameScope([...NAMES_USED, ...reserved]);
  }

  /** Declares a local name; returns it unchanged or with a numeric suffix when taken. */
  declare(name: string): string {
    return this.scope.claim(name);
  }

  /** A value imported from the runtime (`defineAction`); runtime names are reserved, never renamed. */
  runtime(name: string): string {
    this.runtimeValues.add(name);
    return name;
  }

  runtimeType(name: string): string {
    this.runtimeTypes.add(name);
    return name;
  }

  /** `definitionFields`, imported from `object-definitions.ts` (`module`: how this file imports it). */
  definitionFields(module: string): string {
    this.definitionsModule = module;
    return 'definitionFields';
  }

  /** The local name of the type of object definition `key`. */
  refName(key: string): string | undefined {
    const typeName = this.objectTypes.get(key);
    if (typeName === undefined) return undefined;
    if (this.typesModule === undefined) return typeName;
    let alias = this.refAliases.get(typeName);
    if (alias === undefined) {
      alias = this.scope.has(typeName) ? this.scope.claim(`${typeName}Type`) : this.scope.claim(typeName);
      this.refAliases.set(typeName, alias);
    }
    return alias;
  }

  typeContext(binaryAsFile: boolean): TypeContext {
    return {
      binaryAsFile,
      refName: (key) => this.refName(key),
      useRuntimeType: (name) => void this.runtimeType(name),
    };
  }

  imports(): ImportSpec[] {
    const runtimeNames = [
      ...[...this.runtimeValues].map((name) => ({ name })),
      ...[...this.runtimeTypes].filter((n) => !this.runtimeValues.has(n)).map((name) => ({ name, typeOnly: true })),
    ].sort((a, b) => compareText(a.name, b.name));
    const refs = [...this.refAliases]
      .map(([name, alias]) => ({ name, alias, typeOnly: true }))
      .sort((a, b) => compareText(a.name, b.name));
    return [
      { from: this.runtimeModule, names: runtimeNames },
      ...(this.typesModule === undefined ? [] : [{ from: this.typesModule, names: refs }]),
      ...(this.definitionsModule === undefined ? [] : [{ from: this.definitionsModule, names: [{ name: 'definitionFields' }] }]),
    ];
  }
}
