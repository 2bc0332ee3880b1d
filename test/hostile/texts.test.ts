/**
 * Text from a spec is data, never code: titles, summaries, descriptions, examples, defaults, enum values,
 * patterns, server URLs and security scheme names holding comment ends, backticks, `${…}`, quotes,
 * backslashes, line breaks (U+2028/U+2029 too), `</script>`, `{{…}}` and NUL. The package compiles, importing
 * it runs nothing from the spec (each payload would set a global sentinel), and the texts arrive unchanged.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planSpec } from '../../src/cli/generate.js';
import { loadConnector, type LoadedConnector } from '../../src/exec/load-connector.js';
import type { Plan } from '../../src/plan/types.js';
import { PRISTINE_FILE, parseStore } from '../../src/write/pristine-store.js';
import { removeDir, runCli, tempDir, typecheck } from '../helpers.js';
import { expectSafeFileNames, fixtures } from './support.js';

const spec = path.join(fixtures, 'texts.json');
const sentinel = globalThis as { __hostile?: unknown };
let out: string;
let doc: any;
let plan: Plan;

beforeAll(async () => {
  out = path.join(await tempDir('hostile-texts'), 'pkg');
  doc = JSON.parse(await readFile(spec, 'utf8'));
  plan = (await planSpec(spec)).plan;
});
afterAll(async () => {
  await removeDir(path.dirname(out));
});

/** Every string in a value, keys included. */
function strings(value: unknown, into: string[] = []): string[] {
  if (typeof value === 'string') into.push(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, into);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      into.push(k);
      strings(v, into);
    }
  }
  return into;
}

describe('hostile texts', () => {
  let loaded: LoadedConnector;

  it('generate succeeds without a stack trace', async () => {
    const r = await runCli('generate', spec, '-o', out);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.code, r.stderr).toBe(0);
    await expectSafeFileNames(out);
  });

  it('the package type-checks strictly', async () => {
    expect(await typecheck(out)).toBe('');
  });

  it('importing the package runs nothing from the spec', async () => {
    delete sentinel.__hostile;
    loaded = await loadConnector(out);
    expect(sentinel.__hostile).toBeUndefined();
    expect(Object.keys(loaded.connector.actions).sort()).toEqual(plan.actions.map((a) => a.key).sort());
  });

  it('package.json is valid JSON and keeps the description', async () => {
    const pkg = JSON.parse(await readFile(path.join(out, 'package.json'), 'utf8'));
    expect(typeof pkg.description).toBe('string');
    expect(pkg.description).toContain("*/ globalThis.__hostile = 'comment'; /*");
    expect(pkg.description).toContain('{{constructor.constructor(');
  });

  it('no generated file carries a raw NUL or other control character', async () => {
    const files = await expectSafeFileNames(out);
    for (const file of files) {
      // The pristine store is binary by design (its first line has a NUL, so git never converts its line
      // endings); the contents it holds are checked instead.
      const texts = file === PRISTINE_FILE ? [...parseStore(await readFile(path.join(out, file))).values()] : [await readFile(path.join(out, file), 'utf8')];
      for (const text of texts) expect(text, file).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    }
    expect(files).toContain(PRISTINE_FILE);
  });

  it('what the plan says arrives in the package unchanged', () => {
    const c = loaded.connector;
    expect(c.title).toBe(plan.title);
    expect(c.description).toBe(plan.description);
    for (const a of plan.actions) {
      const got = c.actions[a.key]!;
      expect(got.title, a.key).toBe(a.title);
      expect(got.description, a.key).toBe(a.description);
      expect(got.inputSchema, a.key).toEqual(a.inputSchema);
      expect(got.outputSchema, a.key).toEqual(a.outputSchema);
      expect(got.inputFields.map((f) => [f.name, f.label, f.hint, f.default]), a.key).toEqual(a.inputFields.map((f) => [f.name, f.label, f.hint, f.default]));
      if (a.sampleOutput !== undefined) expect(got.sampleOutput, a.key).toEqual(a.sampleOutput);
    }
    for (const t of plan.triggers) {
      expect(c.triggers[t.key]!.title, t.key).toBe(t.title);
      expect(c.triggers[t.key]!.inputSchema, t.key).toEqual(t.inputSchema);
    }
    for (const o of plan.objectDefinitions) {
      expect(c.objectDefinitions[o.key]!.title, o.key).toBe(o.title);
      expect(c.objectDefinitions[o.key]!.schema, o.key).toEqual(o.schema);
    }
    for (const p of plan.pickLists) {
      if (p.kind === 'static') expect((c.pickLists[p.key] as { options: unknown }).options, p.key).toEqual(p.options);
    }
    expect(c.connection.baseUrl.template).toBe(plan.connection.baseUrl.template);
    expect(c.connection.fields.map((f) => [f.name, f.hint, f.default, f.options])).toEqual(
      plan.connection.fields.map((f) => [f.name, f.hint, f.default, f.options]),
    );
  });

  it('texts copied as data are the spec text, byte for byte', () => {
    const c = loaded.connector;
    const getItem = doc.paths['/items/{item_id}'].get;
    const input = c.actions.get_item!.inputSchema as any;
    expect(input.properties.item_id.pattern).toBe(getItem.parameters[0].schema.pattern);
    expect(input.properties.mode.enum).toEqual(getItem.parameters[1].schema.enum);
    expect(input.properties.mode.default).toBe(getItem.parameters[1].schema.default);
    const item = doc.components.schemas.Item;
    const schema = c.objectDefinitions.item!.schema as any;
    expect(schema.properties.text.default).toBe(item.properties.text.default);
    expect(schema.properties.text.pattern).toBe(item.properties.text.pattern);
    expect(schema.properties.kind.enum).toEqual(item.properties.kind.enum);
    expect(c.connection.baseUrl.template).toBe(doc.servers[0].url);
    const regionField = c.connection.fields.find((f) => f.name === 'region')!;
    expect(regionField.options!.map(([, v]) => v)).toEqual(doc.servers[0].variables.region.enum);
    const apiKey = c.connection.auth.find((a) => a.type === 'api_key')!;
    expect(apiKey.type === 'api_key' && apiKey.paramName).toBe(doc.components.securitySchemes.api_key.name);
    const oauth = c.connection.auth.find((a) => a.type === 'oauth2')!;
    expect(oauth.type === 'oauth2' && oauth.tokenUrl).toBe(doc.components.securitySchemes.oauth.flows.authorizationCode.tokenUrl);
    expect(oauth.type === 'oauth2' && oauth.scopes).toEqual(doc.security[1].oauth);
    // Every payload reached the package whole somewhere (none was lost or mangled on the way).
    const all = new Set(strings(c));
    for (const payload of item.properties.kind.enum as string[]) expect(all.has(payload), JSON.stringify(payload)).toBe(true);
    expect(all.has(doc.info.description)).toBe(true);
  });
});
