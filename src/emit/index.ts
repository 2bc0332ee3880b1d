/** The emit stage: plan → the files of a connector package. */
export { emitPackage, type EmitOptions, type Parser } from './emit-package.js';
export { format } from './format.js';
