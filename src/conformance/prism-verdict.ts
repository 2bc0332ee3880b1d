/**
 * Did Prism accept a request? Prism reports what it found wrong with a request in two ways:
 * - the `sl-violations` header (JSON list of `{ location, severity, code, message }`), set on every response
 *   whose request or response broke the spec, also when Prism answers with an error response of the spec;
 * - an `application/problem+json` body whose `type` is `https://stoplight.io/prism/errors#<NAME>`, when the
 *   spec has no response of its own for the problem (no route, bad security, bad content type, …).
 * Response-side findings (Prism's own mock answer breaking the spec) say nothing about the request.
 */

export interface Violation {
  /** Where, after `request`: `query.limit`, `body.name`, `header.x-id`; empty for the request as a whole. */
  readonly location: string;
  readonly code?: string | number;
  readonly message: string;
}

export type Verdict =
  | { readonly kind: 'accepted'; readonly status: number; readonly note?: string }
  | { readonly kind: 'rejected'; readonly status: number; readonly reason: string; readonly violations: readonly Violation[] };

const PROBLEM_PREFIX = 'https://stoplight.io/prism/errors#';

/** Prism problem types that mean "this request does not fit the spec" (routing, security, validation). */
const REQUEST_PROBLEMS = new Set([
  'NO_PATH_MATCHED_ERROR',
  'NO_METHOD_MATCHED_ERROR',
  'NO_SERVER_MATCHED_ERROR',
  'NO_BASE_URL_ERROR',
  'UNPROCESSABLE_ENTITY',
  'UNAUTHORIZED',
  'INVALID_CONTENT_TYPE',
  'NOT_ACCEPTABLE',
]);

interface RawViolation {
  readonly location?: unknown;
  readonly severity?: unknown;
  readonly code?: unknown;
  readonly message?: unknown;
}

function toViolation(raw: RawViolation, dropFirst: boolean): Violation {
  const location = Array.isArray(raw.location) ? raw.location.map(String) : [];
  const code = typeof raw.code === 'string' || typeof raw.code === 'number' ? raw.code : undefined;
  return {
    location: (dropFirst ? location.slice(1) : location).join('.'),
    ...(code !== undefined ? { code } : {}),
    message: typeof raw.message === 'string' ? raw.message : JSON.stringify(raw.message),
  };
}

/** The request-side errors in an `sl-violations` header; a header too long for Prism is cut and says so. */
export function requestViolations(header: string | null | undefined): Violation[] {
  if (header === null || header === undefined || header === '') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(header);
  } catch {
    // "Too many violations! <JSON cut at 8 KB>": read the entries that survived the cut.
    const found: Violation[] = [];
    for (const m of header.matchAll(/\{"location":\[([^\]]*)\],"severity":"(\w+)"(?:,"code":(?:"[^"]*"|[\d.]+))?,"message":"((?:[^"\\]|\\.)*)"\}/g)) {
      const location = JSON.parse(`[${m[1]}]`) as string[];
      if (location[0] === 'request' && m[2] === 'Error') found.push({ location: location.slice(1).join('.'), message: JSON.parse(`"${m[3]}"`) as string });
    }
    return found;
  }
  if (!Array.isArray(parsed)) return [];
  return (parsed as RawViolation[])
    .filter((v) => Array.isArray(v.location) && v.location[0] === 'request' && v.severity === 'Error')
    .map((v) => toViolation(v, true));
}

export function describeViolations(violations: readonly Violation[]): string {
  return violations.map((v) => (v.location ? `${v.location}: ${v.message}` : v.message)).join('; ');
}

function problemName(body: string, contentType: string): { name: string; title: string; detail: string; validation: Violation[] } | undefined {
  if (!/problem\+json/i.test(contentType)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object') return undefined;
  const p = parsed as Record<string, unknown>;
  if (typeof p.type !== 'string' || !p.type.startsWith(PROBLEM_PREFIX)) return undefined;
  const validation = Array.isArray(p.validation) ? (p.validation as RawViolation[]).map((v) => toViolation(v, v && Array.isArray(v.location) && v.location[0] === 'request')) : [];
  return {
    name: p.type.slice(PROBLEM_PREFIX.length),
    title: typeof p.title === 'string' ? p.title : '',
    detail: typeof p.detail === 'string' ? p.detail : '',
    validation,
  };
}

/** The verdict on one response of Prism: status, `content-type`, `sl-violations` and body. */
export function judgeResponse(response: { status: number; contentType: string; violationsHeader: string | null; body: string }): Verdict {
  const { status } = response;
  const violations = requestViolations(response.violationsHeader);
  const problem = problemName(response.body, response.contentType);
  if (violations.length > 0) return { kind: 'rejected', status, reason: describeViolations(violations), violations };
  if (problem !== undefined && REQUEST_PROBLEMS.has(problem.name)) {
    const found = problem.validation.length > 0 ? problem.validation : [{ location: '', message: problem.title }];
    // Prism's details for its own validation errors are boilerplate ("Your request does not fullfil…").
    const detail = /^Your request/.test(problem.detail) ? '' : problem.detail;
    const reason = `${problem.name}: ${problem.validation.length > 0 ? describeViolations(problem.validation) : [problem.title, detail].filter(Boolean).join(' — ')}`;
    return { kind: 'rejected', status, reason, violations: found };
  }
  if (problem !== undefined) {
    // VIOLATIONS (Prism's mock answer breaks the spec), NO_RESPONSE_DEFINED, SCHEMA_TOO_COMPLEX, UNKNOWN: the request passed.
    const extra = problem.validation.length > 0 ? `: ${describeViolations(problem.validation)}` : problem.detail ? `: ${problem.detail}` : '';
    return { kind: 'accepted', status, note: `Prism answered ${problem.name}${extra}` };
  }
  return { kind: 'accepted', status };
}
