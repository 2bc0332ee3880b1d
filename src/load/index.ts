export { loadSpec, MAX_DEPTH, type LoadedSpec, type LoadOptions } from './load-spec.js';
