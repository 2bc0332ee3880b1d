/**
 * Type-checks many generated packages with one tsc run (the corpus script's batching): tsc's start-up and the
 * shared runtime are paid once instead of once per package. Each package's runtime folder is linked to one
 * shared copy while tsc runs, and copied back afterwards.
 */
// @ts-ignore: a plain .mjs script, typed below
import { typecheckPackages as untyped } from '../../scripts/corpus.mjs';

type Check = (dirs: readonly string[], options: { workDir: string; jobs?: number; restore?: boolean }) => Promise<Map<string, string>>;
const typecheckPackages = untyped as Check;

/** Package dir → tsc's errors for it ('' when clean); errors in the shared runtime count against every package. */
export async function typecheckAll(dirs: readonly string[], workDir: string): Promise<Map<string, string>> {
  const result = await typecheckPackages(dirs, { workDir, jobs: 1, restore: true });
  const runtime = result.get('(runtime)');
  if (runtime) for (const d of dirs) result.set(d, `${runtime}\n${result.get(d) ?? ''}`.trim());
  return result;
}
