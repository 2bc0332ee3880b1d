import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { ts } from 'ts-morph';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareText } from '../diagnostics.js';
import type { Connector } from '../runtime/types.js';
import { hostile, hostilePlan, hostileTexts } from './__fixtures__/hostile-plan.js';
import { namesPlan } from './__fixtures__/names-plan.js';
import { petstorePlan } from './__fixtures__/petstore-plan.js';
import type { Plan, PlanField } from '../plan/types.js';
import { emitPackage, format, type EmitOptions } from './index.js';
import { README_DETAIL_LIMIT } from './templates.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../..');
const options: EmitOptions = { generatorVersion: '0.0.0-test', specFile: 'petstore.yaml' };
const run = promisify(execFile);
const made: string[] = [];

/** Packages are written inside the repo (git-ignored .cache) so they resolve the repo's typescript and @types/node. */
async function writePackage(prefix: string, files: ReadonlyMap<string, string>): Promise<string> {
  const base = path.join(repoRoot, '.cache', 'emit-test');
  await mkdir(base, { recursive: true });
  const dir = await mkdtemp(path.join(base, `${prefix}-`));
  made.push(dir);
  for (const [file, text] of files) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), text);
  }
  return dir;
}

/** The real tsc, strict, with the generated tsconfig: '' when there are no errors. */
async function typecheck(dir: string): Promise<string> {
  try {
    await run(path.join(repoRoot, 'node_modules', '.bin', 'tsc'), ['-p', dir, '--noEmit'], { maxBuffer: 1 << 26 });
    return '';
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    return `${err.stdout ?? ''}${err.stderr ?? ''}` || err.message;
  }
}

/** Types erased file by file (as `exec` does), then the index imported. */
async function importPackage(files: ReadonlyMap<string, string>): Promise<Connector> {
  return ((await importModule(files, 'index.js')) as { default: Connector }).default;
}

/** Types erased file by file, then one module of `src/` imported. */
async function importModule(files: ReadonlyMap<string, string>, module: string): Promise<unknown> {
  const js = new Map<string, string>([['package.json', '{ "type": "module" }\n']]);
  for (const [file, text] of files) {
    if (!file.startsWith('src/') || !file.endsWith('.ts')) continue;
    const out = ts.transpileModule(text, {
      fileName: file,
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    });
    js.set(file.slice('src/'.length).replace(/\.ts$/, '.js'), out.outputText);
  }
  const dir = await writePackage('js', js);
  return import(pathToFileURL(path.join(dir, module)).href);
}

afterAll(async () => {
  for (const dir of made) await rm(dir, { recursive: true, force: true });
});

/**
 * Files are printed without Prettier, in Prettier's format (issue 7): Prettier at the pinned options must leave
 * every generated file exactly as it is.
 */
async function expectPrettierFormatted(files: ReadonlyMap<string, string>): Promise<void> {
  const generated = [...files].filter(([file]) => !file.startsWith('src/runtime/'));
  expect(generated.length).toBeGreaterThan(5);
  for (const [file, text] of generated) {
    const parser = file.endsWith('.md') ? 'markdown' : file.endsWith('.json') ? 'json' : 'typescript';
    expect(text, file).toBe(await format(text, parser));
  }
}

