/**
 * The emit stage: a plan in, the generated package's files out (relative posix path → content).
 * It reads the plan only, never the spec or the IR. Every file comes out in the format Prettier gives at the
 * options pinned in format.ts, without running Prettier (issue 7): TypeScript through the layout printer
 * (ts-print.ts), the README through format-markdown.ts, JSON from templates already in that format. The
 * runtime is copied verbatim.
 */
import { StageError } from '../diagnostics.js';
import type { Plan } from '../plan/types.js';
import { emitAction } from './emit-action.js';
import { emitConnection } from './emit-connection.js';
import { emitIndex, type Unit } from './emit-index.js';
import { emitObjectDefinitions } from './emit-object-definitions.js';
import { emitPickLists } from './emit-pick-lists.js';
import { emitTrigger } from './emit-trigger.js';
import { emitTypes } from './emit-types.js';
import type { Parser } from './format.js';
import { camelIdentifier, NameScope, pascalIdentifier } from './identifiers.js';
import { readRuntimeFiles } from './runtime-files.js';
import { SharedOutputFields } from './to-runtime.js';
import { headerComment, SourcePrinter } from './source-printer.js';
import { loadTemplates, renderReadme, templateData } from './templates.js';

export type { Parser };

export interface EmitOptions {
  readonly generatorVersion: string;
  /** The spec's file name (relative, for headers and the README). */
  readonly specFile: string;
  /** Called with each file as soon as it is printed (the write stage can start on it; see staged-writer.ts). */
  readonly onFile?: (path: string, text: string) => void;
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
  'definitionFields',
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
  const printer = new SourcePrinter(headerComment(options.generatorVersion, options.specFile));
  const printed: (readonly [string, string])[] = [];
  const ts = (path: string, text: string) => {
    printed.push([path, text]);
    options.onFile?.(path, text);
  };

  const typeNames = new NameScope();
  const objectTypes = new Map(
    plan.objectDefinitions.map((d) => [d.key, typeNames.claim(pascalIdentifier(d.typeName, 'Schema'))] as const),
  );
  const exportNames = new NameScope(PACKAGE_NAMES);
  const sharedFields = new SharedOutputFields(new Map(plan.objectDefinitions.map((d) => [d.key, d.fields] as const)));

  const actionFiles = new NameScope();
  const actions: (Unit & { readonly file: string })[] = plan.actions.map((action) => {
    const exportName = exportNames.claim(camelIdentifier(action.key, 'action'));
    const fileName = safeFileName(action.fileName, actionFiles);
    const typeName = pascalIdentifier(action.typeName, 'Action');
    try {
      ts(`src/actions/${fileName}.ts`, emitAction({ ...action, fileName, typeName }, { printer, objectTypes, exportName, sharedFields }));
    } catch (e) {
      throw new StageError('emit', `action ${action.key} (${action.operation.method.toUpperCase()} ${action.operation.path})`, e);
    }
    return { key: action.key, exportName, module: `./actions/${fileName}.js`, file: `src/actions/${fileName}.ts` };
  });

  const triggerFiles = new NameScope();
  const triggers: (Unit & { readonly file: string })[] = plan.triggers.map((trigger) => {
    const exportName = exportNames.claim(camelIdentifier(trigger.key, 'trigger'));
    const fileName = safeFileName(trigger.fileName, triggerFiles);
    const typeName = pascalIdentifier(trigger.typeName, 'Trigger');
    try {
      ts(`src/triggers/${fileName}.ts`, emitTrigger({ ...trigger, fileName, typeName }, { printer, objectTypes, exportName, sharedFields }));
    } catch (e) {
      throw new StageError('emit', `trigger ${trigger.key}`, e);
    }
    return { key: trigger.key, exportName, module: `./triggers/${fileName}.js`, file: `src/triggers/${fileName}.ts` };
  });

  try {
    ts('src/connection.ts', emitConnection(plan, printer));
    ts('src/types.ts', emitTypes(plan, objectTypes, printer));
    ts('src/object-definitions.ts', emitObjectDefinitions(plan, printer));
    ts('src/pick-lists.ts', emitPickLists(plan, printer));
    ts('src/index.ts', emitIndex(plan, actions, triggers, printer));

    const templates = loadTemplates();
    const data = templateData(plan, options, { actions: actions.map((u) => u.file), triggers: triggers.map((u) => u.file) });
    for (const [name, template] of templates) ts(name, name === 'README.md' ? renderReadme(template, data) : template(data));
  } catch (e) {
    throw new StageError('emit', 'package files', e);
  }

  for (const [name, text] of readRuntimeFiles()) ts(`src/runtime/${name}`, text);
  // In the order printed (which is also the order of `onFile`): the pristine store keeps its entries in it.
  return new Map(printed);
}
