/**
 * Static pick lists from enums: one per distinct set of values, whoever uses it first names it.
 */
import { compareText } from '../diagnostics.js';
import { humanize, safeIdentifier, type NameAllocator } from './names.js';
import type { PlanPickList } from './types.js';

type Option = readonly [string, string | number | boolean];

export class StaticPickLists {
  private readonly byValues = new Map<string, string>();
  readonly lists: PlanPickList[] = [];

  constructor(private readonly keys: NameAllocator) {}

  /** The key of the pick list holding these values, created on first use; undefined when no value can be picked. */
  register(values: readonly unknown[], nameHint: string, reason: string): string | undefined {
    const usable = values.filter((v): v is string | number | boolean => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean');
    if (usable.length === 0) return undefined;
    // The same values in another order are the same list (e.g. a status enum repeated in several schemas).
    const canonical = JSON.stringify(usable.map((v) => `${typeof v}:${String(v)}`).sort(compareText));
    const known = this.byValues.get(canonical);
    if (known !== undefined) return known;
    const key = this.keys.take(safeIdentifier(nameHint, 'pick_list'));
    this.byValues.set(canonical, key);
    const seen = new Set<string>();
    const options: Option[] = [];
    for (const v of usable) {
      const id = `${typeof v}:${String(v)}`;
      if (seen.has(id)) continue;
      seen.add(id);
      options.push([optionLabel(v), v]);
    }
    this.lists.push({ key, kind: 'static', options, reasons: [reason] });
    return key;
  }
}

/** `in_progress` → "In progress", `USD` stays, `2024-01-01` and `+1` stay as written. */
export function optionLabel(value: string | number | boolean): string {
  if (typeof value !== 'string') return String(value);
  if (!/^[A-Za-z][A-Za-z0-9_\- ]*$/.test(value)) return value;
  if (/^[A-Z0-9_]+$/.test(value) && !value.includes('_')) return value;
  return humanize(value);
}
