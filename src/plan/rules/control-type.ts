import type { IrApi, IrSchema } from '../../ir/types.js';
import { resolveSchema } from '../../ir/schema-utils.js';
import type { ControlType } from '../types.js';

/** Input control for a field. */
export function controlTypeFor(_name: string, schema: IrSchema, api: IrApi): ControlType | undefined {
  const s = resolveSchema(api, schema);
  if (s.enum) return 'select';
  if (s.type === 'boolean') return 'checkbox';
  if (s.type === 'integer') return 'integer';
  if (s.type === 'number') return 'number';
  if (s.format === 'email') return 'email';
  if (s.format === 'date') return 'date';
  if (s.format === 'date-time') return 'date_time';
  return undefined;
}
