export { buildIr, METHODS } from './build-ir.js';
export { mergeAllOf, mediaTypeRank, preferredMediaType, resolveSchema, schemaByName, successResponse } from './schema-utils.js';
export type * from './types.js';
