/**
 * The files of actions and triggers, one per unit: each depends only on its own plan entry, the package's
 * object type names and the header, so a batch of them can be printed in any thread (emit-threads.ts) and the
 * text is the same.
 */
import { StageError } from '../diagnostics.js';
import type { PlanAction, PlanTrigger } from '../plan/types.js';
import { emitAction } from './emit-action.js';
import { emitTrigger } from './emit-trigger.js';
import { SourcePrinter } from './source-printer.js';

/** One action or trigger with the names the package gave it (plain data: it crosses to a worker thread). */
export type EmitUnit =
  | { readonly kind: 'action'; readonly path: string; readonly exportName: string; readonly subject: string; readonly action: PlanAction }
  | { readonly kind: 'trigger'; readonly path: string; readonly exportName: string; readonly subject: string; readonly trigger: PlanTrigger };

export interface EmitBatch {
  readonly header: string;
  /** Object definition key → type name in `types.ts`, in plan order. */
  readonly objectTypes: readonly (readonly [string, string])[];
  readonly units: readonly EmitUnit[];
}

/** Prints every unit of a batch: `[path, text]` in batch order. A failure names the unit it failed on. */
export function emitBatch(
  batch: EmitBatch,
  printer = new SourcePrinter(batch.header),
  objectTypes: ReadonlyMap<string, string> = new Map(batch.objectTypes),
): [string, string][] {
  return batch.units.map((unit) => {
    const env = { printer, objectTypes, exportName: unit.exportName };
    try {
      return [unit.path, unit.kind === 'action' ? emitAction(unit.action, env) : emitTrigger(unit.trigger, env)];
    } catch (e) {
      throw new StageError('emit', unit.subject, e);
    }
  });
}
