/**
 * A first generation's files written while they are still being generated. When the output folder does not
 * exist yet, the write stage puts everything into a staging folder and renames it into place (writeStaged in
 * write-output.ts). Opened before the emit, a StagedWriter creates that staging folder and hands each file to
 * a second thread as soon as it is printed, so creating 1,300 files (GitHub's package; about 0.4 s of system
 * calls on one thread) overlaps the printing of the rest. The write stage then adds the lock and the pristine
 * store and renames the folder into place, as before; nothing is visible at the output path until then.
 */
import { lstat, mkdir, readdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { isErrno, META_DIR } from './lock.js';
import { batches, makeFolders, tempPathFor } from './fs-steps.js';
import { checkRelativePath } from './safe-path.js';

type WriterMessage =
  | { readonly path: string; readonly content: string }
  | { readonly path: string; readonly piece: string; readonly open: boolean; readonly close: boolean }
  | { readonly finish: true };

interface WriterReply {
  readonly failure?: string;
  readonly code?: string;
}


/**
 * The second thread: creates each file it is sent inside the staging folder, in the order sent, never over an
 * existing file, and answers `finish` with the first failure if any. Plain JavaScript run by `eval`, so that
 * it is the same code under the tests (which run the TypeScript sources) as in the built package; without
 * `require` or `import`, so that it runs as a script or as a module (a worker takes its parent's
 * `--input-type`).
 */
const WRITER_THREAD = `
const { closeSync, mkdirSync, openSync, writeFileSync, writeSync } = process.getBuiltinModule('node:fs');
const { dirname, join } = process.getBuiltinModule('node:path');
const { parentPort, workerData } = process.getBuiltinModule('node:worker_threads');
const folders = new Set([workerData.staging]);
const open = new Map();
let failure;
parentPort.on('message', (message) => {
  if (message.finish) {
    parentPort.postMessage(failure ?? {});
    return;
  }
  if (failure !== undefined) return;
  try {
    const file = join(workerData.staging, message.path);
    const folder = dirname(file);
    if (!folders.has(folder)) {
      mkdirSync(folder, { recursive: true });
      folders.add(folder);
    }
    if (message.piece === undefined) {
      writeFileSync(file, message.content, { flag: 'wx' });
    } else {
      if (message.open) open.set(file, openSync(file, 'wx'));
      const bytes = Buffer.from(message.piece, 'utf8');
      for (let written = 0; written < bytes.length; ) written += writeSync(open.get(file), bytes, written, bytes.length - written);
      if (message.close) {
        closeSync(open.get(file));
        open.delete(file);
      }
    }
  } catch (error) {
    failure = { failure: error instanceof Error ? error.message : String(error), code: error?.code };
  }
});
`;

export class StagedWriter {
  private readonly written = new Map<string, string>();
  private closed = false;
  /** Set when the thread has stopped (an error in it, or terminated). */
  private exited: Error | undefined;

  private constructor(
    readonly root: string,
    readonly staging: string,
    private readonly worker: Worker,
  ) {
    let error: unknown;
    worker.on('error', (e) => (error = e));
    worker.once('exit', (code) => (this.exited = new Error(`the writer thread stopped (exit code ${code})`, { cause: error })));
  }

  /**
   * A writer for a first generation into `root` (absolute), or undefined when that is not the case: `root`
   * exists, or something that is not a staging folder of ours is in the staging folder's place (the write
   * stage then decides, as without a writer).
   */
  static async open(root: string): Promise<StagedWriter | undefined> {
    if (await exists(root)) return undefined;
    const staging = tempPathFor(root);
    const leftover = await lstat(staging).catch((error: unknown) => {
      if (isErrno(error, 'ENOENT')) return undefined;
      throw error;
    });
    if (leftover !== undefined) {
      // The staging folder of an interrupted run: empty, or holding our metadata folder.
      if (!leftover.isDirectory()) return undefined;
      const entries = await readdir(staging);
      if (entries.length > 0 && !entries.includes(META_DIR)) return undefined;
      await rm(staging, { recursive: true, force: true });
    }
    await makeFolders(dirname(root));
    // Not recursive: the staging folder must be one this run made (a symlink planted there makes it fail).
    await mkdir(staging);
    await mkdir(join(staging, META_DIR));
    // A small young generation: the thread keeps nothing, and each file it is sent is garbage once written.
    const worker = new Worker(WRITER_THREAD, { eval: true, workerData: { staging }, resourceLimits: { maxYoungGenerationSizeMb: 4 } });
    return new StagedWriter(root, staging, worker);
  }

  /** Sends a file to be written into the staging folder; its path is checked here, before it goes. */
  add(path: string, content: string): void {
    if (this.closed) throw new Error('StagedWriter: add after finish or abort');
    checkRelativePath(path);
    this.written.set(path, content);
    this.worker.postMessage({ path, content } satisfies WriterMessage);
  }

  /** The paths sent so far. */
  paths(): string[] {
    return [...this.written.keys()];
  }

  /** Whether `path` was sent with exactly this content. */
  has(path: string, content: string): boolean {
    return this.written.get(path) === content;
  }

  /**
   * Writes connector-gen's own files (`.connector-gen/…`; a large one as pieces, streamed), waits for every
   * file to be on disk and stops the thread. Throws the first failure of any write.
   */
  async finish(meta: ReadonlyMap<string, string | Iterable<string>>): Promise<void> {
    for (const [path, text] of meta) {
      if (typeof text === 'string') this.worker.postMessage({ path, content: text } satisfies WriterMessage);
      else this.stream(path, text);
    }
    this.closed = true;
    const reply = await new Promise<WriterReply>((resolve, reject) => {
      // Stopped before it could answer: now, or already (an error in it while the files came).
      if (this.exited !== undefined) return reject(this.exited);
      this.worker.once('message', resolve);
      this.worker.once('exit', () => reject(this.exited));
      this.worker.postMessage({ finish: true } satisfies WriterMessage);
    });
    await this.worker.terminate();
    if (reply.failure !== undefined) throw Object.assign(new Error(reply.failure), { code: reply.code });
  }

  /** Sends a file in batches of its pieces: the whole text is never held here (the pristine store: 25 MB for GitHub). */
  private stream(path: string, pieces: Iterable<string>): void {
    let previous: string | undefined;
    let first = true;
    // One batch behind, so that the last one goes with `close`.
    for (const batch of batches(pieces)) {
      if (previous !== undefined) {
        this.worker.postMessage({ path, piece: previous, open: first, close: false } satisfies WriterMessage);
        first = false;
      }
      previous = batch;
    }
    this.worker.postMessage({ path, piece: previous ?? '', open: first, close: true } satisfies WriterMessage);
  }

  /** Stops the thread and removes the staging folder: nothing of this run stays on disk. */
  async abort(): Promise<void> {
    this.closed = true;
    await this.worker.terminate();
    await rm(this.staging, { recursive: true, force: true });
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return false;
    throw error;
  }
}
