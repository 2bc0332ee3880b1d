/**
 * Proof against a real server: Stoplight Prism mocks each spec in specs/ and validates every request's
 * parameters, body and security against it; every action of the generated connector runs once with an input
 * that satisfies its input schema, and Prism must accept each request.
 *
 * The packages come from generated/ (generated-samples.test.ts proves they are what the generator makes now,
 * which saves generating them twice); a spec without one there is generated afresh.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runConformance, type ActionResult } from '../src/conformance/index.js';
import { repoRoot } from './helpers.js';

/**
 * Requests Prism rejects because the spec contradicts itself, so no correct request exists. Each entry must
 * still be rejected for the reason given: an entry that starts passing fails the test, so it is removed.
 */
const SPEC_DEFECTS: Readonly<Record<string, { readonly reason: RegExp; readonly why: string }>> = {
  // SectionRequest lists `project` in `required` but declares no such property (the project is in the path).
  'asana.json#create_section_for_project': { reason: /body\.data: .*required property 'project'/, why: 'required property never declared' },
  'asana.json#update_section': { reason: /body\.data: .*required property 'project'/, why: 'required property never declared' },
};

const specs = readdirSync(path.join(repoRoot, 'specs'))
  .filter((f) => /\.(json|ya?ml)$/.test(f))
  .sort();

function describeRejections(actions: readonly ActionResult[]): string[] {
  return actions.map((a) => `${a.key}: ${a.reason}${a.request ? `\n    request: ${a.request}` : ''}`);
}

describe('Prism accepts the request of every action', () => {
  it.concurrent.each(specs)(
    'specs/%s',
    async (spec) => {
      const committed = path.join(repoRoot, 'generated', spec.replace(/\.(json|ya?ml)$/, ''));
      const result = await runConformance(path.join(repoRoot, 'specs', spec), {
        ...(existsSync(path.join(committed, 'src', 'index.ts')) ? { existingPackage: committed } : {}),
      });
      expect(result.status, result.reason).toBe('ran');
      expect(result.total).toBeGreaterThan(0);

      const rejected = result.actions.filter((a) => a.outcome === 'rejected');
      const unexpected = rejected.filter((a) => SPEC_DEFECTS[`${spec}#${a.key}`] === undefined);
      expect(describeRejections(unexpected), `Prism rejected ${unexpected.length} of ${result.total} actions of ${spec}`).toEqual([]);

      for (const [id, defect] of Object.entries(SPEC_DEFECTS)) {
        const [file, key] = id.split('#');
        if (file !== spec) continue;
        const action = result.actions.find((a) => a.key === key);
        expect(action, `${id} is listed as a spec defect but there is no such action`).toBeDefined();
        expect(action!.outcome, `${id} (${defect.why}) is accepted now: remove it from SPEC_DEFECTS`).toBe('rejected');
        expect(action!.reason).toMatch(defect.reason);
      }
    },
    150_000,
  );
});
