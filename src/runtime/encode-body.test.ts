import { describe, expect, it } from 'vitest';
import { createContext } from './http-client.js';
import { startServer, type Recorded } from './test-server.test.js';
import type { BodySpec, ConnectionDefinition, RequestSpec } from './types.js';

function connectionFor(url: string): ConnectionDefinition {
  return { fields: [], auth: [], baseUrl: { template: url, variables: {} } };
}

async function post(body: BodySpec, input: Record<string, unknown>): Promise<Recorded> {
  const server = await startServer();
  const spec: RequestSpec = { method: 'post', path: '/things', params: [], body, response: { status: '200', kind: 'json' } };
  await createContext(connectionFor(server.url), {}).request(spec, input);
  return server.requests[0]!;
}

const formBody = (extra: Partial<BodySpec> = {}): BodySpec => ({
  mediaType: 'application/x-www-form-urlencoded',
  encoding: 'form',
  required: true,
  mode: 'whole',
  field: 'body',
  ...extra,
});

type FormCase = [string, { value: Record<string, unknown>; encodings?: BodySpec['encodings']; want: string }];

// Bracket style as Stripe documents it (`metadata[key]=v`, `items[0][price]=p`, `expand[]=x`).
const formCases: FormCase[] = [
  ['scalars', { value: { amount: 2000, currency: 'usd', capture: false }, want: 'amount=2000&currency=usd&capture=false' }],
  ['nested object', { value: { metadata: { order_id: '6735', note: 'a b' } }, want: 'metadata[order_id]=6735&metadata[note]=a%20b' }],
  ['deeply nested object', { value: { card: { address: { line1: '1 Main' } } }, want: 'card[address][line1]=1%20Main' }],
  ['array of objects', { value: { items: [{ price: 'p_1', quantity: 2 }, { price: 'p_2' }] }, want: 'items[0][price]=p_1&items[0][quantity]=2&items[1][price]=p_2' }],
  ['array of scalars, default form explode', { value: { tags: ['a', 'b'] }, want: 'tags=a&tags=b' }],
  ['array of scalars, deepObject encoding', { value: { expand: ['customer', 'invoice'] }, encodings: { expand: { style: 'deepObject', explode: true } }, want: 'expand[]=customer&expand[]=invoice' }],
  ['array of scalars, form without explode', { value: { tags: ['a', 'b'] }, encodings: { tags: { style: 'form', explode: false } }, want: 'tags=a,b' }],
  ['array of scalars, pipeDelimited', { value: { tags: ['a', 'b'] }, encodings: { tags: { style: 'pipeDelimited', explode: false } }, want: 'tags=a|b' }],
  ['arrays inside objects', { value: { shipping: { lines: ['x', 'y'] } }, want: 'shipping[lines][]=x&shipping[lines][]=y' }],
  ['special characters in values', { value: { q: 'a&b=c+d/é' }, want: 'q=a%26b%3Dc%2Bd%2F%C3%A9' }],
  ['a file is its content', { value: { File: { filename: 'a.txt', text: 'hi there' }, n: 1 }, want: 'File=hi%20there&n=1' }],
  ['a binary file, byte by byte', { value: { File: { base64: Buffer.from([0x00, 0xff, 0x41]).toString('base64') } }, want: 'File=%00%FFA' }],
  ['absent values omitted, null sent empty', { value: { a: undefined, b: null, c: '' }, want: 'b=&c=' }],
];

describe('form bodies', () => {
  it.each(formCases)('%s', async (_, { value, encodings, want }) => {
    const req = await post(formBody(encodings ? { encodings } : {}), { body: value });
    expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(req.text).toBe(want);
  });

  it('builds the body from bound properties and wraps it in the envelope', async () => {
    const req = await post(
      formBody({ mode: 'properties', field: undefined, envelope: ['data'], properties: [{ field: 'pet_name', name: 'name', required: true }, { field: 'tag', name: 'tag', required: false }] }),
      { pet_name: 'Rex', unrelated: 'x' },
    );
    expect(req.text).toBe('data[name]=Rex');
  });
});

