/** The plan stage: IR → Plan (the connector model). */
export { buildPlan, type PlanOptions } from './build-plan.js';
export { explainOperation, type Explanation } from './explain.js';
export { loadOverrides, parseOverrides, CONFIG_FILE_NAMES, type PlanOverrides, type OperationOverride, type OperationFilter, type TriggerOverride, type TriggerRename } from './overrides.js';
export type * from './types.js';