describe('emitPackage on the petstore fixture', () => {
  let files: Map<string, string>;
  beforeAll(async () => {
    files = await emitPackage(petstorePlan, options);
  });

  it('gives its files in the order it printed them, the order onFile saw them (the pristine store keeps it)', async () => {
    const seen: string[] = [];
    const again = await emitPackage(petstorePlan, { ...options, onFile: (file) => seen.push(file) });
    expect([...again.keys()]).toEqual(seen);
    expect(seen.indexOf('src/actions/list-pets.ts')).toBeLessThan(seen.indexOf('src/index.ts'));
  });

  it('lays out the package', () => {
    const own = [...files.keys()].filter((f) => !f.startsWith('src/runtime/')).sort(compareText);
    expect(own).toEqual([
      'package.json',
      'README.md',
      'src/actions/delete-pet.ts',
      'src/actions/download-pet-photo.ts',
      'src/actions/get-pet-notes.ts',
      'src/actions/list-pets.ts',
      'src/actions/update-pet.ts',
      'src/actions/upload-pet-photo.ts',
      'src/connection.ts',
      'src/index.ts',
      'src/object-definitions.ts',
      'src/pick-lists.ts',
      'src/triggers/new-pet.ts',
      'src/triggers/pet-event.ts',
      'src/types.ts',
      'tsconfig.json',
    ]);
  });

  it('starts every generated .ts file with the header and no timestamp', () => {
    for (const [file, text] of files) {
      if (!file.endsWith('.ts') || file.startsWith('src/runtime/')) continue;
      expect(text.split('\n')[0], file).toBe(
        '// Generated by connector-gen 0.0.0-test from petstore.yaml. Edit freely: regeneration merges your changes.',
      );
      expect(text, file).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:/);
    }
  });

  it('copies the runtime verbatim, without tests or fixtures', async () => {
    const runtime = [...files].filter(([f]) => f.startsWith('src/runtime/'));
    expect(runtime.map(([f]) => f)).toContain('src/runtime/index.ts');
    for (const [file, text] of runtime) {
      expect(file).not.toMatch(/\.test\.ts$|__fixtures__/);
      expect(text, file).toBe(await readFile(path.join(repoRoot, file), 'utf8'));
    }
  });

  it('type-checks strictly with the real tsc', async () => {
    const dir = await writePackage('petstore', files);
    expect(await typecheck(dir)).toBe('');
  });

  it('assembles a connector that holds the plan', async () => {
    const connector = await importPackage(files);
    expect(Object.keys(connector.actions)).toEqual([
      'delete_pet',
      'download_pet_photo',
      'get_pet_notes',
      'list_pets',
      'update_pet',
      'upload_pet_photo',
    ]);
    expect(connector.actions['update_pet']!.inputSchema).toEqual(petstorePlan.actions[0]!.inputSchema);
    expect(connector.triggers['new_pet']!.kind).toBe('poll');
    expect(connector.connection.auth.map((a) => a.type)).toEqual(['api_key', 'oauth2']);
    expect(connector.pickLists['store_pets']!.kind).toBe('dynamic');
    expect(connector.test?.request.path).toBe('/me');
  });

  it('prints every file exactly as Prettier formats it', async () => {
    await expectPrettierFormatted(files);
  });

  it('refers to object definitions from output fields instead of repeating them; input fields stay spelled out', async () => {
    const connector = await importPackage(files);
    const pets = connector.actions['list_pets']!.outputFields[0]!;
    expect(pets).toMatchObject({ name: 'pets', of: 'object', object_definition: 'pet' });
    expect(pets.properties).toBeUndefined();
    const event = connector.triggers['pet_event']!.outputFields.find((f) => f.name === 'pet');
    expect(event).toMatchObject({ object_definition: 'pet' });
    expect(event?.properties).toBeUndefined();
    const owner = connector.actions['update_pet']!.inputFields.find((f) => f.name === 'owner');
    expect(owner?.properties?.map((f) => f.name)).toEqual(['id', 'name']);
    // A nested output field without a definition keeps its properties.
    expect(connector.actions['update_pet']!.outputFields.find((f) => f.name === 'tags')).toMatchObject({ of: 'string' });
  });

  it('gives an action or trigger that returns an object definition as it is that definition\'s fields', async () => {
    for (const file of ['src/actions/update-pet.ts', 'src/triggers/new-pet.ts']) {
      expect(files.get(file), file).toContain("  outputFields: definitionFields('pet'),\n");
      expect(files.get(file), file).toContain("import { definitionFields } from '../object-definitions.js';\n");
    }
    const connector = await importPackage(files);
    const pet = connector.objectDefinitions['pet']!;
    expect(connector.actions['update_pet']!.outputFields).toBe(pet.fields);
    expect(connector.triggers['new_pet']!.outputFields).toBe(pet.fields);
    // A list of them is a field of its own, which names the definition.
    expect(files.get('src/actions/list-pets.ts')).not.toContain('definitionFields');
  });

  it('spells out output fields that differ from the definition\'s, and names a missing definition', async () => {
    const [update] = petstorePlan.actions;
    const relabelled = update!.outputFields.map((f, i) => (i === 0 ? { ...f, label: 'Pet ID' } : f));
    const plan = { ...petstorePlan, actions: [{ ...update!, outputFields: relabelled }, ...petstorePlan.actions.slice(1)] };
    const own = await emitPackage(plan, options);
    const text = own.get('src/actions/update-pet.ts')!;
    expect(text).toContain("  outputFields: [\n    { name: 'id', label: 'Pet ID'");
    expect(text).not.toContain('object-definitions.js');
    const connector = await importPackage(own);
    expect(connector.actions['update_pet']!.outputFields[0]).toMatchObject({ name: 'id', label: 'Pet ID' });
    const definitions = (await importModule(own, 'object-definitions.js')) as { definitionFields(key: string): unknown };
    expect(() => definitions.definitionFields('petz')).toThrow('object-definitions.ts has no definition "petz"');
  });

  it('lays out a reference to a definition with a long key as Prettier does', async () => {
    const long = `pet_${'with_a_long_name_'.repeat(6)}end`;
    const renamed = JSON.parse(
      JSON.stringify(petstorePlan)
        .replaceAll('"#/objectDefinitions/pet"', `"#/objectDefinitions/${long}"`)
        .replaceAll('"object_definition":"pet"', `"object_definition":"${long}"`)
        .replaceAll('"key":"pet"', `"key":"${long}"`),
    ) as typeof petstorePlan;
    const own = await emitPackage(renamed, options);
    expect(own.get('src/actions/update-pet.ts')).toContain(`definitionFields(\n    '${long}',\n  ),`);
    await expectPrettierFormatted(own);
  });

  it('is deterministic: emitting twice gives identical files in the same order', async () => {
    const again = await emitPackage(petstorePlan, options);
    expect([...again]).toEqual([...files]);
  });

  it('matches the committed snapshot, file by file', async () => {
    for (const [file, text] of files) {
      if (file.startsWith('src/runtime/')) continue;
      // `.snap` keeps the snapshot out of this repository's own type-check and build.
      await expect(text).toMatchFileSnapshot(`__snapshots__/petstore/${file}.snap`);
    }
  });
});

