/**
 * What one `buildPlan` call shares between its parts: the API, the keys it has handed out, the pick lists
 * found so far and the diagnostics. Created per call; nothing here outlives the plan it builds.
 */
import type { Diagnostic } from '../diagnostics.js';
import type { IrApi } from '../ir/types.js';
import type { StaticPickLists } from './pick-lists.js';
import type { PlanField } from './types.js';

/** Which side of a request a schema describes: readOnly properties never go in, writeOnly never come out. */
export type Direction = 'input' | 'output' | 'both';

export interface PlanContext {
  readonly api: IrApi;
  /** Named schema → object definition key. */
  readonly defKeys: ReadonlyMap<string, string>;
  /** Named schema → its JSON pointer in the spec. */
  readonly schemaPointers: ReadonlyMap<string, string>;
  readonly pickLists: StaticPickLists;
  readonly diagnostics: Diagnostic[];
  /** Properties of a named schema per direction (`input:Pet`), computed once; shared by every field that refers to it. */
  readonly fieldCache: Map<string, readonly PlanField[] | null>;
}

export type Mutable<T> = { -readonly [K in keyof T]: T[K] };
