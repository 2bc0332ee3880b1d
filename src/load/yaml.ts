/**
 * The `yaml` package, loaded when a YAML file is first read: 72 modules that a JSON spec with a JSON config
 * (GitHub's, Stripe's) never needs, about 20 ms of every run's start.
 */
import { createRequire } from 'node:module';

type Yaml = typeof import('yaml');

const require = createRequire(import.meta.url);
let loaded: Yaml | undefined;

export function yaml(): Yaml {
  loaded ??= require('yaml') as Yaml;
  return loaded;
}