describe('the README of a large connector', () => {
  /** Petstore with `count` copies of its first action, each described in `words` words. */
  function manyActions(count: number, words: number): Plan {
    const [first] = petstorePlan.actions;
    const description = Array.from({ length: words }, (_, i) => `word${i % 10}`).join(' ');
    const actions = Array.from({ length: count }, (_, i) => ({
      ...first!,
      key: `update_pet_${i}`,
      typeName: `UpdatePet${i}`,
      fileName: `update-pet-${i}`,
      title: `Update pet ${i}`,
      description,
    }));
    return { ...petstorePlan, actions };
  }

  const detailHeadings = (readme: string) => readme.split('\n').filter((l) => l.startsWith('### ')).length;

  it('details each action while the README stays under 500 KB', async () => {
    const files = await emitPackage(manyActions(100, 200), options);
    const readme = files.get('README.md')!;
    expect(Buffer.byteLength(readme)).toBeGreaterThan(100_000);
    expect(Buffer.byteLength(readme)).toBeLessThanOrEqual(README_DETAIL_LIMIT);
    expect(detailHeadings(readme)).toBe(100 + petstorePlan.triggers.length);
  });

  it.each([
    ['the descriptions alone pass the limit', 600, 150, true],
    ['only the written README passes it', 700, 100, false],
  ])('lists actions and triggers one line each, linked to their files, when %s', async (_name, count, words, quotedOver) => {
    const plan = manyActions(count, words);
    // What the details would quote: the first case is decided before writing the detailed README, the second after.
    const hints = (fields: readonly PlanField[]) => fields.reduce((n, f) => n + (f.hint?.length ?? 0), 0);
    const quoted =
      plan.actions.reduce((n, a) => n + (a.description?.length ?? 0) + hints(a.inputFields), 0) +
      plan.triggers.reduce((n, t) => n + t.reasons.join(' ').length + hints(t.inputFields), 0);
    expect(quoted > README_DETAIL_LIMIT).toBe(quotedOver);
    const files = await emitPackage(plan, options);
    const readme = files.get('README.md')!;
    expect(Buffer.byteLength(readme)).toBeLessThanOrEqual(README_DETAIL_LIMIT);
    expect(detailHeadings(readme)).toBe(0);
    const links = [...readme.matchAll(/^- \[([^\]]+)\]\(([^)]+)\): `(\w+)\.(\w+)`/gm)];
    expect(links).toHaveLength(count + plan.triggers.length);
    for (const [, title, file, kind, key] of links) {
      expect(files.has(file!), file).toBe(true);
      expect(files.get(file!), file).toContain(`title: '${title}',`);
      const unit = kind === 'actions' ? plan.actions.find((a) => a.key === key) : plan.triggers.find((t) => t.key === key);
      expect(unit?.title, key).toBe(title);
    }
    expect(readme).toContain('- [Update pet 7](src/actions/update-pet-7.ts): `actions.update_pet_7`, `PUT /stores/{store_id}/pets/{petId}`\n');
    expect(readme).toContain('- [New pet](src/triggers/new-pet.ts): `triggers.new_pet`, poll trigger on `GET /pets`\n');
    expect(readme).toContain('- [Pet event](src/triggers/pet-event.ts): `triggers.pet_event`, webhook trigger on `POST /webhooks`\n');
    expect(readme).toBe(await format(readme, 'markdown'));
  });
});

