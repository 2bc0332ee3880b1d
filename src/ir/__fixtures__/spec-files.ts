/**
 * Spec documents for IR tests, written to a temporary folder and built through the real load stage, so that
 * every fixture is a spec the loader accepts.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSpec } from '../../load/load-spec.js';
import { buildIr } from '../build-ir.js';
import type { IrApi } from '../types.js';

export class SpecFiles {
  private count = 0;

  private constructor(private readonly dir: string) {}

  static async create(prefix: string): Promise<SpecFiles> {
    return new SpecFiles(await mkdtemp(join(tmpdir(), `${prefix}-`)));
  }

  /** The IR of `doc`: an object, or JSON text written exactly as given. */
  async ir(doc: object | string): Promise<IrApi> {
    const file = join(this.dir, `spec-${this.count++}.json`);
    await writeFile(file, typeof doc === 'string' ? doc : JSON.stringify(doc, null, 2));
    return buildIr(await loadSpec(file));
  }

  remove(): Promise<void> {
    return rm(this.dir, { recursive: true, force: true });
  }
}
