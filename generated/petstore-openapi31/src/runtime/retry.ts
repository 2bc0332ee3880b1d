import type { HttpMethod } from './types.js';

/** Answers that mean "try again later" (RFC 6585 §4, RFC 9110 §15.6.3–15.6.5). */
export const RETRY_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/** RFC 9110 §9.2.2: repeating these has the same effect as sending them once. */
export function isIdempotent(method: HttpMethod): boolean {
  return method === 'get' || method === 'head' || method === 'put' || method === 'delete' || method === 'options' || method === 'trace';
}

/** `Retry-After` (RFC 9110 §10.2.3) as milliseconds from `now`: delay-seconds or an HTTP-date. */
export function retryAfterMs(header: string | null | undefined, now: number): number | undefined {
  if (header === null || header === undefined) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Exponential backoff with full jitter: a uniform wait in [0, min(cap, base·2^attempt)). */
export function backoffMs(attempt: number, random: () => number, baseMs = 500, capMs = 20_000): number {
  return Math.floor(random() * Math.min(capMs, baseMs * 2 ** attempt));
}

export function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
