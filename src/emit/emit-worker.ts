/**
 * Entry of the emit worker thread (see emit-threads.ts): prints the batches of units it is sent, one message
 * at a time, keeping one printer (and its measures of shared values) per header.
 */
import { parentPort, type MessagePort } from 'node:worker_threads';
import { StageError } from '../diagnostics.js';
import { emitBatch, type EmitBatch } from './emit-units.js';
import { SourcePrinter } from './source-printer.js';

export interface EmitRequest {
  readonly id: number;
  readonly batch: EmitBatch;
}

export type EmitResponse =
  | { readonly id: number; readonly files: [string, string][] }
  | { readonly id: number; readonly error: { readonly subject?: string; readonly message: string; readonly stack?: string } };

function serve(port: MessagePort): void {
  const printers = new Map<string, SourcePrinter>();
  port.on('message', ({ id, batch }: EmitRequest) => {
    let response: EmitResponse;
    try {
      let printer = printers.get(batch.header);
      if (printer === undefined) printers.set(batch.header, (printer = new SourcePrinter(batch.header)));
      response = { id, files: emitBatch(batch, printer) };
    } catch (e) {
      const cause = e instanceof StageError ? e.cause : e;
      const error = cause instanceof Error ? { message: cause.message, stack: cause.stack } : { message: String(cause) };
      response = { id, error: { ...error, ...(e instanceof StageError ? { subject: e.subject } : {}) } };
    }
    port.postMessage(response);
  });
}

if (parentPort) serve(parentPort);
