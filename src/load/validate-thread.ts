/**
 * Schema validation of a large JSON spec on a second thread, while this one goes on to build the IR and plan
 * (GitHub's spec: about 0.15 s of validating, and the validator's loading, off the main line). The thread
 * decodes the same bytes and parses them with `JSON.parse`, so it validates the same value; its answer is the validator's raw
 * outcome, interpreted and located here against this thread's document (validate.ts), so an invalid spec is
 * refused with the same errors as when validated in place.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { ValidatorOutcome } from './validate.js';

const require = createRequire(import.meta.url);

/**
 * Plain JavaScript run by `eval`, so that it is the same code under the tests (which run the TypeScript
 * sources) as in the built package; without `require` or `import`, so that it runs as a script or as a module
 * (a worker takes its parent's `--input-type`). It runs the compiled validator it is sent, or swagger-parser's
 * validator (which compiles the schema itself) when there is none.
 */
const VALIDATE_THREAD = `
const { parentPort, workerData } = process.getBuiltinModule('node:worker_threads');
const load = process.getBuiltinModule('node:module').createRequire(workerData.runtimeValidator);
let priority;
try {
  const os = process.getBuiltinModule('node:os');
  const thread = Number(process.getBuiltinModule('node:fs').readlinkSync('/proc/thread-self').split('/').pop());
  if (workerData.nice !== undefined && os.getPriority(thread) < workerData.nice) os.setPriority(thread, workerData.nice);
  priority = os.getPriority(thread);
} catch {}
parentPort.once('message', ({ bytes, compiled }) => {
  let outcome;
  try {
    const { Buffer } = process.getBuiltinModule('node:buffer');
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
    const document = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    if (compiled) {
      const loaded = load(compiled);
      const validate = loaded.default ?? loaded;
      outcome = validate(document) ? { ok: true } : { ok: false, details: validate.errors ?? [] };
    } else {
      load(workerData.runtimeValidator)(document);
      outcome = { ok: true };
    }
  } catch (error) {
    if (error instanceof RangeError) outcome = { ok: false, tooDeep: true, message: error.message };
    else if (Array.isArray(error?.details)) outcome = { ok: false, details: error.details };
    else outcome = { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  parentPort.postMessage({ outcome, priority });
});
`;

/**
 * The validation thread's nice value when it runs behind the caller's work, on Linux, where a thread has a
 * priority of its own (`setpriority` with its thread id); elsewhere there is no call for one thread, and the
 * whole process's priority is not ours to lower. While it runs it takes the second core from V8's compiler
 * threads, and so the first from the main thread. GitHub, alternating runs of 16: median wall 2.28 -> 2.12 s and
 * 2.47 -> 2.36 s at 10, 2.58 -> 2.40 s at 19 (10 is kept: at 19, a machine busy with other work might leave it
 * almost no time). The writer thread is left as it is: its last writes are on the way to the end (at 10 as well:
 * 2.17 -> 2.23 s). Only for a caller with more to do than the validation: where the validation is the long pole
 * (Graph beta's 47 MB, for a part of 384 operations) it made the run slower (3 runs each: 3.57-4.37 -> 3.95-4.69 s)
 * and its peak higher (564-587 -> 602-607 MB: the thread holds its copy of the spec longer).
 */
export const VALIDATION_NICE = 10;

/** Below this size validating in place costs less than a thread. */
export const THREAD_MIN_BYTES = 1024 * 1024;

/**
 * Starts validating the JSON file whose bytes are `bytes` on another thread. They move there, without a copy,
 * when they are the whole of their buffer (a file read whole is), which is then empty here; else they are
 * copied. (GitHub's text, sent as a string, cost this thread about 12 ms to copy.) `compiled` is the compiled
 * validator's file for its version; with `behind`, the thread runs at nice VALIDATION_NICE where it can. `outcome` resolves with the
 * validator's outcome, or rejects if the thread fails (the caller then validates in place); `priority` with the
 * thread's nice value as the system reports it (undefined where it cannot be read); `cancel` stops the thread
 * when its answer is no longer wanted.
 */
export function validateOnThread(
  bytes: Uint8Array,
  compiled: string,
  options: { readonly behind?: boolean } = {},
): { readonly outcome: Promise<ValidatorOutcome>; readonly priority: Promise<number | undefined>; cancel(): void } {
  const worker = new Worker(VALIDATE_THREAD, {
    eval: true,
    workerData: {
      runtimeValidator: require.resolve('@apidevtools/swagger-parser/lib/validators/schema.js'),
      nice: options.behind ? VALIDATION_NICE : undefined,
    },
  });
  const reply = new Promise<{ outcome: ValidatorOutcome; priority?: number }>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the validation thread stopped (exit code ${code})`)));
  });
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
  worker.postMessage({ bytes, compiled: existsSync(compiled) ? compiled : undefined }, whole ? [bytes.buffer as ArrayBuffer] : []);
  const cancel = (): void => void worker.terminate();
  // Ended once it has answered: it holds a parsed copy of the spec.
  const outcome = reply.then((r) => r.outcome).finally(cancel);
  const priority = reply.then(
    (r) => r.priority,
    () => undefined,
  );
  return { outcome, priority, cancel };
}
