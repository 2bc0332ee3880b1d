import type { IrApi, IrOperation } from '../../ir/types.js';
import { preferredMediaType, resolveSchema, successResponse } from '../../ir/schema-utils.js';
import type { ListResponse } from './index.js';

/** A GET whose success response body is an array. */
export function detectListResponse(op: IrOperation, api: IrApi): ListResponse | undefined {
  if (op.method !== 'get') return undefined;
  const response = successResponse(op);
  const media = response && preferredMediaType(response.content);
  if (!response || !media?.schema) return undefined;
  const body = resolveSchema(api, media.schema);
  if (body.type !== 'array' || !body.items) return undefined;
  return { itemsPath: [], itemSchema: body.items, status: response.status, mediaType: media.mediaType, reason: 'The response body is an array.' };
}
