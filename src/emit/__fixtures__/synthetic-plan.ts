/**
 * A plan of many actions shaped like a large real API (GitHub's spec gives about 1,200), built from the
 * petstore fixture's action shapes with distinct keys, for measuring emit cost (issue 7).
 */
import type { Plan, PlanAction } from '../../plan/types.js';
import { petstorePlan } from './petstore-plan.js';

export function syntheticPlan(actionCount: number): Plan {
  const shapes = petstorePlan.actions;
  const actions: PlanAction[] = [];
  for (let i = 0; i < actionCount; i++) {
    const shape = shapes[i % shapes.length]!;
    actions.push({
      ...shape,
      key: `${shape.key}_${i}`,
      typeName: `${shape.typeName}${i}`,
      fileName: `${shape.fileName}-${i}`,
      title: `${shape.title} ${i}`,
    });
  }
  return { ...petstorePlan, actions };
}
