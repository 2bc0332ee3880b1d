/**
 * Test helpers for the Workato target: Ruby (syntax check, the harness), a recording HTTP server on loopback,
 * and emitting a plan into a temporary folder.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { emitWorkato } from '../../src/emit/workato/index.js';
import type { Plan } from '../../src/plan/types.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const harnessFile = path.join(here, 'harness.rb');

interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function run(command: string, args: readonly string[]): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { maxBuffer: 64 * 1024 * 1024, timeout: 120_000 }, (error, stdout, stderr) => {
      if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
        reject(new Error(`${command} is not installed: these tests need Ruby (Debian: apt-get install -y ruby)`));
        return;
      }
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      const signal = error?.signal ? `killed by ${error.signal}${error.killed ? ' (timeout)' : ''}` : '';
      resolve({ code, stdout, stderr: stderr || signal });
    });
  });
}

/** Fails with a clear message when Ruby is missing (the tests must not pass without it). */
export async function requireRuby(): Promise<string> {
  const result = await run('ruby', ['-v']);
  if (result.code !== 0) throw new Error(`ruby -v failed: ${result.stderr}`);
  return result.stdout.trim();
}

/** `ruby -c file`: '' when the syntax is valid, else Ruby's message. */
export async function rubySyntaxError(file: string): Promise<string> {
  const result = await run('ruby', ['-c', file]);
  return result.code === 0 && result.stdout.includes('Syntax OK') ? '' : result.stderr || result.stdout || `exit ${result.code}`;
}

export type Step = Readonly<Record<string, unknown>> & { readonly op: string };
export type StepResult = { readonly ok?: unknown; readonly error?: string; readonly class?: string };

export interface HarnessOutput {
  readonly results: StepResult[];
  readonly settings: Record<string, unknown>;
}

/** Runs steps against a connector through the harness; one Ruby process, settings carried from step to step. */
export async function runHarness(connectorFile: string, settings: Record<string, unknown>, steps: readonly Step[]): Promise<HarnessOutput> {
  const dir = await mkdtemp(path.join(tmpdir(), 'workato-script-'));
  try {
    const script = path.join(dir, 'script.json');
    await writeFile(script, JSON.stringify({ settings, steps }));
    const result = await run('ruby', [harnessFile, connectorFile, script]);
    if (result.code !== 0) throw new Error(`harness failed (exit ${result.code}): ${result.stderr}`);
    return JSON.parse(result.stdout) as HarnessOutput;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The value of a step, or the failure with the step's error message. */
export function ok(result: StepResult | undefined): unknown {
  if (!result) throw new Error('no result');
  if (result.error !== undefined) throw new Error(`step failed: ${result.class}: ${result.error}`);
  return result.ok;
}

export interface Received {
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

export interface Recorder {
  readonly url: string;
  readonly requests: Received[];
  close(): Promise<void>;
}

export type Reply = (req: Received, res: ServerResponse) => void;

/** A node:http server on 127.0.0.1 (port 0) that records every request and answers through `reply`. */
export async function startRecorder(reply: Reply): Promise<Recorder> {
  const requests: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = req.url ?? '/';
      const q = url.indexOf('?');
      const received: Received = {
        method: req.method ?? '',
        path: q < 0 ? url : url.slice(0, q),
        query: q < 0 ? '' : url.slice(q + 1),
        headers: req.headers,
        body: Buffer.concat(chunks),
      };
      requests.push(received);
      try {
        reply(received, res);
      } catch (e) {
        res.writeHead(599).end(String(e));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

/** Emits a plan's files into a new temporary folder; returns the folder and the files. */
export async function emitToTemp(plan: Plan, specFile = 'spec.yaml'): Promise<{ dir: string; connector: string; files: Map<string, string> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'workato-connector-'));
  const files = await emitWorkato(plan, { generatorVersion: '0.0.0-test', specFile });
  for (const [name, text] of files) await writeFile(path.join(dir, name), text);
  return { dir, connector: path.join(dir, 'connector.rb'), files };
}

/** The parts of a multipart/form-data body: name, file name, content type, content. */
export function multipartParts(body: Buffer, contentType: string): { name: string; filename?: string; type?: string; content: string }[] {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  if (!boundary) throw new Error(`no boundary in ${contentType}`);
  const marker = '--' + (boundary[1] ?? boundary[2]);
  return body
    .toString('latin1')
    .split(marker)
    .slice(1, -1)
    .map((chunk) => {
      const text = chunk.replace(/^\r\n/, '').replace(/\r\n$/, '');
      const split = text.indexOf('\r\n\r\n');
      const head = text.slice(0, split);
      const content = text.slice(split + 4);
      const name = /name="([^"]*)"/.exec(head)?.[1] ?? '';
      const filename = /filename="([^"]*)"/.exec(head)?.[1];
      const type = /content-type:\s*([^\r\n]+)/i.exec(head)?.[1];
      return { name, ...(filename !== undefined ? { filename } : {}), ...(type !== undefined ? { type } : {}), content: Buffer.from(content, 'latin1').toString('utf8') };
    });
}
