/**
 * The emit stage: a plan in, the generated package's files out (relative posix path → content).
 * It reads the plan only, never the spec or the IR. Every file comes out in the format Prettier gives at the
 * options pinned in format.ts, without running Prettier (issue 7): TypeScript through the layout printer
 * (ts-print.ts), the README through format-markdown.ts, JSON from templates already in that format. The
 * runtime is copied verbatim.
 */
import { compareText, StageError } from '../diagnostics.js';
import type { Plan } from '../plan/types.js';
import { emitConnection } from './emit-connection.js';
import { emitIndex, type Unit } from './emit-index.js';
import { emitObjectDefinitions } from './emit-object-definitions.js';
import { emitPickLists } from './emit-pick-lists.js';
import type { EmitThreads } from './emit-threads.js';
import { emitTypes } from './emit-types.js';
import { emitBatch, type EmitBatch, type EmitUnit } from './emit-units.js';
import { formatMarkdown } from './format-markdown.js';
import type { Parser } from './format.js';
import { camelIdentifier, NameScope, pascalIdentifier } from './identifiers.js';
import { readRuntimeFiles } from './runtime-files.js';
import { headerComment, SourcePrinter } from './source-printer.js';
import { loadTemplates, templateData } from './templates.js';

export type { Parser };

export interface EmitOptions {
  readonly generatorVersion: string;
  /** The spec's file name (relative, for headers and the README). */
  readonly specFile: string;
  /** A worker thread that prints part of the actions and triggers (the CLI starts it; see emit-threads.ts). */
  readonly threads?: EmitThreads;
}

/** Names the index and the runtime already use; an action or trigger constant must not take them. */
const PACKAGE_NAMES = [
  'connector',
  'connection',
  'test',
  'objectDefinitions',
  'pickLists',
  'defineConnector',
  'defineAction',
  'definePollTrigger',
  'defineWebhookTrigger',
  'pollSince',
  'dedupKey',
  'getPath',
  'request',
  'subscribeRequest',
  'unsubscribeRequest',
  'withPath',
  'loadOptions',
];

/** File names that some file systems refuse (Windows device names). */
const DEVICE_NAMES = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/;

/** A plan file name made safe for a folder on any file system, unique ignoring case. */
function safeFileName(name: string, files: NameScope): string {
  let base = name
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[-_]+|[-_]+$/g, '')
    .slice(0, 120);
  if (base === '') base = 'unnamed';
  if (DEVICE_NAMES.test(base)) base = `${base}-file`;
  return files.claim(base);
}

export async function emitPackage(plan: Plan, options: EmitOptions): Promise<Map<string, string>> {
  const header = headerComment(options.generatorVersion, options.specFile);
  const printer = new SourcePrinter(header);
  const printed: (readonly [string, string])[] = [];
  const ts = (path: string, text: string) => printed.push([path, text]);

  const typeNames = new NameScope();
  const objectTypes = new Map(
    plan.objectDefinitions.map((d) => [d.key, typeNames.claim(pascalIdentifier(d.typeName, 'Schema'))] as const),
  );
  const exportNames = new NameScope(PACKAGE_NAMES);
  const units: EmitUnit[] = [];

  const actionFiles = new NameScope();
  const actions: Unit[] = plan.actions.map((action) => {
    const exportName = exportNames.claim(camelIdentifier(action.key, 'action'));
    const fileName = safeFileName(action.fileName, actionFiles);
    const typeName = pascalIdentifier(action.typeName, 'Action');
    const subject = `action ${action.key} (${action.operation.method.toUpperCase()} ${action.operation.path})`;
    units.push({ kind: 'action', path: `src/actions/${fileName}.ts`, exportName, subject, action: { ...action, fileName, typeName } });
    return { key: action.key, exportName, module: `./actions/${fileName}.js` };
  });

  const triggerFiles = new NameScope();
  const triggers: Unit[] = plan.triggers.map((trigger) => {
    const exportName = exportNames.claim(camelIdentifier(trigger.key, 'trigger'));
    const fileName = safeFileName(trigger.fileName, triggerFiles);
    const typeName = pascalIdentifier(trigger.typeName, 'Trigger');
    units.push({ kind: 'trigger', path: `src/triggers/${fileName}.ts`, exportName, subject: `trigger ${trigger.key}`, trigger: { ...trigger, fileName, typeName } });
    return { key: trigger.key, exportName, module: `./triggers/${fileName}.js` };
  });

  const templates = await loadTemplates().catch((e: unknown) => {
    throw new StageError('emit', 'package files', e);
  });
  const packageFiles: (() => void)[] = [
    () => ts('src/connection.ts', emitConnection(plan, printer)),
    () => ts('src/types.ts', emitTypes(plan, objectTypes, printer)),
    () => ts('src/object-definitions.ts', emitObjectDefinitions(plan, printer)),
    () => ts('src/pick-lists.ts', emitPickLists(plan, printer)),
    () => ts('src/index.ts', emitIndex(plan, actions, triggers, printer)),
    () => {
      const data = templateData(plan, options);
      for (const [name, template] of templates) {
        const text = template(data);
        printed.push([name, name.endsWith('.md') ? formatMarkdown(text) : text]);
      }
    },
  ].map((task) => () => {
    try {
      task();
    } catch (e) {
      throw new StageError('emit', 'package files', e);
    }
  });

  const batch = { header, objectTypes: [...objectTypes], units };
  if (options.threads !== undefined && units.length >= MIN_UNITS_FOR_THREADS) {
    printed.push(...(await printShared(batch, options.threads, printer, objectTypes, packageFiles)));
  } else {
    printed.push(...emitBatch(batch, printer, objectTypes));
    for (const task of packageFiles) task();
  }

  const runtime = await readRuntimeFiles();
  const files = [...printed, ...[...runtime].map(([name, text]) => [`src/runtime/${name}`, text] as const)];
  return new Map(files.sort(([a], [b]) => compareText(a, b)));
}

