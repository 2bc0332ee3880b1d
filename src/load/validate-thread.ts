/**
 * Schema validation on a second thread (issue 7): validating GitHub's spec, with loading the validator,
 * takes about 0.35 s that the IR and plan stages need not wait for. The load stage hands the root file's text
 * to the worker and goes on; the caller awaits `LoadedSpec.validation` before it uses what it built
 * (generate.ts), so an invalid spec is refused with the same located errors as before.
 *
 * Only from the built package: the worker runs `validate-worker.js`, which does not exist while the sources
 * are run directly (tests); there `start` gives `undefined` and the load stage validates in its own thread.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ValidationResult } from './validate.js';
import type { ValidateRequest, ValidateResponse } from './validate-worker.js';

export class ValidateThread {
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (result: ValidationResult) => void; reject: (error: unknown) => void }>();
  private failure: unknown;
  private closed = false;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (response: ValidateResponse) => this.settle(response));
    worker.on('error', (error) => this.fail(error));
    worker.on('exit', (code) => this.fail(new Error(`the validation worker stopped (exit code ${code})`)));
    worker.unref();
  }

  /** A worker thread, or `undefined` where one would not help (one core) or cannot run (from the sources). */
  static start(): ValidateThread | undefined {
    if (availableParallelism() < 2 || !import.meta.url.endsWith('.js')) return undefined;
    return new ValidateThread(new Worker(new URL('./validate-worker.js', import.meta.url)));
  }

  /** Parses `text` as the load stage does and validates it; rejects only if the worker could not. */
  validate(file: string, text: string): Promise<ValidationResult> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    const id = this.nextId++;
    const request: ValidateRequest = { id, file, text };
    return new Promise((resolve, reject) => {
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage(request);
    });
  }

  /** Stops the worker (it holds a parsed copy of the spec); calling it again does nothing. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.failure ??= new Error('the validation worker was closed');
    await this.worker.terminate();
  }

  private settle(response: ValidateResponse): void {
    const waiting = this.pending.get(response.id);
    if (waiting === undefined) return;
    this.pending.delete(response.id);
    if (this.pending.size === 0) this.worker.unref();
    if ('result' in response) waiting.resolve(response.result);
    else waiting.reject(new Error(response.error));
  }

  private fail(error: unknown): void {
    this.failure ??= error;
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }
}
