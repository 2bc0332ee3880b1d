import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../diagnostics.js';
import { MAX_OPERATIONS, planSpec } from './generate.js';

describe('an API too large to generate whole', () => {
  let dir: string;
  let spec: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'connector-gen-huge-'));
    const paths: Record<string, unknown> = {};
    for (let i = 0; i <= MAX_OPERATIONS; i++) {
      const tag = i < 10 ? 'small' : 'big';
      paths[`/${tag}/r${i}`] = { get: { operationId: `get${i}`, tags: [tag], responses: { 200: { description: 'ok' } } } };
    }
    spec = path.join(dir, 'huge.json');
    await writeFile(spec, JSON.stringify({ openapi: '3.0.3', info: { title: 'Huge', version: '1' }, paths }));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('is refused with how to choose a part, before it is planned', async () => {
    const error = await planSpec(spec).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    const message = (error as UserError).message;
    expect(message).toContain(`has ${(MAX_OPERATIONS + 1).toLocaleString('en')} operations`);
    expect(message).toContain('{ "include": { "tags": ["big"] } }');
    expect(message).toContain(`Largest tags: big (${MAX_OPERATIONS + 1 - 10}), small (10).`);
    expect((error as UserError).diagnostics.map((d) => d.code)).toEqual(['too-many-operations']);
    // Located like every other refusal: file, pointer and line.
    const [d] = (error as UserError).diagnostics;
    expect([path.basename(d!.file ?? ''), d!.pointer, d!.line]).toEqual(['huge.json', '/paths', 1]);
  });

  it('is generated a part at a time, chosen by an include filter in the config', async () => {
    const config = path.join(dir, 'connector-gen.config.json');
    await writeFile(config, JSON.stringify({ include: { tags: ['small'] } }));
    const { plan } = await planSpec(spec, { config });
    expect(plan.actions).toHaveLength(10);
  });
});
