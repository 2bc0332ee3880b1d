/**
 * Entry of the validation thread (see validate-thread.ts): parses the text it is sent with the same parser
 * as the load stage and validates it against the OpenAPI schema. The answer is plain data; the load stage
 * locates the problems in its own copy of the document.
 */
import { parentPort, type MessagePort } from 'node:worker_threads';
import { parseSource } from './source-file.js';
import { validateDocument, type ValidationResult } from './validate.js';

export interface ValidateRequest {
  readonly id: number;
  readonly file: string;
  readonly text: string;
}

export type ValidateResponse = { readonly id: number; readonly result: ValidationResult } | { readonly id: number; readonly error: string };

function serve(port: MessagePort): void {
  port.on('message', ({ id, file, text }: ValidateRequest) => {
    let response: ValidateResponse;
    try {
      response = { id, result: validateDocument(parseSource(file, text).source.value) };
    } catch (error) {
      response = { id, error: error instanceof Error ? error.message : String(error) };
    }
    port.postMessage(response);
  });
}

if (parentPort) serve(parentPort);
