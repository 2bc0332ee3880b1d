export {
  formatSpecResult,
  plausibleCredentials,
  probeRequest,
  runAction,
  runConformance,
  synthesizeInput,
  type ActionResult,
  type ConformanceOptions,
  type Exchange,
  type SpecResult,
} from './run-conformance.js';
export { freePort, prismCliPath, PrismStartError, startPrism, type PrismServer, type StartPrismOptions } from './prism.js';
export { describeViolations, judgeResponse, requestViolations, type Verdict, type Violation } from './prism-verdict.js';
export { isFileInputSchema, SAMPLE_FILE, synthesize, type SynthesisOptions } from './synthesize.js';
export { samplePattern } from './pattern-sample.js';
