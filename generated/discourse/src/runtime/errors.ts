import { STATUS_CODES } from 'node:http';

/** Any failure the runtime reports on purpose (timeouts, bad settings, pagination that would leave the API). */
export class ConnectorError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConnectorError';
  }
}

export const EXCERPT_LIMIT = 500;

/**
 * An HTTP answer outside 2xx. Every part is redacted before it is stored: callers pass the secrets they know,
 * so the message, URL and excerpt can be printed as they are.
 */
export class ConnectorHttpError extends ConnectorError {
  readonly status: number;
  readonly statusText: string;
  readonly method: string;
  readonly url: string;
  readonly bodyExcerpt: string;

  constructor(init: { status: number; statusText?: string; method: string; url: string; body: string; redact: (text: string) => string }) {
    const method = init.method.toUpperCase();
    const statusText = init.statusText || STATUS_CODES[init.status] || '';
    const url = init.redact(init.url);
    const bodyExcerpt = excerpt(init.redact(init.body));
    const head = `${method} ${url} → ${init.status}${statusText ? ' ' + statusText : ''}`;
    super(bodyExcerpt ? `${head}: ${bodyExcerpt}` : head);
    this.name = 'ConnectorHttpError';
    this.status = init.status;
    this.statusText = statusText;
    this.method = method;
    this.url = url;
    this.bodyExcerpt = bodyExcerpt;
  }
}

/** Whitespace-collapsed and at most EXCERPT_LIMIT characters (redact before cutting, so no secret is half-cut). */
export function excerpt(body: string): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  return flat.length <= EXCERPT_LIMIT ? flat : flat.slice(0, EXCERPT_LIMIT - 1) + '…';
}
