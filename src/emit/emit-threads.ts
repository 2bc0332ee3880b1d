/**
 * A second thread for the emit stage (issue 7): the files of actions and triggers are independent of each
 * other, so on a machine with more than one core a worker prints part of them while this thread prints the
 * rest and the package files. Started early by the CLI, so that the worker has loaded its modules by the time
 * the plan is ready.
 *
 * Only from the built package: the worker runs `emit-worker.js`, which does not exist while the sources are
 * run directly (tests); there `start` gives `undefined` and everything is printed in one thread.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { StageError } from '../diagnostics.js';
import type { EmitBatch } from './emit-units.js';
import type { EmitRequest, EmitResponse } from './emit-worker.js';

interface Pending {
  readonly resolve: (files: [string, string][]) => void;
  readonly reject: (error: unknown) => void;
}

export class EmitThreads {
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();
  private failure: unknown;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (response: EmitResponse) => this.settle(response));
    worker.on('error', (error) => this.fail(error));
    worker.on('exit', (code) => this.fail(new Error(`the emit worker stopped (exit code ${code})`)));
    // Idle, it must not keep the process alive; `run` holds it while a batch is out.
    worker.unref();
  }

  /** A worker thread, or `undefined` where one would not help (one core) or cannot run (from the sources). */
  static start(): EmitThreads | undefined {
    if (availableParallelism() < 2 || !import.meta.url.endsWith('.js')) return undefined;
    return new EmitThreads(new Worker(new URL('./emit-worker.js', import.meta.url)));
  }

  /** Prints a batch in the worker: `[path, text]` in batch order, exactly what `emitBatch` gives here. */
  run(batch: EmitBatch): Promise<[string, string][]> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    const id = this.nextId++;
    const request: EmitRequest = { id, batch };
    return new Promise((resolve, reject) => {
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage(request);
    });
  }

  async close(): Promise<void> {
    this.failure ??= new Error('the emit worker was closed');
    await this.worker.terminate();
  }

  private settle(response: EmitResponse): void {
    const waiting = this.pending.get(response.id);
    if (waiting === undefined) return;
    this.pending.delete(response.id);
    if (this.pending.size === 0) this.worker.unref();
    if ('files' in response) {
      waiting.resolve(response.files);
      return;
    }
    const cause = Object.assign(new Error(response.error.message), response.error.stack ? { stack: response.error.stack } : {});
    waiting.reject(response.error.subject === undefined ? cause : new StageError('emit', response.error.subject, cause));
  }

  private fail(error: unknown): void {
    this.failure ??= error;
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }
}
