/**
 * Human-readable `plan` and `explain` output: every decision with its reasons.
 */
import type { Plan, PlanField } from '../plan/types.js';

function inputs(fields: readonly PlanField[]): string {
  return fields.map((f) => `${f.name}${f.optional ? '?' : ''}${f.location ? `@${f.location}` : ''}`).join(', ') || '(none)';
}

export function formatPlan(plan: Plan): string {
  const lines: string[] = [];
  lines.push(`${plan.title} ${plan.apiVersion} (OpenAPI ${plan.specVersion})`);
  lines.push(`base URL: ${plan.baseUrl ?? '(none: set baseUrl in the connection settings)'}`);
  lines.push('', 'connection:');
  for (const a of plan.connection.auth) lines.push(`  ${a.type} "${a.title}" — ${a.reasons.join('; ')}`);
  for (const f of plan.connection.fields) lines.push(`  field ${f.name}${f.optional ? '?' : ''}: ${f.type}${f.control_type ? ` (${f.control_type})` : ''}`);
  lines.push('', `test: ${plan.test ? `${plan.test.method.toUpperCase()} ${plan.test.path} — ${plan.test.reasons.join('; ')}` : '(none)'}`);
  lines.push('', `actions (${plan.actions.length}):`);
  for (const a of plan.actions) {
    lines.push(`  ${a.key}: "${a.title}" ${a.operation.method.toUpperCase()} ${a.operation.path}`);
    lines.push(`      in: ${inputs(a.inputFields)}`);
    if (a.request.pagination) lines.push(`      pagination: ${a.request.pagination.style} — ${a.request.pagination.reasons.join('; ')}`);
    lines.push(`      why: ${a.reasons.join('; ')}`);
  }
  lines.push('', `triggers (${plan.triggers.length}):`);
  for (const t of plan.triggers) {
    lines.push(`  ${t.key}: "${t.title}" ${t.kind} ${t.operation.method.toUpperCase()} ${t.operation.path}`);
    lines.push(`      why: ${t.reasons.join('; ')}`);
  }
  const repeated = plan.objectDefinitions.filter((d) => d.sourceCopies !== undefined).length;
  const shared = repeated > 0 ? ` (${repeated} of them inline schemas the spec repeats)` : '';
  lines.push('', `object definitions: ${plan.objectDefinitions.length}${shared}; pick lists: ${plan.pickLists.length}`);
  if (plan.unusedSchemas.length > 0) {
    const names = plan.unusedSchemas.slice(0, 10).join(', ') + (plan.unusedSchemas.length > 10 ? ', …' : '');
    lines.push(`left out, used by no action, trigger or pick list (${plan.unusedSchemas.length}): ${names}`);
  }
  if (plan.skipped.length) {
    lines.push('', `skipped (${plan.skipped.length}):`);
    for (const s of plan.skipped) lines.push(`  ${s.operation.method.toUpperCase()} ${s.operation.path}: ${s.reason}`);
  }
  if (plan.diagnostics.length) {
    lines.push('', 'diagnostics:');
    for (const d of plan.diagnostics) lines.push(`  ${d.severity} ${d.code}: ${d.message}${d.pointer ? ` (at ${d.pointer})` : ''}`);
  }
  return lines.join('\n');
}

/** `explain` output: the explanation object, rendered as indented text. */
export function formatExplanation(value: unknown, indent = ''): string {
  if (value === null || typeof value !== 'object') return `${indent}${String(value)}`;
  if (Array.isArray(value)) {
    if (value.length === 0) return `${indent}(none)`;
    return value.map((v) => (v !== null && typeof v === 'object' ? formatExplanation(v, indent + '  ') : `${indent}- ${String(v)}`)).join('\n');
  }
  return Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => (v !== null && typeof v === 'object' ? `${indent}${k}:\n${formatExplanation(v, indent + '  ')}` : `${indent}${k}: ${String(v)}`))
    .join('\n');
}
