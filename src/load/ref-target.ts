/**
 * Where a `$ref` leads, and whether it may go there (issue 6: a spec is untrusted input). Local files must
 * stay inside the spec's folder, also after following symbolic links; remote documents need an explicit
 * opt-in and an allowed host.
 */
import { realpath, stat } from 'node:fs/promises';
import { isAbsolute, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface RefPolicy {
  /** Real path of the spec's folder. */
  readonly root: string;
  readonly allowRemoteRefs: boolean;
  readonly allowedHosts: readonly string[];
}

export type RefTarget =
  | { readonly kind: 'local'; readonly id: string; readonly lexical: string; readonly fragment: string }
  | { readonly kind: 'remote'; readonly id: string; readonly fragment: string }
  | { readonly kind: 'refused'; readonly code: string; readonly message: string };

export function isRemoteId(id: string): boolean {
  return /^https?:\/\//i.test(id);
}

export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** Resolves an external `$ref` (not starting with `#`) written in the document `fromId`. */
export async function refTarget(ref: string, fromId: string, policy: RefPolicy): Promise<RefTarget> {
  const hash = ref.indexOf('#');
  const address = hash < 0 ? ref : ref.slice(0, hash);
  const fragment = hash < 0 ? '' : ref.slice(hash + 1);
  let url: URL;
  try {
    url = new URL(address, isRemoteId(fromId) ? fromId : pathToFileURL(fromId));
  } catch {
    return { kind: 'refused', code: 'invalid-ref', message: `$ref '${ref}' is not a valid reference` };
  }
  if (url.protocol === 'file:') {
    if (isRemoteId(fromId)) {
      return { kind: 'refused', code: 'ref-outside-root', message: `$ref '${ref}' in a remote document may not read local files` };
    }
    let lexical: string;
    try {
      lexical = fileURLToPath(url);
    } catch {
      return { kind: 'refused', code: 'invalid-ref', message: `$ref '${ref}' is not a valid file reference` };
    }
    if (!isInside(policy.root, lexical)) {
      return { kind: 'refused', code: 'ref-outside-root', message: `$ref '${ref}' leads outside the spec's folder (to ${lexical}); refs may only read files inside ${policy.root}` };
    }
    let real: string;
    try {
      real = await realpath(lexical);
    } catch {
      return { kind: 'refused', code: 'unresolved-ref', message: `$ref '${ref}': file not found (${relative(policy.root, lexical)})` };
    }
    if (!isInside(policy.root, real)) {
      return { kind: 'refused', code: 'ref-outside-root', message: `$ref '${ref}' leads outside the spec's folder through a symbolic link (to ${real})` };
    }
    if (!(await stat(real)).isFile()) {
      return { kind: 'refused', code: 'unresolved-ref', message: `$ref '${ref}' does not name a regular file` };
    }
    return { kind: 'local', id: real, lexical, fragment };
  }
  if (url.protocol === 'http:' || url.protocol === 'https:') {
    url.hash = '';
    const id = url.href;
    if (!policy.allowRemoteRefs) {
      return { kind: 'refused', code: 'remote-ref', message: `remote $ref '${ref}' refused: remote references are off (opt in and allow the host ${url.hostname})` };
    }
    if (!policy.allowedHosts.some((h) => h.toLowerCase() === url.host.toLowerCase() || h.toLowerCase() === url.hostname.toLowerCase())) {
      return { kind: 'refused', code: 'remote-ref', message: `remote $ref '${ref}' refused: host ${url.host} is not in the allowed hosts` };
    }
    return { kind: 'remote', id, fragment };
  }
  return { kind: 'refused', code: 'unsupported-ref', message: `$ref '${ref}' uses an unsupported scheme (${url.protocol})` };
}

const MAX_REMOTE_BYTES = 64 * 1024 * 1024;

/** Fetches a remote document: no redirects (they could leave the allowed hosts), a size cap and a timeout. */
export async function fetchRemote(id: string): Promise<string> {
  const response = await fetch(id, {
    redirect: 'manual',
    signal: AbortSignal.timeout(30_000),
    headers: { accept: 'application/json, application/yaml, text/yaml, */*;q=0.5' },
  });
  if (response.status >= 300 && response.status < 400) throw new Error(`${id} redirects (HTTP ${response.status}); redirects are not followed`);
  if (!response.ok) throw new Error(`${id} answered HTTP ${response.status}`);
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > MAX_REMOTE_BYTES) throw new Error(`${id} is larger than ${MAX_REMOTE_BYTES} bytes`);
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (response.body !== null) {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      size += chunk.byteLength;
      if (size > MAX_REMOTE_BYTES) throw new Error(`${id} is larger than ${MAX_REMOTE_BYTES} bytes`);
      chunks.push(chunk);
    }
  }
  return Buffer.concat(chunks).toString('utf8');
}
