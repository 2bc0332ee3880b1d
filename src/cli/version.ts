import { readFileSync } from 'node:fs';

/** The generator's version, from its own package.json (recorded in every generated file's header and lock). */
export const generatorVersion: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
