export * from './types.js';
export { defineAction, defineConnector, definePollTrigger, defineWebhookTrigger } from './define.js';
export { createContext, buildRequest, parseBody, type ContextOptions } from './http-client.js';
export { resolveBaseUrl } from './base-url.js';
export { validateInput, type ValidationIssue } from './validate.js';
export { ConnectorError, ConnectorHttpError } from './errors.js';
export { redact, REDACTED } from './redact.js';
export { pollSince, dedupKey, formatSince, DEFAULT_LOOKBACK_MS, type PollClosure, type PollSinceOptions, type SinceFormat } from './poll.js';
export { paginate, fetchPage, nextLink, recordsOf, type Page, type PageState } from './pagination.js';
export { runTest } from './run-test.js';
export {
  buildAuthorizationUrl,
  createPkcePair,
  exchangeAuthorizationCode,
  discoverOpenIdConfiguration,
  type OAuth2Auth,
  type OpenIdConfiguration,
  type Tokens,
} from './oauth2.js';
export { encodeForm, encodeMultipart, isFileInput } from './encode-body.js';
export { getPath } from './json-path.js';
