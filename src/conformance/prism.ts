/**
 * Starts Stoplight Prism as a mock server for one spec, on loopback and a free port, and stops it for sure:
 * on `stop()`, on a start that fails or times out, and when this process exits while it still runs.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';

export interface PrismServer {
  /** `http://127.0.0.1:<port>`; Prism serves every path without the servers' base path. */
  readonly url: string;
  readonly pid: number;
  /** Prism's last lines of output (for a report when something goes wrong). */
  output(): string;
  stop(): Promise<void>;
}

export interface StartPrismOptions {
  /** Longest wait for "Prism is listening". Default 120 s (big specs take a while to load). */
  readonly startTimeoutMs?: number;
  /** The Prism CLI script; default: the one of the installed @stoplight/prism-cli. */
  readonly cli?: string;
}

/** Why Prism did not start (it exited, e.g. it cannot load the spec, or it timed out). */
export class PrismStartError extends Error {
  constructor(
    message: string,
    readonly output: string,
  ) {
    super(message);
    this.name = 'PrismStartError';
  }
}

/** A port nobody listens on right now: the OS picks it for a throwaway listener on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export function prismCliPath(): string {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve('@stoplight/prism-cli/package.json');
  return path.join(path.dirname(pkg), 'dist', 'index.js');
}

const OUTPUT_LINES = 60;
// Color codes and the spinner Prism writes; stripped so the kept lines read as text.
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

export async function startPrism(specFile: string, options: StartPrismOptions = {}): Promise<PrismServer> {
  const startTimeoutMs = options.startTimeoutMs ?? 120_000;
  // A port can be taken between the probe and Prism's bind: then Prism exits and we try another one.
  let lastError: PrismStartError | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    try {
      return await launch(specFile, port, options.cli ?? prismCliPath(), startTimeoutMs);
    } catch (e) {
      if (!(e instanceof PrismStartError) || !/EADDRINUSE/.test(e.output)) throw e;
      lastError = e;
    }
  }
  throw lastError ?? new PrismStartError('Prism did not start', '');
}

async function launch(specFile: string, port: number, cli: string, startTimeoutMs: number): Promise<PrismServer> {
  // --errors: violations become error responses instead of a fallback example. Request validation is on by default.
  const child = spawn(process.execPath, [cli, 'mock', path.resolve(specFile), '-h', '127.0.0.1', '-p', String(port), '--errors'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
  });
  // Should this process exit (also on an uncaught error) while Prism runs, Prism goes with it.
  const killOnExit = (): void => void child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const lines: string[] = [];
  let pending = '';
  let exited = false;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', () => {
      exited = true;
      process.off('exit', killOnExit);
      resolve();
    });
  });
  let onListening: (() => void) | undefined;
  const collect = (chunk: Buffer): void => {
    pending += chunk.toString('utf8');
    const parts = pending.split('\n');
    pending = parts.pop() ?? '';
    for (const raw of parts) {
      const line = raw.replace(ANSI, '').trimEnd();
      if (line === '') continue;
      lines.push(line);
      if (lines.length > OUTPUT_LINES) lines.shift();
      if (/Prism is listening on/.test(line)) onListening?.();
    }
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const output = (): string => [...lines, pending.replace(ANSI, '')].filter((l) => l !== '').join('\n');

  const stop = async (): Promise<void> => {
    if (exited) return;
    child.kill('SIGTERM');
    const killed = await Promise.race([exit.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 3000).unref())]);
    if (!killed) {
      child.kill('SIGKILL');
      await exit;
    }
  };

  let timer: NodeJS.Timeout | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      onListening = resolve;
      child.once('error', (e) => reject(new PrismStartError(`cannot run Prism: ${e.message}`, output())));
      void exit.then(() => reject(new PrismStartError(`Prism exited before listening (it may not load this spec)`, output())));
      timer = setTimeout(() => reject(new PrismStartError(`Prism was not listening after ${startTimeoutMs} ms`, output())), startTimeoutMs);
    });
  } catch (e) {
    await stop();
    throw e;
  } finally {
    clearTimeout(timer);
  }
  if (child.pid === undefined) throw new PrismStartError('Prism has no process id', output());
  return { url: `http://127.0.0.1:${port}`, pid: child.pid, output, stop };
}
