import type { IrApi, IrOperation } from '../../ir/types.js';
import type { ListResponse, PollTriggerCandidate } from './index.js';

/** Polling triggers a list operation supports through a time filter. */
export function detectPollTriggers(op: IrOperation, _api: IrApi, _list: ListResponse): readonly PollTriggerCandidate[] {
  const since = op.parameters.find((p) => p.in === 'query' && /^(updated_since|modified_since|since)$/.test(p.name));
  if (!since) return [];
  return [{ mode: 'new_or_updated', since: { param: since.name, format: 'date-time', via: 'filter' }, idField: 'id', reasons: [`Filters by \`${since.name}\`.`] }];
}
