/**
 * A first generation's files written while they are still being generated. When the output folder does not
 * exist yet, the write stage puts everything into a staging folder and renames it into place (writeStaged in
 * write-output.ts). Opened before the emit, a StagedWriter creates that staging folder and hands each file to
 * a second thread as soon as it is printed, so creating 1,300 files (GitHub's package; about 0.4 s of system
 * calls on one thread) overlaps the printing of the rest. That thread also hashes each file and fills the
 * pristine store. The write stage then adds the lock and renames the folder into place, as before; nothing is
 * visible at the output path until then.
 */
import { lstat, mkdir, readdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { isErrno, META_DIR } from './lock.js';
import { makeFolders, tempPathFor } from './fs-steps.js';
import { PRISTINE_FILE, STORE_HEADER } from './pristine-store.js';
import { checkRelativePath } from './safe-path.js';

type WriterMessage =
  | { readonly path: string; readonly content: string; readonly own?: true }
  | { readonly hashFiles: readonly string[] }
  | { readonly hashes: true }
  | { readonly finish: true; readonly order: readonly string[] };

interface WriterReply {
  readonly failure?: string;
  readonly code?: string;
  /** Path → sha256 of every generated file sent so far (the answer to `hashes`). */
  readonly hashes?: readonly (readonly [string, string])[];
  /** The answer to `hashFiles`: the hash, or why there is none. */
  readonly filesHash?: string;
  readonly filesHashFailure?: string;
}

/**
 * The second thread: creates each file it is sent inside the staging folder, in the order sent, never over an
 * existing file. A generated file's bytes are also hashed and, the first time that content comes, appended to
 * the pristine store (pristine-store.ts), so the main thread neither hashes nor copies them again. It answers
 * `hashes` with the hashes so far, and `finish` with the first failure if any, having put the store's entries
 * in the order given (the order they came in, unless a file came late). Plain JavaScript run by `eval`, so
 * that it is the same code under the tests (which run the TypeScript sources) as in the built package; without
 * `require` or `import`, so that it runs as a script or as a module (a worker takes its parent's
 * `--input-type`).
 */
const WRITER_THREAD = `
const { closeSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } = process.getBuiltinModule('node:fs');
const { createHash } = process.getBuiltinModule('node:crypto');
const { dirname, join } = process.getBuiltinModule('node:path');
const { parentPort, workerData } = process.getBuiltinModule('node:worker_threads');
const folders = new Set([workerData.staging]);
const hashes = [];
// The store's entries so far: hash → where its content starts and its length, in bytes, in the order written.
const entries = new Map();
let storeAt = 0;
let store;
let failure;
const writeAll = (fd, bytes) => {
  for (let written = 0; written < bytes.length; ) written += writeSync(fd, bytes, written, bytes.length - written);
};
const append = (bytes) => {
  writeAll(store, bytes);
  storeAt += bytes.length;
};
const attempt = (work) => {
  if (failure !== undefined) return;
  try {
    work();
  } catch (error) {
    failure = { failure: error instanceof Error ? error.message : String(error), code: error?.code };
  }
};
attempt(() => {
  store = openSync(join(workerData.staging, workerData.store), 'wx');
  append(Buffer.from(workerData.header, 'latin1'));
});
/** Rewrites the store with its entries in the order given (each must be there). */
const reorder = (order) => {
  closeSync(store);
  store = undefined;
  const file = join(workerData.staging, workerData.store);
  const old = readFileSync(file);
  const temp = file + '.reordered';
  const fd = openSync(temp, 'wx');
  try {
    writeAll(fd, Buffer.from(workerData.header, 'latin1'));
    for (const hash of order) {
      const entry = entries.get(hash);
      if (entry === undefined) throw new Error('the pristine store has no entry ' + hash);
      writeAll(fd, Buffer.from(hash + ' ' + entry.length + '\\n', 'latin1'));
      writeAll(fd, old.subarray(entry.start, entry.start + entry.length + 1));
    }
  } finally {
    closeSync(fd);
  }
  renameSync(temp, file);
};
parentPort.on('message', (message) => {
  if (message.hashFiles) {
    // Not a write: a file that cannot be read here is the caller's to read again (and to report).
    try {
      const hash = createHash('sha256');
      for (const file of message.hashFiles) hash.update(readFileSync(file)).update('\\0');
      parentPort.postMessage({ filesHash: hash.digest('hex') });
    } catch (error) {
      parentPort.postMessage({ filesHashFailure: error instanceof Error ? error.message : String(error) });
    }
    return;
  }
  if (message.hashes) {
    parentPort.postMessage(failure ?? { hashes });
    return;
  }
  if (message.finish) {
    attempt(() => {
      const order = message.order;
      const same = order.length === entries.size && [...entries.keys()].every((hash, i) => hash === order[i]);
      if (!same) reorder(order);
      if (store !== undefined) closeSync(store);
      store = undefined;
    });
    parentPort.postMessage(failure ?? {});
    return;
  }
  attempt(() => {
    const file = join(workerData.staging, message.path);
    const folder = dirname(file);
    if (!folders.has(folder)) {
      mkdirSync(folder, { recursive: true });
      folders.add(folder);
    }
    const bytes = Buffer.from(message.content, 'utf8');
    writeFileSync(file, bytes, { flag: 'wx' });
    if (message.own) return;
    const hash = createHash('sha256').update(bytes).digest('hex');
    hashes.push([message.path, hash]);
    if (entries.has(hash)) return;
    append(Buffer.from(hash + ' ' + bytes.length + '\\n', 'latin1'));
    entries.set(hash, { start: storeAt, length: bytes.length });
    append(bytes);
    append(Buffer.from('\\n', 'latin1'));
  });
});
`;

export class StagedWriter {
  private readonly written = new Map<string, string>();
  private closed = false;
  /** Set when the thread has stopped (an error in it, or terminated). */
  private exited: Error | undefined;
  /** The requests sent and not answered yet, oldest first: the thread answers them in the order it gets them. */
  private readonly waiting: { resolve(reply: WriterReply): void; reject(error: Error): void }[] = [];

  private constructor(
    readonly root: string,
    readonly staging: string,
    private readonly worker: Worker,
  ) {
    let error: unknown;
    worker.on('error', (e) => (error = e));
    worker.on('message', (answer: WriterReply) => this.waiting.shift()?.resolve(answer));
    worker.once('exit', (code) => {
      this.exited = new Error(`the writer thread stopped (exit code ${code})`, { cause: error });
      for (const request of this.waiting.splice(0)) request.reject(this.exited);
    });
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
    const worker = new Worker(WRITER_THREAD, {
      eval: true,
      workerData: { staging, store: PRISTINE_FILE, header: STORE_HEADER },
      resourceLimits: { maxYoungGenerationSizeMb: 4 },
    });
    return new StagedWriter(root, staging, worker);
  }

  /** Sends a file to be written into the staging folder; its path is checked here, before it goes. */
  add(path: string, content: string): void {
    if (this.closed) throw new Error('StagedWriter: add after finish or abort');
    checkRelativePath(path);
    this.written.set(path, content);
    this.worker.postMessage({ path, content } satisfies WriterMessage);
  }

  /**
   * sha256 over the bytes of `files`, in order, each followed by a NUL byte (the spec's hash in the lock; see
   * hashFiles in generate.ts), computed on the writer's thread before the files it is sent next; undefined if
   * it could not read them. Asked before the emit, GitHub's 13 MB spec is hashed while this thread prints
   * instead of after (about 11-15 ms of this thread).
   */
  filesHash(files: readonly string[]): Promise<string | undefined> {
    return this.ask({ hashFiles: files }).then(
      (reply) => reply.filesHash,
      () => undefined,
    );
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
   * The sha256 of every generated file sent so far, by path, computed on the writer's thread as it wrote them
   * (in the lock, they are the hashes of the files as generated).
   */
  async hashes(): Promise<Map<string, string>> {
    const reply = await this.ask({ hashes: true });
    return new Map(reply.hashes);
  }

  /**
   * Writes connector-gen's own files (`.connector-gen/…`), puts the pristine store's entries in `order` (the
   * hashes of the contents sent, in the store's order), waits for every file to be on disk and stops the
   * thread. Throws the first failure of any write.
   */
  async finish(order: readonly string[], own: ReadonlyMap<string, string>): Promise<void> {
    for (const [path, content] of own) this.worker.postMessage({ path, content, own: true } satisfies WriterMessage);
    this.closed = true;
    await this.ask({ finish: true, order });
    await this.worker.terminate();
  }

  /** Sends a request and waits for its answer; a failure of the thread, now or earlier, is thrown. */
  private async ask(message: WriterMessage): Promise<WriterReply> {
    const reply = await new Promise<WriterReply>((resolve, reject) => {
      // Stopped before it could answer: now, or already (an error in it while the files came).
      if (this.exited !== undefined) return reject(this.exited);
      this.waiting.push({ resolve, reject });
      this.worker.postMessage(message);
    });
    if (reply.failure !== undefined) throw Object.assign(new Error(reply.failure), { code: reply.code });
    return reply;
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