describe('hostile spec text in a one-line-each README', () => {
  it('stays text: one link per action, nothing else read as markup', async () => {
    const [first] = hostilePlan.actions;
    const long = 'x'.repeat(README_DETAIL_LIMIT);
    const actions = hostileTexts.map(([, text], i) => ({ ...first!, key: `hostile_${i}`, typeName: `Hostile${i}`, fileName: `hostile-${i}`, title: text, description: long }));
    const files = await emitPackage({ ...hostilePlan, actions, triggers: [] }, options);
    const readme = files.get('README.md')!;
    const list = readme.slice(readme.indexOf('## Actions'), readme.indexOf('## Triggers'));
    const items = list.split('\n').filter((l) => l.startsWith('- '));
    expect(items).toHaveLength(actions.length);
    // Each item is one link, to its own file, whatever its title holds: a `](` ends link text unless an odd run
    // of backslashes escapes its bracket.
    const destinations = (item: string): string[] =>
      [...item.matchAll(/(\\*)\]\(/g)].filter((m) => m[1]!.length % 2 === 0).map((m) => item.slice(m.index + m[0].length, item.indexOf(')', m.index)));
    items.forEach((item, i) => expect(destinations(item), item).toEqual([`src/actions/hostile-${i}.ts`]));
    const prose = list.replace(/(`+)(?!`)[^]*?(?<!`)\1(?!`)/g, '');
    expect(prose).not.toMatch(/(?<!\\)<(script|img)/);
    expect(readme).toBe(await format(readme, 'markdown'));
  });
});

