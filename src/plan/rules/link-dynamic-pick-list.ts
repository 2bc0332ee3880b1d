import type { IrApi, IrOperation, IrSchema } from '../../ir/types.js';
import type { DynamicPickListLink } from './index.js';

/** Links an id input to the list operation of its resource. */
export function linkDynamicPickList(_fieldName: string, _schema: IrSchema, _op: IrOperation, _api: IrApi): DynamicPickListLink | undefined {
  return undefined;
}
