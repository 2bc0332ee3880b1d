/** The emit stage: plan → the files of a connector package. */
export { emitPackage, type EmitOptions } from './emit-package.js';