/** Below this many actions and triggers a second thread costs more than it saves. */
const MIN_UNITS_FOR_THREADS = 64;
/** Units are handed out in about this many chunks, so that both threads finish at about the same time. */
const CHUNKS = 48;

/**
 * Prints the units on two threads. The worker starts with a large batch (it prints while this thread prints
 * the package files) and keeps a second request queued so that it never waits for this thread; this thread
 * takes chunks from the other end, yielding between them so that the worker's answers are seen. A failure is
 * the one a single thread would have met first (the lowest chunk wins); if the worker itself fails (not a unit
 * in it), its chunks are printed here.
 */
async function printShared(
  batch: EmitBatch,
  threads: EmitThreads,
  printer: SourcePrinter,
  objectTypes: ReadonlyMap<string, string>,
  packageFiles: readonly (() => void)[],
): Promise<[string, string][]> {
  const size = Math.max(4, Math.ceil(batch.units.length / CHUNKS));
  const chunks: (readonly EmitUnit[])[] = [];
  for (let i = 0; i < batch.units.length; i += size) chunks.push(batch.units.slice(i, i + size));
  const results: [string, string][][] = [];
  let front = 0; // chunks[front, back) are still to print: the worker takes from the front, this thread from the back
  let back = chunks.length;
  const orphans: number[] = [];
  let failed: { readonly index: number; readonly error: unknown } | undefined;
  const fail = (index: number, error: unknown): void => {
    if (failed === undefined || index < failed.index) failed = { index, error };
  };
  const settled = (index: number): boolean => failed !== undefined && failed.index < index;

  let workerDown = false;
  const remote = async (count: number): Promise<void> => {
    while (!workerDown && front < back && !settled(front)) {
      const start = front;
      const end = (front = Math.min(back, front + count));
      count = 1;
      try {
        results[start] = await threads.run({ ...batch, units: chunks.slice(start, end).flat() });
      } catch (error) {
        if (error instanceof StageError) fail(start, error);
        else {
          workerDown = true;
          for (let i = start; i < end; i++) orphans.push(i);
        }
        return;
      }
    }
  };
  const worker = Promise.all([remote(Math.ceil(chunks.length * UPFRONT)), remote(1)]);

  let packageFailure: unknown;
  for (const task of packageFiles) {
    try {
      task();
    } catch (error) {
      packageFailure ??= error;
    }
    await yieldToWorker();
  }
  const local = (index: number): void => {
    try {
      results[index] = emitBatch({ ...batch, units: chunks[index]! }, printer, objectTypes);
    } catch (error) {
      fail(index, error);
    }
  };
  while (front < back && !settled(back - 1)) {
    local(--back);
    await yieldToWorker();
  }
  await worker;
  for (const index of orphans.sort((a, b) => a - b)) if (!settled(index)) local(index);
  if (failed !== undefined) throw failed.error;
  if (packageFailure !== undefined) throw packageFailure;
  return results.flat();
}

/** The worker's first batch, as a share of all units: about what it prints while this thread does the rest. */
const UPFRONT = 0.4;

function yieldToWorker(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
