/**
 * Issue 5 as a user meets it: generate the Petstore connector, edit it by hand, change the spec (a YAML edit),
 * regenerate with the CLI, and check every file afterwards, the exit code and the report lines.
 *
 * The expected files are built, not recorded: a fresh generation of the changed spec in a folder of its own is
 * what the generator now wants ("theirs"); the user's edit, applied to it with the same function that edited the
 * package, gives the expected merge. Report lines for files only the generator changed come from comparing the
 * fresh generations before and after the spec change. Packages merged without conflicts are type-checked
 * together at the end, in one tsc run.
 */
import { copyFile, cp, lstat, mkdir, readFile, readlink, realpath, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../src/cli/generate.js';
import { compareText } from '../src/diagnostics.js';
import { listFiles, removeDir, repoRoot, runCli, tempDir, typecheck } from './helpers.js';

const PETSTORE = path.join(repoRoot, 'specs', 'petstore-openapi30.yaml');
const FIXTURES = path.join(repoRoot, 'test', 'fixtures', 'regenerate');
// Every case and every fresh generation uses this name: it appears in the generated files' header.
const SPEC_NAME = 'petstore.yaml';
const META = '.connector-gen';

const INDEX = 'src/index.ts';
const LIST = 'src/actions/list-pets.ts';
const LIST_ALL = 'src/actions/list-all-pets.ts';
const CREATE = 'src/actions/create-pet.ts';
const SHOW = 'src/actions/show-pet-by-id.ts';
const DELETE = 'src/actions/delete-pet.ts';
const FEED = 'src/actions/feed-pet.ts';
const ADOPT = 'src/actions/adopt-pet.ts';

type Tree = Record<string, string>;
type Change = (text: string) => string;

let root: string;
/** Packages that must still type-check (merged without conflicts, or resolved). */
const typecheckAtEnd: string[] = [];

beforeAll(async () => {
  root = await tempDir('regenerate');
});

afterAll(async () => {
  await removeDir(root);
});

/** Replaces the one occurrence of `find`: an anchor that moved must fail the test, not silently edit nothing. */
function replaceOnce(text: string, find: string, replacement: string): string {
  const at = text.indexOf(find);
  if (at < 0 || text.indexOf(find, at + 1) >= 0) {
    throw new Error(`expected exactly one ${JSON.stringify(find)} in:\n${text}`);
  }
  return text.slice(0, at) + replacement + text.slice(at + find.length);
}

const after = (anchor: string, added: string): Change => (t) => replaceOnce(t, anchor, anchor + added);
const fixture = (name: string): Promise<string> => readFile(path.join(FIXTURES, name), 'utf8');

// Spec changes: YAML edits as a user makes them in an editor.
const spec = {
  /** A new optional query parameter on listPets. */
  addTagQuery: async (): Promise<Change> => after('            maximum: 100\n', await fixture('tag-parameter.yaml')),
  /** A new optional query parameter on showPetById. */
  addFieldsQuery: async (): Promise<Change> =>
    after(
      '      operationId: showPetById\n      tags:\n        - pets\n',
      '      parameters:\n        - name: fields\n          in: query\n          description: Which fields to return\n          schema:\n            type: string\n',
    ),
  /** A new operation, POST /pets/{petId}/feed. */
  addFeedPet: async (): Promise<Change> => {
    const path = await fixture('feed-pet.yaml');
    return (t) => replaceOnce(t, '\ncomponents:\n', `\n${path}components:\n`);
  },
  /** DELETE /pets/{petId} is gone. */
  removeDeletePet: async (): Promise<Change> => (t) => {
    const start = t.indexOf('    delete:\n      summary: Delete a pet\n');
    if (start < 0) throw new Error('deletePet not found');
    // Up to the next path or the components, whichever comes first.
    const end = start + t.slice(start).search(/\n( {2}\/|components:)/);
    return t.slice(0, start) + t.slice(end + 1);
  },
  renameListPets: async (): Promise<Change> => (t) => replaceOnce(t, 'operationId: listPets\n', 'operationId: listAllPets\n'),
  describeCreatePet: async (): Promise<Change> => (t) =>
    replaceOnce(t, 'summary: Create a pet\n', 'summary: Add a new pet to the store\n'),
  describeListPets: async (): Promise<Change> => (t) =>
    replaceOnce(t, 'summary: List all pets\n', 'summary: List every pet in the store\n'),
};

// The user's edits to generated files.
const retitleList: Change = (t) => replaceOnce(t, "  title: 'List pets',\n", "  title: 'List the pets in the store',\n");
const capList: Change = (t) => replaceOnce(t, '    return { records };\n', '    return { records: records.slice(0, 50) };\n');
const appendToCreate: Change = (t) => t + "\nexport const createPetDocs = 'https://petstore.example/docs/create-pet';\n";
const registerAdopt: Change = (t) =>
  after("    update_pet: updatePet,\n", '    adopt_pet: adoptPet,\n')(
    after("import { updatePet } from './actions/update-pet.js';\n", "import { adoptPet } from './actions/adopt-pet.js';\n")(t),
  );
const unregisterShow: Change = (t) =>
  replaceOnce(replaceOnce(t, "import { showPetById } from './actions/show-pet-by-id.js';\n", ''), '    show_pet_by_id: showPetById,\n', '');
const noteOnDelete: Change = (t) =>
  replaceOnce(t, '  async execute(ctx, input) {\n', '  async execute(ctx, input) {\n    // Deleting is final: the store keeps no archive.\n');

interface Case {
  readonly dir: string;
  readonly spec: string;
  readonly pkg: string;
  /** The package as first generated (without the lock's folder). */
  readonly pristine: Tree;
}

/** A folder with a copy of the Petstore spec and the package generated from it by the CLI. */
async function newCase(name: string): Promise<Case> {
  const dir = path.join(root, name);
  await mkdir(dir);
  const specFile = path.join(dir, SPEC_NAME);
  await copyFile(PETSTORE, specFile);
  const pkg = path.join(dir, 'pkg');
  const first = await runCli('generate', specFile, '-o', pkg);
  expect(first.stderr).toBe('');
  expect(first.code).toBe(0);
  return { dir, spec: specFile, pkg, pristine: await readTree(pkg) };
}

async function changeSpec(c: Case, ...changes: Promise<Change>[]): Promise<string> {
  let text = await readFile(c.spec, 'utf8');
  for (const change of await Promise.all(changes)) text = change(text);
  await writeFile(c.spec, text);
  return text;
}

async function editFile(c: Case, file: string, change: Change): Promise<void> {
  const full = path.join(c.pkg, file);
  await writeFile(full, change(await readFile(full, 'utf8')));
}

async function readTree(dir: string, withMeta = false): Promise<Tree> {
  const tree: Tree = {};
  for (const file of await listFiles(dir, withMeta ? [] : [META])) tree[file] = await readFile(path.join(dir, file), 'utf8');
  return tree;
}

const freshBySpec = new Map<string, Promise<Tree>>();

/** What the generator makes of this spec text in an empty folder: "theirs" in every merge. */
function freshFrom(specText: string): Promise<Tree> {
  let tree = freshBySpec.get(specText);
  if (tree === undefined) {
    const dir = path.join(root, `fresh-${freshBySpec.size + 1}`);
    tree = (async () => {
      await mkdir(dir);
      await writeFile(path.join(dir, SPEC_NAME), specText);
      const r = await runCli('generate', path.join(dir, SPEC_NAME), '-o', path.join(dir, 'pkg'));
      expect(r.code).toBe(0);
      return readTree(path.join(dir, 'pkg'));
    })();
    freshBySpec.set(specText, tree);
  }
  return tree;
}

/** `tree` with some files replaced, and those set to `null` removed. */
function withFiles(tree: Tree, changes: Record<string, string | null>): Tree {
  const out: Tree = { ...tree };
  for (const [file, content] of Object.entries(changes)) {
    if (content === null) delete out[file];
    else out[file] = content;
  }
  return out;
}

type Line = readonly [outcome: string, file: string, detail?: string];

/** Report lines for the files only the generator changed between two generations (skipping `except`). */
function generatorChanges(before: Tree, next: Tree, except: readonly string[] = []): Line[] {
  const lines: Line[] = [];
  for (const file of new Set([...Object.keys(before), ...Object.keys(next)])) {
    if (except.includes(file)) continue;
    if (!(file in before)) lines.push(['added', file]);
    else if (!(file in next)) lines.push(['deleted', file, 'no longer generated']);
    else if (before[file] !== next[file]) lines.push(['updated', file]);
  }
  return lines;
}

/** The CLI's report: one line per file that changed, sorted by path, then the summary. */
function report(lines: readonly Line[], summary: string): string {
  const sorted = [...lines].sort((a, b) => compareText(a[1], b[1]));
  return [...sorted.map(([outcome, file, detail]) => `${outcome.padEnd(12)} ${file}${detail ? `  (${detail})` : ''}`), summary]
    .map((line) => line + '\n')
    .join('');
}

const changedSummary = (c: Case, files: number, actions: number): string =>
  `${c.pkg}: ${files} file(s) changed (${actions} actions, 0 triggers).`;

/** Modification time, inode and content of every entry (the lock's folder included): a write changes one of them. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const file of await listFiles(dir)) {
    const full = path.join(dir, file);
    const info = await lstat(full, { bigint: true });
    out[file] = info.isSymbolicLink()
      ? `link to ${await readlink(full)}`
      : `${info.mtimeNs} ${info.ino} ${await readFile(full, 'utf8')}`;
  }
  return out;
}

/** Sets every file's modification time far in the past, so that a rewrite shows even within one clock tick. */
async function age(dir: string): Promise<void> {
  const then = new Date('2001-02-03T04:05:06Z');
  for (const file of await listFiles(dir)) {
    if (!(await lstat(path.join(dir, file))).isSymbolicLink()) await utimes(path.join(dir, file), then, then);
  }
}

async function lockOf(c: Case): Promise<{ files: Record<string, string>; deleted: Record<string, string>; conflicts: string[]; options: { operations: Record<string, string> } }> {
  return JSON.parse(await readFile(path.join(c.pkg, META, 'lock.json'), 'utf8'));
}

describe('edit, change the spec, regenerate (issue 5)', () => {
  it("keeps your edit to an action's title and adds the spec's new query parameter to that action", async () => {
    const c = await newCase('title-and-parameter');
    await editFile(c, LIST, retitleList);
    const want = await freshFrom(await changeSpec(c, spec.addTagQuery()));
    expect(want[LIST]).toContain("{ field: 'tag', name: 'tag', in: 'query'");
    expect(c.pristine[LIST]).not.toContain("name: 'tag', in: 'query'");

    const r = await runCli('generate', c.spec, '-o', c.pkg);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = [['merged', LIST], ...generatorChanges(c.pristine, want, [LIST])] as const;
    expect(r.stdout).toBe(report(lines, changedSummary(c, lines.length, 5)));
    expect(await readTree(c.pkg)).toEqual(withFiles(want, { [LIST]: retitleList(want[LIST]) }));
    typecheckAtEnd.push(c.pkg);
  });

  it('keeps a line you appended while the spec changes the top of the same file', async () => {
    const c = await newCase('appended-line');
    await editFile(c, CREATE, appendToCreate);
    const want = await freshFrom(await changeSpec(c, spec.describeCreatePet()));
    expect(want[CREATE]).toContain("title: 'Add a new pet to the store'");

    const r = await runCli('generate', c.spec, '-o', c.pkg);
    expect(r.code).toBe(0);
    const lines = [['merged', CREATE], ...generatorChanges(c.pristine, want, [CREATE])] as const;
    expect(r.stdout).toBe(report(lines, changedSummary(c, lines.length, 5)));
    expect(await readTree(c.pkg)).toEqual(withFiles(want, { [CREATE]: appendToCreate(want[CREATE]) }));
    typecheckAtEnd.push(c.pkg);
  });

  it('keeps your hand-written action registered in src/index.ts next to the action the spec adds', async () => {
    const c = await newCase('hand-written-action');
    const adopt = await fixture('adopt-pet.ts');
    await writeFile(path.join(c.pkg, ADOPT), adopt);
    await editFile(c, INDEX, registerAdopt);
    await age(c.pkg);
    const adoptBefore = (await snapshot(c.pkg))[ADOPT];
    const want = await freshFrom(await changeSpec(c, spec.addFeedPet()));
    expect(want[INDEX]).toContain('feed_pet: feedPet,');

    const r = await runCli('generate', c.spec, '-o', c.pkg);
    expect(r.code).toBe(0);
    // The hand-written file is not the generator's: not reported, not touched.
    const lines = [['merged', INDEX], ...generatorChanges(c.pristine, want, [INDEX])] as const;
    expect(lines).toContainEqual(['added', FEED]);
    expect(r.stdout).toBe(report(lines, changedSummary(c, lines.length, 6)));
    const tree = await readTree(c.pkg);
    expect(tree).toEqual(withFiles(want, { [INDEX]: registerAdopt(want[INDEX]), [ADOPT]: adopt }));
    expect(tree[INDEX]).toMatch(/feed_pet: feedPet,[^]*adopt_pet: adoptPet,/);
    expect((await snapshot(c.pkg))[ADOPT]).toBe(adoptBefore);
    expect(Object.keys((await lockOf(c)).files)).not.toContain(ADOPT);
    typecheckAtEnd.push(c.pkg);
  });

  it('leaves conflict markers when you and the spec change the same line, refuses to run on until resolved or forced', async () => {
    const c = await newCase('conflict');
    const rewriteDescription: Change = (t) =>
      replaceOnce(t, "  description: 'List all pets',\n", "  description: 'Lists the pets in the store, 100 at most per page.',\n");
    await editFile(c, LIST, rewriteDescription);
    const G2 = await freshFrom(await changeSpec(c, spec.describeListPets()));

    const r = await runCli('generate', c.spec, '-o', c.pkg);
    expect(r.code).toBe(2);
    const lines = [['conflicted', LIST], ...generatorChanges(c.pristine, G2, [LIST])] as const;
    expect(r.stdout).toBe(report(lines, changedSummary(c, lines.length, 5)));
    expect(r.stderr).toBe(`1 file(s) have merge conflicts; resolve the <<<<<<< markers, then run again:\n  ${LIST}\n`);
    // The new summary changes the title and the description, two neighbouring lines: one conflict spanning both.
    const pair = (t: string): string => /^ {2}title: .*\n {2}description: .*\n/m.exec(t)?.[0] ?? '(none)';
    const base = pair(c.pristine[LIST]);
    const theirs = pair(G2[LIST]);
    expect(theirs).toBe("  title: 'List every pet in the store',\n  description: 'List every pet in the store',\n");
    const markers = `<<<<<<< yours\n${rewriteDescription(base)}||||||| base\n${base}=======\n${theirs}>>>>>>> generated\n`;
    const conflicted = replaceOnce(G2[LIST], theirs, markers);
    expect(await readTree(c.pkg)).toEqual(withFiles(G2, { [LIST]: conflicted }));
    expect((await lockOf(c)).conflicts).toEqual([LIST]);

    // The next run refuses while the markers remain, whatever changed, and writes nothing.
    const G3 = await freshFrom(await changeSpec(c, spec.addFieldsQuery()));
    await age(c.pkg);
    const untouched = await snapshot(c.pkg);
    const markerLine = conflicted.split('\n').indexOf('<<<<<<< yours') + 1;
    const refusal =
      'error: Conflict markers from an earlier regeneration remain in 1 file:\n' +
      `  ${LIST}: line ${markerLine}\n` +
      'Resolve them (keep what you want between <<<<<<< and >>>>>>>, then remove the marker lines) and run again, ' +
      'or pass --force to regenerate anyway. Nothing was written.\n' +
      `${path.relative(process.cwd(), path.join(c.pkg, LIST))}:${markerLine}: error unresolved-conflict: ` +
      `${LIST}:${markerLine}: conflict markers from an earlier regeneration\n`;
    for (const argv of [['generate', c.spec, '-o', c.pkg], ['update', c.pkg]]) {
      const again = await runCli(...argv);
      expect(again).toEqual({ code: 1, stdout: '', stderr: refusal });
    }
    expect(await snapshot(c.pkg)).toEqual(untouched);

    // --force goes on: the other changes land, the markers stay, and the file is still reported as conflicted.
    const forced = await runCli('generate', c.spec, '-o', c.pkg, '--force');
    expect(forced.code).toBe(2);
    const forcedLines = generatorChanges(G2, G3);
    expect(forcedLines).toContainEqual(['updated', SHOW]);
    expect(forced.stdout).toBe(report(forcedLines, changedSummary(c, forcedLines.length, 5)));
    expect(forced.stderr).toBe(`1 file(s) have merge conflicts; resolve the <<<<<<< markers, then run again:\n  ${LIST}\n`);
    expect(await readTree(c.pkg)).toEqual(withFiles(G3, { [LIST]: conflicted }));
    expect((await lockOf(c)).conflicts).toEqual([LIST]);

    // Resolved (the generated title, your description): the next run proceeds and then the folder is up to date.
    const [generatedTitle] = theirs.split('\n');
    const [, yourDescription] = rewriteDescription(base).split('\n');
    const resolved = replaceOnce(conflicted, markers, `${generatedTitle}\n${yourDescription}\n`);
    await writeFile(path.join(c.pkg, LIST), resolved);
    const next = await runCli('update', c.pkg);
    expect(next).toEqual({ code: 0, stdout: `${c.pkg}: no file changed (5 actions, 0 triggers).\n`, stderr: '' });
    expect((await lockOf(c)).conflicts).toEqual([]);
    expect(await runCli('update', c.pkg)).toEqual({
      code: 0,
      stdout: `${c.pkg} is up to date: spec, options and generator unchanged; nothing written.\n`,
      stderr: '',
    });
    expect(G3[LIST]).toBe(G2[LIST]);
    expect(await readTree(c.pkg)).toEqual(withFiles(G3, { [LIST]: replaceOnce(G3[LIST], theirs, `${generatedTitle}\n${yourDescription}\n`) }));
    typecheckAtEnd.push(c.pkg);
  });

  it('does not bring back an action file you deleted, and says so on every run', async () => {
    const c = await newCase('deleted-by-user');
    await rm(path.join(c.pkg, SHOW));
    await editFile(c, INDEX, unregisterShow);
    const want = await freshFrom(await changeSpec(c, spec.addFieldsQuery()));
    expect(want[SHOW]).not.toBe(c.pristine[SHOW]);

    const r = await runCli('generate', c.spec, '-o', c.pkg);
    expect(r.code).toBe(0);
    const kept: Line = ['kept-deleted', SHOW, 'you deleted it; not written again'];
    const lines = [kept, ...generatorChanges(c.pristine, want, [SHOW])];
    expect(r.stdout).toBe(report(lines, changedSummary(c, lines.length, 5)));
    expect(await readTree(c.pkg)).toEqual(withFiles(want, { [SHOW]: null, [INDEX]: unregisterShow(want[INDEX]) }));
    expect(Object.keys((await lockOf(c)).deleted)).toEqual([SHOW]);

    // A later change to the same action still does not resurrect it.
    const want2 = await freshFrom(await changeSpec(c, spec.describeCreatePet()));
    const r2 = await runCli('update', c.pkg);
    expect(r2.code).toBe(0);
    const lines2 = [kept, ...generatorChanges(want, want2, [SHOW])];
    expect(r2.stdout).toBe(report(lines2, changedSummary(c, lines2.length, 5)));
    expect(await readTree(c.pkg)).toEqual(withFiles(want2, { [SHOW]: null, [INDEX]: unregisterShow(want2[INDEX]) }));
    typecheckAtEnd.push(c.pkg);
  });

  it('deletes the file of an operation removed from the spec when you never edited it', async () => {
    const c = await newCase('removed-unedited');
    const want = await freshFrom(await changeSpec(c, spec.removeDeletePet()));
    expect(want[DELETE]).toBeUndefined();
    expect(want[INDEX]).not.toContain('deletePet');

    const r = await runCli('generate', c.spec, '-o', c.pkg);
    expect(r.code).toBe(0);
    const lines = generatorChanges(c.pristine, want);
    expect(lines).toContainEqual(['deleted', DELETE, 'no longer generated']);
    expect(r.stdout).toBe(report(lines, changedSummary(c, lines.length, 4)));
    expect(await readTree(c.pkg)).toEqual(want);
    expect(Object.keys((await lockOf(c)).files)).not.toContain(DELETE);
    typecheckAtEnd.push(c.pkg);
  });

  it('keeps and reports the file of an operation removed from the spec when you edited it', async () => {
    const c = await newCase('removed-edited');
    await editFile(c, DELETE, noteOnDelete);
    const want = await freshFrom(await changeSpec(c, spec.removeDeletePet()));

    const r = await runCli('generate', c.spec, '-o', c.pkg);
    expect(r.code).toBe(0);
    const lines = [
      ['kept', DELETE, 'no longer generated; kept because you edited it, and no longer tracked'] as const,
      ...generatorChanges(c.pristine, want, [DELETE]),
    ];
    expect(r.stdout).toBe(report(lines, changedSummary(c, lines.length, 4)));
    expect(await readTree(c.pkg)).toEqual(withFiles(want, { [DELETE]: noteOnDelete(c.pristine[DELETE]) }));
    const lock = await lockOf(c);
    expect(Object.keys(lock.files)).not.toContain(DELETE);
    expect(Object.keys(lock.deleted)).not.toContain(DELETE);
    typecheckAtEnd.push(c.pkg);
  });

  it('moves your edits along when an operationId is renamed (same method and path)', async () => {
    const c = await newCase('renamed');
    const edits: Change = (t) => capList(retitleList(t));
    await editFile(c, LIST, edits);
    const want = await freshFrom(await changeSpec(c, spec.renameListPets()));
    expect(want[LIST]).toBeUndefined();
    expect(want[LIST_ALL]).toContain('export const listAllPets = ');

    const r = await runCli('generate', c.spec, '-o', c.pkg);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = [
      ['moved', LIST_ALL, `moved from ${LIST} with your edits`] as const,
      ...generatorChanges(c.pristine, want, [LIST, LIST_ALL]),
    ];
    expect(r.stdout).toBe(report(lines, changedSummary(c, lines.length, 5)));
    expect(await readTree(c.pkg)).toEqual(withFiles(want, { [LIST_ALL]: edits(want[LIST_ALL]) }));
    expect((await lockOf(c)).options.operations['GET /pets']).toBe(LIST_ALL);
    typecheckAtEnd.push(c.pkg);
  });

  it('touches nothing when spec, options and generator are unchanged, and says it is up to date', async () => {
    const c = await newCase('no-op');
    await editFile(c, LIST, retitleList);
    await age(c.pkg);
    const before = await snapshot(c.pkg);
    const upToDate = { code: 0, stdout: `${c.pkg} is up to date: spec, options and generator unchanged; nothing written.\n`, stderr: '' };
    expect(await runCli('generate', c.spec, '-o', c.pkg)).toEqual(upToDate);
    expect(await runCli('update', c.pkg)).toEqual(upToDate);
    // The spec saved again without a change (a new modification time, the same content) is no change.
    await writeFile(c.spec, await readFile(c.spec, 'utf8'));
    expect(await runCli('generate', c.spec, '-o', c.pkg)).toEqual(upToDate);
    // --force runs the whole pipeline, and still writes nothing when nothing would change.
    expect(await runCli('generate', c.spec, '-o', c.pkg, '--force')).toEqual({
      code: 0,
      stdout: `${c.pkg}: no file changed (5 actions, 0 triggers).\n`,
      stderr: '',
    });
    expect(await snapshot(c.pkg)).toEqual(before);
    expect(before[LIST]).toContain("title: 'List the pets in the store'");
  });

  it('--dry-run lists what would happen to each file and writes nothing; the real run then does just that', async () => {
    const c = await newCase('dry-run');
    await editFile(c, LIST, retitleList);
    await rm(path.join(c.pkg, SHOW));
    await editFile(c, INDEX, unregisterShow);
    const want = await freshFrom(await changeSpec(c, spec.addTagQuery(), spec.addFeedPet(), spec.removeDeletePet()));
    await age(c.pkg);
    const before = await snapshot(c.pkg);

    const lines = [
      ['merged', LIST] as const,
      ['merged', INDEX] as const,
      ['kept-deleted', SHOW, 'you deleted it; not written again'] as const,
      ...generatorChanges(c.pristine, want, [LIST, INDEX, SHOW]),
    ];
    expect(lines).toContainEqual(['added', FEED]);
    expect(lines).toContainEqual(['deleted', DELETE, 'no longer generated']);
    const dry = await runCli('generate', c.spec, '-o', c.pkg, '--dry-run');
    expect(dry).toEqual({
      code: 0,
      stdout: report(lines, `dry run: ${lines.length} file(s) would change in ${c.pkg}; nothing written.`),
      stderr: '',
    });
    expect(await runCli('update', c.pkg, '--dry-run')).toEqual(dry);
    expect(await snapshot(c.pkg)).toEqual(before);

    const real = await runCli('generate', c.spec, '-o', c.pkg);
    expect(real).toEqual({ code: 0, stdout: report(lines, changedSummary(c, lines.length, 5)), stderr: '' });
    expect(await readTree(c.pkg)).toEqual(
      withFiles(want, { [LIST]: retitleList(want[LIST]), [INDEX]: unregisterShow(want[INDEX]), [SHOW]: null }),
    );
    typecheckAtEnd.push(c.pkg);
  });

  it('`update <dir>` reruns the generation recorded in the lock, with the spec edited in place', async () => {
    const c = await newCase('update');
    await editFile(c, LIST, capList);
    const want = await freshFrom(await changeSpec(c, spec.addTagQuery(), spec.addFeedPet()));

    const r = await runCli('update', c.pkg);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = [['merged', LIST] as const, ...generatorChanges(c.pristine, want, [LIST])];
    expect(r.stdout).toBe(report(lines, changedSummary(c, lines.length, 6)));
    expect(await readTree(c.pkg)).toEqual(withFiles(want, { [LIST]: capList(want[LIST]) }));

    const stranger = path.join(c.dir, 'not-generated');
    await mkdir(stranger);
    expect(await runCli('update', stranger)).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: ${stranger}: not a connector-gen output (no .connector-gen/lock.json); use \`connector-gen generate <spec> -o ${stranger}\`\n`,
    });
    typecheckAtEnd.push(c.pkg);
  });

  it('leaves a file you created where a new action wants to go alone, and reports it', async () => {
    const c = await newCase('in-the-way');
    // Written before the spec had the operation, exporting the name the index will import.
    const mine = (await fixture('adopt-pet.ts')).replaceAll('adoptPet', 'feedPet').replaceAll('AdoptPet', 'FeedPet');
    await writeFile(path.join(c.pkg, FEED), mine);
    const want = await freshFrom(await changeSpec(c, spec.addFeedPet()));

    const r = await runCli('generate', c.spec, '-o', c.pkg);
    expect(r.code).toBe(0);
    const skipped: Line = [
      'skipped',
      FEED,
      'a file you created is in the way; the generated version was not written (remove yours to get it)',
    ];
    const lines = [skipped, ...generatorChanges(c.pristine, want, [FEED])];
    expect(r.stdout).toBe(report(lines, changedSummary(c, lines.length, 6)));
    expect(await readTree(c.pkg)).toEqual(withFiles(want, { [FEED]: mine }));
    expect(Object.keys((await lockOf(c)).files)).not.toContain(FEED);
    typecheckAtEnd.push(c.pkg);

    // "Remove yours to get it": with nothing else changed, the next run writes the generated file.
    await rm(path.join(c.pkg, FEED));
    expect(await runCli('update', c.pkg)).toEqual({
      code: 0,
      stdout: report([['added', FEED]], changedSummary(c, 1, 6)),
      stderr: '',
    });
    expect(await readTree(c.pkg)).toEqual(want);
    expect(Object.keys((await lockOf(c)).files)).toContain(FEED);
  });

  it('converges after a run interrupted at any step, and never loses your edit', async () => {
    const c = await newCase('interrupted');
    await editFile(c, LIST, capList);
    await changeSpec(c, spec.renameListPets(), spec.addFeedPet(), spec.removeDeletePet());
    const start = path.join(c.dir, 'start');
    await cp(c.pkg, start, { recursive: true });

    const steps: string[] = [];
    await generate(c.spec, c.pkg, {}, { parallelism: 1, beforeStep: (_n, action) => steps.push(action) });
    const want = await readTree(c.pkg, true);
    expect(want[LIST_ALL]).toContain('records.slice(0, 50)');
    expect(want[DELETE]).toBeUndefined();
    // Stopping before a rename leaves the temp file written; stopping before the next temp write leaves the same
    // folder without it. So every step but the temp writes (and the last one) covers every state a stop can leave.
    const stops = steps.flatMap((action, i) => (action !== 'write-temp' || i === steps.length - 1 ? [i + 1] : []));
    expect(stops.length).toBeGreaterThan(10);

    for (const stop of stops) {
      const run = path.join(c.dir, `run-${stop}`);
      await cp(start, run, { recursive: true });
      const interrupted = generate(c.spec, run, {}, {
        parallelism: 1,
        beforeStep: (n) => {
          if (n >= stop) throw new Error(`interrupted at step ${stop}`);
        },
      });
      await expect(interrupted).rejects.toThrow(`interrupted at step ${stop}`);
      const between = await readTree(run, true);
      // The edit is on disk throughout, under the old name or the new one.
      expect([between[LIST], between[LIST_ALL]].some((t) => t?.includes('records.slice(0, 50)')), `stop ${stop}`).toBe(true);
      // The lock on disk (old or new) describes no file that is missing, except one this run was deleting.
      const lock = JSON.parse(between[`${META}/lock.json`]) as { files: Record<string, string> };
      const missing = Object.keys(lock.files).filter((file) => between[file] === undefined);
      expect(missing.filter((file) => want[file] !== undefined), `stop ${stop}`).toEqual([]);

      const again = await runCli('generate', c.spec, '-o', run);
      expect(again.stderr, `stop ${stop}`).toBe('');
      expect(again.code, `stop ${stop}`).toBe(0);
      expect(await readTree(run, true), `stop ${stop}`).toEqual(want);
      await rm(run, { recursive: true });
    }
  });

  const links: [string, (c: Case, outside: string) => Promise<string>][] = [
    [
      'a folder of actions moved outside and linked back in',
      async (c, outside) => {
        await cp(path.join(c.pkg, 'src/actions'), path.join(outside, 'actions'), { recursive: true });
        await rm(path.join(c.pkg, 'src/actions'), { recursive: true });
        await symlink(path.join(outside, 'actions'), path.join(c.pkg, 'src/actions'));
        return 'src/actions';
      },
    ],
    [
      'a README linked to a file outside',
      async (c, outside) => {
        await copyFile(path.join(c.pkg, 'README.md'), path.join(outside, 'README.md'));
        await rm(path.join(c.pkg, 'README.md'));
        await symlink(path.join(outside, 'README.md'), path.join(c.pkg, 'README.md'));
        return 'README.md';
      },
    ],
  ];
  it.each(links)('refuses to write through a symlink leading outside the folder: %s', async (name, link) => {
    const c = await newCase(`symlink-${links.findIndex(([n]) => n === name)}`);
    const outside = path.join(c.dir, 'outside');
    await mkdir(outside);
    const linked = await link(c, outside);
    await changeSpec(c, spec.addTagQuery());
    await age(c.pkg);
    await age(outside);
    const before = { pkg: await snapshot(c.pkg), outside: await snapshot(outside) };
    const target = await realpath(path.join(c.pkg, linked));

    for (const extra of [['--dry-run'], []]) {
      const r = await runCli('generate', c.spec, '-o', c.pkg, ...extra);
      expect(r).toEqual({
        code: 1,
        stdout: '',
        stderr: `error: Refusing to write through ${linked}: it is a symbolic link to ${target}, outside the output folder. Nothing was written.\n`,
      });
    }
    expect({ pkg: await snapshot(c.pkg), outside: await snapshot(outside) }).toEqual(before);
  });

  it('every package merged without conflicts (or resolved) still type-checks', async () => {
    expect(typecheckAtEnd.length).toBeGreaterThanOrEqual(10);
    // One tsc run over all of them: each package's own compiler options, every package's sources.
    const config = {
      extends: './' + path.relative(root, path.join(typecheckAtEnd[0], 'tsconfig.json')),
      compilerOptions: { rootDir: '.', noEmit: true },
      include: typecheckAtEnd.map((pkg) => `${path.relative(root, pkg)}/src/**/*.ts`),
    };
    await writeFile(path.join(root, 'tsconfig.json'), JSON.stringify(config, null, 2));
    expect(await typecheck(root)).toBe('');
  }, 180_000);
});
