/**
 * The emit stage on two threads (issue 7) prints exactly what one thread prints, fails on the same unit with
 * the same error, and finishes in this thread if the worker is gone. The worker runs JavaScript, so the emit
 * stage is transpiled first (into the repo's git-ignored .cache, where it resolves the repo's packages).
 */
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ts } from 'ts-morph';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Plan, PlanAction } from '../plan/types.js';
import { hostilePlan } from './__fixtures__/hostile-plan.js';
import { syntheticPlan } from './__fixtures__/synthetic-plan.js';
import type { EmitThreads as EmitThreadsType } from './emit-threads.js';
import { emitPackage, type EmitOptions } from './index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../..');
const options: EmitOptions = { generatorVersion: '0.0.0-test', specFile: 'big.yaml' };

interface Built {
  readonly emitPackage: typeof emitPackage;
  readonly EmitThreads: typeof EmitThreadsType;
}

let dir: string;
let built: Built;

/** src/emit and what it imports at run time (diagnostics.ts), as ES modules beside links to the runtime and templates. */
async function transpileEmit(): Promise<Built> {
  const base = path.join(repoRoot, '.cache', 'emit-threads-test');
  await mkdir(base, { recursive: true });
  dir = await mkdtemp(path.join(base, 'build-'));
  await mkdir(path.join(dir, 'dist', 'emit'), { recursive: true });
  await symlink(path.join(repoRoot, 'src'), path.join(dir, 'src'));
  await symlink(path.join(repoRoot, 'templates'), path.join(dir, 'templates'));
  const sources = (await readdir(here)).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).map((f) => `emit/${f}`);
  for (const file of [...sources, 'diagnostics.ts']) {
    const text = await readFile(path.join(repoRoot, 'src', file), 'utf8');
    const { outputText } = ts.transpileModule(text, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
      fileName: file,
    });
    await writeFile(path.join(dir, 'dist', file.replace(/\.ts$/, '.js')), outputText);
  }
  const load = (file: string) => import(pathToFileURL(path.join(dir, 'dist', 'emit', file)).href);
  const [{ emitPackage: built }, { EmitThreads }] = await Promise.all([load('index.js'), load('emit-threads.js')]);
  return { emitPackage: built, EmitThreads };
}

beforeAll(async () => {
  built = await transpileEmit();
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Well over the threshold for a second thread, with the hostile texts and names among them. */
function bigPlan(): Plan {
  const synthetic = syntheticPlan(300);
  return { ...hostilePlan, actions: [...hostilePlan.actions, ...synthetic.actions] };
}

/** An action whose emit throws (no request to print). */
function broken(action: PlanAction): PlanAction {
  return { ...action, request: undefined as unknown as PlanAction['request'] };
}

async function withThreads<T>(use: (threads: EmitThreadsType) => Promise<T>): Promise<T> {
  const threads = built.EmitThreads.start();
  expect(threads).toBeDefined();
  try {
    return await use(threads!);
  } finally {
    await threads!.close();
  }
}

describe.skipIf(availableParallelism() < 2)('emit on two threads', () => {
  it('prints every file exactly as one thread does', async () => {
    const plan = bigPlan();
    const one = await emitPackage(plan, options);
    const two = await withThreads((threads) => built.emitPackage(plan, { ...options, threads }));
    expect([...two.keys()]).toEqual([...one.keys()]);
    for (const [file, text] of one) expect(two.get(file), file).toBe(text);
  });

  it.each([
    ['one broken action, printed by the worker', [5]],
    ['one broken action, printed by this thread', [290]],
    ['two broken actions: the first in plan order is reported', [40, 250]],
  ])('%s', async (_name, indexes) => {
    const plan = bigPlan();
    const actions = plan.actions.map((a, i) => (indexes.includes(i) ? broken(a) : a));
    const broke = { ...plan, actions };
    const one = await emitPackage(broke, options).then(() => 'no error', (e: Error) => `${e.name}: ${e.message}`);
    const two = await withThreads((threads) =>
      built.emitPackage(broke, { ...options, threads }).then(() => 'no error', (e: Error) => `${e.name}: ${e.message}`),
    );
    expect(one).toMatch(/^StageError: emit failed on action /);
    expect(two).toBe(one);
  });

  it('finishes in this thread when the worker is gone', async () => {
    const plan = bigPlan();
    const one = await emitPackage(plan, options);
    const two = await withThreads(async (threads) => {
      await threads.close();
      return built.emitPackage(plan, { ...options, threads });
    });
    expect(two).toEqual(one);
  });
});
