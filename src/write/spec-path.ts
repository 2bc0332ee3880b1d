import { isAbsolute, relative, resolve, sep } from 'node:path';

/**
 * How the lock records the spec: a URL as given; a local file relative to the output folder (`/`-separated),
 * so the folder and its spec can move together; absolute when it is on another drive.
 */
export function specPathForLock(outputDir: string, spec: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(spec)) return spec;
  const rel = relative(resolve(outputDir), resolve(spec));
  return isAbsolute(rel) ? resolve(spec) : rel.split(sep).join('/');
}
