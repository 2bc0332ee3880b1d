/**
 * exec's cache of transpiled packages (load-connector.ts): one entry per content of a package's sources, reused
 * while the sources stay the same, and pruned so that it does not grow with every edit.
 */
import { appendFile, mkdir, mkdtemp, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../cli/generate.js';
import { UserError } from '../diagnostics.js';
import { CACHE_IN_USE_MS, CACHE_MAX_AGE_MS, CACHE_MAX_ENTRIES, loadConnector, pruneCache } from './load-connector.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const HOUR = 3600 * 1000;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'connector-gen-exec-cache-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A cache entry (a folder with its package.json marker) last used `ago` ms before `now`. */
async function entry(cache: string, name: string, now: number, ago: number): Promise<void> {
  await mkdir(path.join(cache, name), { recursive: true });
  await writeFile(path.join(cache, name, 'package.json'), '{ "type": "module" }\n');
  const when = new Date(now - ago);
  await utimes(path.join(cache, name, 'package.json'), when, when);
}

describe('pruneCache', () => {
  it('removes entries unused for a week and staging folders left over an hour, and keeps the rest', async () => {
    const cache = path.join(dir, 'ages');
    const now = Date.now();
    await entry(cache, 'old', now, CACHE_MAX_AGE_MS + HOUR);
    await entry(cache, 'recent', now, CACHE_MAX_AGE_MS - HOUR);
    await mkdir(path.join(cache, 'stale.123.tmp', 'actions'), { recursive: true });
    await utimes(path.join(cache, 'stale.123.tmp'), new Date(now - 2 * HOUR), new Date(now - 2 * HOUR));
    await mkdir(path.join(cache, 'building.456.tmp'), { recursive: true });
    // Not an entry of ours (no marker): left alone.
    await mkdir(path.join(cache, 'unknown'), { recursive: true });
    await pruneCache(cache, now);
    expect((await readdir(cache)).sort()).toEqual(['building.456.tmp', 'recent', 'unknown']);
  });

  it('keeps at most CACHE_MAX_ENTRIES, the most recently used, but never one used within the hour', async () => {
    const cache = path.join(dir, 'count');
    const now = Date.now();
    // Used 2, 3, … hours ago: the two least recently used are beyond the limit.
    for (let i = 0; i < CACHE_MAX_ENTRIES + 2; i++) await entry(cache, `e${String(i).padStart(3, '0')}`, now, (i + 2) * HOUR);
    // In use (just now): over the limit as well, but kept.
    for (let i = 0; i < 3; i++) await entry(cache, `busy${i}`, now, CACHE_IN_USE_MS / 2);
    await pruneCache(cache, now);
    const left = (await readdir(cache)).sort();
    expect(left.filter((name) => name.startsWith('busy'))).toEqual(['busy0', 'busy1', 'busy2']);
    const kept = left.filter((name) => name.startsWith('e'));
    // The 3 busy ones count first: the 61 most recently used others stay.
    expect(kept).toEqual(Array.from({ length: CACHE_MAX_ENTRIES - 3 }, (_, i) => `e${String(i).padStart(3, '0')}`));
  });
});

describe('loadConnector', () => {
  let pkg: string;
  beforeAll(async () => {
    pkg = path.join(dir, 'petstore');
    await generate(path.join(repoRoot, 'specs', 'petstore-openapi30.yaml'), pkg);
  });

  it('builds one entry, reuses it and renews its time, and prunes when it adds one', async () => {
    const cache = path.join(dir, 'cache');
    await entry(cache, 'forgotten', Date.now(), CACHE_MAX_AGE_MS + HOUR);
    const first = await loadConnector(pkg, cache);
    expect(Object.keys(first.connector.actions)).toContain('list_pets');
    const entries = await readdir(cache);
    // The week-old entry went when this one was added; no staging folder is left.
    expect(entries).toHaveLength(1);
    const marker = path.join(cache, entries[0]!, 'package.json');
    const longAgo = new Date(Date.now() - 2 * HOUR);
    await utimes(marker, longAgo, longAgo);
    await loadConnector(pkg, cache);
    expect(await readdir(cache)).toEqual(entries);
    expect((await stat(marker)).mtimeMs).toBeGreaterThan(longAgo.getTime() + HOUR);
  });

  it('refuses a syntax error with its file and line, and leaves no staging folder', async () => {
    const cache = path.join(dir, 'broken-cache');
    await appendFile(path.join(pkg, 'src', 'connection.ts'), '\nexport const = ;\n');
    const error = await loadConnector(pkg, cache).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toMatch(/^src\/connection\.ts:\d+: /);
    expect(await readdir(cache).catch(() => [])).toEqual([]);
  });
});
