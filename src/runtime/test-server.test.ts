/**
 * A real HTTP server on 127.0.0.1 that records every request, shared by the runtime's tests.
 * (It lives in a `.test.ts` file so it is never copied into generated packages.)
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';

export interface Recorded {
  readonly method: string;
  /** Path and query exactly as received. */
  readonly url: string;
  readonly pathname: string;
  /** Raw query string without `?`. */
  readonly query: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  readonly text: string;
}

export type Handler = (req: Recorded, res: ServerResponse, index: number) => void | Promise<void>;

export interface TestServer {
  readonly url: string;
  readonly requests: Recorded[];
  close(): Promise<void>;
}

const open: TestServer[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

/** Starts a server; each request is recorded, then handed to `handler` (default: 200 `{"ok":true}`). */
export async function startServer(handler: Handler = (_, res) => json(res, 200, { ok: true })): Promise<TestServer> {
  const requests: Recorded[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const url = req.url ?? '/';
      const q = url.indexOf('?');
      const recorded: Recorded = {
        method: req.method ?? '',
        url,
        pathname: q < 0 ? url : url.slice(0, q),
        query: q < 0 ? '' : url.slice(q + 1),
        headers: req.headers,
        body,
        text: body.toString('utf8'),
      };
      requests.push(recorded);
      Promise.resolve(handler(recorded, res, requests.length - 1)).catch((error: unknown) => {
        res.writeHead(500).end(String(error));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const testServer: TestServer = {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  open.push(testServer);
  return testServer;
}

describe('test server', () => {
  it('records method, path, query, headers and body', async () => {
    const server = await startServer();
    const response = await fetch(`${server.url}/a/b?x=1&y=%20`, { method: 'POST', headers: { 'x-test': 'yes' }, body: 'hello' });
    expect(await response.json()).toEqual({ ok: true });
    expect(server.requests).toHaveLength(1);
    const [req] = server.requests;
    expect(req).toMatchObject({ method: 'POST', pathname: '/a/b', query: 'x=1&y=%20', text: 'hello' });
    expect(req?.headers['x-test']).toBe('yes');
  });
});