describe('hostile spec text stays inert', () => {
  let files: Map<string, string>;
  let connector: Connector;
  beforeAll(async () => {
    files = await emitPackage(hostilePlan, { generatorVersion: '0.0.0-test', specFile: 'evil\n globalThis.pwned = 1; //.yaml' });
    delete (globalThis as { pwned?: unknown }).pwned;
    connector = await importPackage(files);
  });

  it('type-checks strictly', async () => {
    const dir = await writePackage('hostile', files);
    expect(await typecheck(dir)).toBe('');
  });

  it('runs nothing from the spec when imported', () => {
    expect((globalThis as { pwned?: unknown }).pwned).toBeUndefined();
    expect(Object.getPrototypeOf(connector.actions)).toBe(Object.prototype);
  });

  it('keeps file names inside the package', () => {
    expect([...files.keys()].filter((f) => f.includes('..') || f.startsWith('/'))).toEqual([]);
    expect(files.has('src/actions/etc-evil.ts')).toBe(true);
  });

  it.each(hostileTexts)('round-trips %s exactly', (_name, text) => {
    expect(connector.title).toContain(text);
  });

  it('round-trips every text field exactly', () => {
    const action = Object.getOwnPropertyDescriptor(connector.actions, '__proto__')?.value as Connector['actions'][string];
    expect(connector.title).toBe(hostile);
    expect(connector.description).toBe(hostile);
    expect(action.title).toBe(hostile);
    expect(action.subtitle).toBe(hostile);
    expect(action.help).toBe(hostile);
    expect(action.inputFields[0]!.hint).toBe(hostile);
    expect(action.inputFields[0]!.default).toBe(hostile);
    expect(action.inputSchema).toEqual(hostilePlan.actions[0]!.inputSchema);
    expect(action.sampleOutput).toEqual(hostilePlan.actions[0]!.sampleOutput);
    expect(connector.connection.auth[0]!.title).toBe(hostile);
    expect(connector.connection.fields[0]!.label).toBe(hostile);
  });

  it('keeps __proto__ keys as data, never as prototypes', () => {
    const definition = Object.getOwnPropertyDescriptor(connector.objectDefinitions, '__proto__')?.value as {
      schema: { properties: object };
    };
    expect(definition.schema).toEqual(hostilePlan.objectDefinitions.at(-1)!.schema);
    expect(Object.hasOwn(definition.schema.properties, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(definition.schema.properties)).toBe(Object.prototype);
    expect(Object.hasOwn(connector.pickLists, '__proto__')).toBe(true);
    const sample = (Object.getOwnPropertyDescriptor(connector.actions, '__proto__')?.value as { sampleOutput: object }).sampleOutput;
    expect(Object.hasOwn(sample, '__proto__')).toBe(true);
  });

  it('writes JSON and Markdown that hold the text as text', () => {
    const pkg = JSON.parse(files.get('package.json')!) as { name: string; description: string };
    expect(pkg.description).toBe(hostile);
    expect(pkg.name).toBe(hostile);
    const readme = files.get('README.md')!;
    expect(readme).toContain('{{x}} {{{y}}} {{#each z}}w{{/each}}');
    expect(readme).toContain('{{> partial}}');
    // Outside code spans (which show their content as text), no tag survives unescaped.
    const prose = readme.replace(/(`+)(?!`)[^]*?(?<!`)\1(?!`)/g, '');
    expect(prose).toContain('\\<img');
    expect(prose).not.toMatch(/(?<!\\)<(script|img)/);
    expect(readme).not.toMatch(/^# Heading/m);
  });

  it('prints every file exactly as Prettier formats it', async () => {
    await expectPrettierFormatted(files);
  });

  it('keeps the header comment on one line', () => {
    expect(files.get('src/index.ts')!.split('\n')[0]).toBe(
      '// Generated by connector-gen 0.0.0-test from evil  globalThis.pwned = 1; //.yaml. Edit freely: regeneration merges your changes.',
    );
  });
});

describe('awkward names', () => {
  let files: Map<string, string>;
  beforeAll(async () => {
    files = await emitPackage(namesPlan, options);
  });

  it('gives unique file names, also ignoring case, and avoids device names', () => {
    const actions = [...files.keys()].filter((f) => f.startsWith('src/actions/')).sort(compareText);
    expect(actions).toEqual([
      'src/actions/con-file.ts',
      'src/actions/connector.ts',
      'src/actions/delete.ts',
      'src/actions/get-pet.ts',
      'src/actions/get-pet2.ts',
      'src/actions/pick-lists.ts',
      'src/actions/request.ts',
    ]);
  });

  it('type-checks strictly', async () => {
    const dir = await writePackage('names', files);
    expect(await typecheck(dir)).toBe('');
  });

  it('keeps every key and gives each constant its own name', async () => {
    const connector = await importPackage(files);
    expect(Object.keys(connector.actions)).toEqual(['connector', 'define_action', 'delete', 'get_pet_1', 'get_pet1', 'pickLists', 'request']);
    const index = files.get('src/index.ts')!;
    expect(index).toContain("import { getPet1 } from './actions/get-pet.js';");
    expect(index).toContain("import { getPet12 } from './actions/get-pet2.js';");
    expect(index).toContain("import { deleteAction } from './actions/delete.js';");
  });

  it('aliases imported types that clash with local or runtime names', () => {
    expect(files.get('src/actions/request.ts')).toContain('import type { RequestSpec as RequestSpecType }');
    expect(files.get('src/actions/get-pet2.ts')).toContain('import type { GetPetInput as GetPetInputType }');
    expect(files.get('src/actions/pick-lists.ts')).toContain('import type { FileInput as FileInputType }');
    expect(files.get('src/types.ts')).toContain('export interface RequestSpec {');
    expect(files.get('src/types.ts')).toContain('export type AliasA = unknown;');
  });

  it('prints every file exactly as Prettier formats it', async () => {
    await expectPrettierFormatted(files);
  });

  it('puts the callback URL where each subscription expects it', () => {
    expect(files.get('src/triggers/nested-hook.ts')).toContain("body = withPath(body, ['config', 'url'], webhookUrl);");
    expect(files.get('src/triggers/nested-hook.ts')).toContain("body = withPath(body, ['config', 'events'], input['events']);");
    expect(files.get('src/triggers/query-hook.ts')).toContain('{ ...input, callback_url: webhookUrl }');
    expect(files.get('src/triggers/pet-events.ts')).toContain("const events = getPath(payload, ['events']) ?? payload;");
    expect(files.get('src/triggers/pet-events.ts')).not.toContain('subscribe');
  });
});