describe('JSON, text and binary bodies', () => {
  it('sends bound properties as JSON under the envelope, leaving absent ones out', async () => {
    const req = await post(
      {
        mediaType: 'application/vnd.api+json',
        encoding: 'json',
        required: true,
        mode: 'properties',
        envelope: ['data', 'attributes'],
        properties: [
          { field: 'pet_name', name: 'name', required: true },
          { field: 'tags', name: 'tags', required: false },
          { field: 'age', name: 'age', required: false },
        ],
      },
      { pet_name: 'Rex', tags: ['a'] },
    );
    expect(req.headers['content-type']).toBe('application/vnd.api+json');
    expect(req.text).toBe('{"data":{"attributes":{"name":"Rex","tags":["a"]}}}');
  });

  it('sends a whole-body field as JSON (an array body)', async () => {
    const req = await post({ mediaType: 'application/json', encoding: 'json', required: true, mode: 'whole', field: 'items' }, { items: [1, 2] });
    expect(req.text).toBe('[1,2]');
  });

  it('sends no body when an optional body has nothing set', async () => {
    const req = await post({ mediaType: 'application/json', encoding: 'json', required: false, mode: 'properties', properties: [{ field: 'a', name: 'a', required: false }] }, {});
    expect(req.text).toBe('');
    expect(req.headers['content-type']).toBeUndefined();
  });

  it('uses application/json for a wildcard media type', async () => {
    const req = await post({ mediaType: '*/*', encoding: 'json', required: true, mode: 'whole', field: 'b' }, { b: { x: 1 } });
    expect(req.headers['content-type']).toBe('application/json');
  });

  it('sends text as it is', async () => {
    const req = await post({ mediaType: 'text/plain', encoding: 'text', required: true, mode: 'whole', field: 'note' }, { note: 'line 1\nline 2' });
    expect(req.headers['content-type']).toBe('text/plain');
    expect(req.text).toBe('line 1\nline 2');
  });

  it('sends a binary FileInput as raw bytes with its content type', async () => {
    const bytes = Buffer.from([0, 1, 2, 250, 255]);
    const req = await post(
      { mediaType: 'application/octet-stream', encoding: 'binary', required: true, mode: 'whole', field: 'file' },
      { file: { base64: bytes.toString('base64'), contentType: 'image/png' } },
    );
    expect(req.headers['content-type']).toBe('image/png');
    expect([...req.body]).toEqual([...bytes]);
  });

  it('sends an XML string as it is', async () => {
    const req = await post({ mediaType: 'application/xml', encoding: 'xml', required: true, mode: 'whole', field: 'x' }, { x: '<pet><name>Rex</name></pet>' });
    expect(req.headers['content-type']).toBe('application/xml');
    expect(req.text).toBe('<pet><name>Rex</name></pet>');
  });
});

describe('multipart bodies', () => {
  it('sends files as file parts, objects as JSON parts and arrays as repeated parts', async () => {
    const png = Buffer.from([137, 80, 78, 71, 0, 255]);
    const req = await post(
      {
        mediaType: 'multipart/form-data',
        encoding: 'multipart',
        required: true,
        mode: 'properties',
        fileFields: ['photo'],
        properties: [
          { field: 'photo', name: 'file', required: true },
          { field: 'notes', name: 'notes', required: false },
          { field: 'meta', name: 'metadata', required: false },
          { field: 'tags', name: 'tags', required: false },
          { field: 'count', name: 'count', required: false },
        ],
      },
      {
        photo: { base64: png.toString('base64'), filename: 'cat.png', contentType: 'image/png' },
        notes: { text: 'hello notes', filename: 'notes.txt', contentType: 'text/plain' },
        meta: { owner: 'ann', n: 1 },
        tags: ['a', 'b'],
        count: 3,
      },
    );
    const contentType = String(req.headers['content-type']);
    expect(contentType).toMatch(/^multipart\/form-data; boundary=/);
    // Parse what the server got with the platform's own multipart parser.
    const form = await new Response(req.body, { headers: { 'content-type': contentType } }).formData();
    const file = form.get('file') as File;
    expect(file.name).toBe('cat.png');
    expect(file.type).toBe('image/png');
    expect([...new Uint8Array(await file.arrayBuffer())]).toEqual([...png]);
    expect(form.get('metadata')).toBe('{"owner":"ann","n":1}');
    expect(form.getAll('tags')).toEqual(['a', 'b']);
    expect(form.get('count')).toBe('3');
    // A text FileInput on a property not declared as a file is still a plain object part.
    expect(form.get('notes')).toBe('{"text":"hello notes","filename":"notes.txt","contentType":"text/plain"}');
  });

  it('sends an object part as bracketed fields when its encoding gives a style', async () => {
    const req = await post(
      {
        mediaType: 'multipart/form-data',
        encoding: 'multipart',
        required: true,
        mode: 'properties',
        properties: [{ field: 'meta', name: 'meta', required: true }],
        encodings: { meta: { style: 'deepObject', explode: true } },
      },
      { meta: { a: 'x', b: { c: 1 } } },
    );
    const form = await new Response(req.body, { headers: { 'content-type': String(req.headers['content-type']) } }).formData();
    expect([...form.entries()]).toEqual([
      ['meta[a]', 'x'],
      ['meta[b][c]', '1'],
    ]);
  });

  it('sends a text FileInput on a declared file field as a file', async () => {
    const req = await post(
      { mediaType: 'multipart/form-data', encoding: 'multipart', required: true, mode: 'properties', fileFields: ['doc'], properties: [{ field: 'doc', name: 'doc', required: true }] },
      { doc: { text: 'a,b\n1,2\n', filename: 'data.csv', contentType: 'text/csv' } },
    );
    const form = await new Response(req.body, { headers: { 'content-type': String(req.headers['content-type']) } }).formData();
    const file = form.get('doc') as File;
    expect(file.name).toBe('data.csv');
    expect(file.type).toBe('text/csv');
    expect(await file.text()).toBe('a,b\n1,2\n');
  });
});
