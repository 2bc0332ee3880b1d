/**
 * The generated connector.rb, run: emitted from the fixture plan, checked with `ruby -c`, loaded by the harness
 * and driven against a local server; every test asserts the exact requests the server received.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { fixturePlan } from './fixtures/plan.js';
import {
  emitToTemp,
  multipartParts,
  ok,
  requireRuby,
  rubySyntaxError,
  runHarness,
  sendJson,
  startRecorder,
  type Recorder,
  type Reply,
  type Step,
} from './ruby.js';

let dir = '';
let connector = '';
let server: Recorder;
let reply: Reply = (_req, res) => sendJson(res, 200, {});

beforeAll(async () => {
  await requireRuby();
  ({ dir, connector } = await emitToTemp(fixturePlan(), 'pets.yaml'));
  server = await startRecorder((req, res) => reply(req, res));
});

afterAll(async () => {
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Runs steps with API-key auth against the recorder (base URL override → the local server + /v1). */
async function drive(steps: Step[], settings: Record<string, unknown> = {}, handler?: Reply) {
  server.requests.length = 0;
  if (handler) reply = handler;
  const out = await runHarness(connector, { auth_type: 'api_key_header', api_key: 'k-123', base_url: `${server.url}/v1`, ...settings }, steps);
  return { ...out, requests: [...server.requests] };
}

describe('connector.rb from the fixture plan', () => {
  it('is valid Ruby', async () => {
    expect(await rubySyntaxError(connector)).toBe('');
  });

  it('builds the base URI from the server variable (default and selected), or the base_url override', async () => {
    const out = await runHarness(connector, { auth_type: 'api_key_header' }, [{ op: 'base_uri' }]);
    expect(ok(out.results[0])).toBe('https://us.pets.example/v1/');
    const eu = await runHarness(connector, { region: 'eu' }, [{ op: 'base_uri' }]);
    expect(ok(eu.results[0])).toBe('https://eu.pets.example/v1/');
    const override = await runHarness(connector, { base_url: 'http://127.0.0.1:9/x' }, [{ op: 'base_uri' }]);
    expect(ok(override.results[0])).toBe('http://127.0.0.1:9/x/');
  });

  it('runs the test request with the API key header', async () => {
    const { results, requests } = await drive([{ op: 'test' }], {}, (_req, res) => sendJson(res, 200, { id: 1 }));
    expect(ok(results[0])).toEqual({ id: 1 });
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ method: 'GET', path: '/v1/me', query: '' });
    expect(requests[0]?.headers['x-api-key']).toBe('k-123');
  });
});
