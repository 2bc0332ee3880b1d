/**
 * One plan request as Workato DSL code: `path`, `query`, `headers` and `body` built from the input hash, then the
 * verb call (`get`/`post`/…) with the formats the plan's body encoding and response kind ask for.
 * Serialization follows OAS 3.1 §4.8.12.4 through the connector's own helper methods (`query_string`,
 * `path_param`, `form_encode`, …), so query arrays, deepObject filters and form bodies read as the spec says.
 */
import type { PlanField, PlanParamBinding, PlanRequest } from '../../plan/types.js';
import { rubyString, rubyStringArray } from './ruby.js';

export interface RequestOptions {
  /** Ruby expression of the hash the bound fields are read from. */
  readonly input: string;
  /** Input fields by name (types decide how header values are rendered, multiselects are split). */
  readonly fields: ReadonlyMap<string, PlanField>;
  /** Build the request inside `lambda do |over|`: query, body and URL can be overridden per page. */
  readonly overridable?: boolean;
  /**
   * Ruby expressions replacing the values of parameters, by wire name (any location): the poll's `since`, a
   * webhook subscription's callback URL. Query names that no binding has are added.
   */
  readonly paramValues?: ReadonlyMap<string, string>;
  /** Query parameters to add when no binding has their name: `[wire name, Ruby expression]`. */
  readonly extraQuery?: readonly (readonly [string, string])[];
  /** Lines that adjust `body` after it is built (webhook subscriptions set the callback URL). */
  readonly bodyAdjust?: readonly string[];
  /** Lines of a block chained as `.after_response do |_code, response, response_headers| … end` (shapes the output). */
  readonly afterResponse?: readonly string[];
}

export interface RequestCode {
  /** Statements that build path, query, headers and body. */
  readonly setup: string[];
  /** The verb call and its chained options; an expression, several lines. */
  readonly call: string[];
}

const DSL_VERB: Readonly<Record<string, string>> = {
  get: 'get',
  post: 'post',
  put: 'put',
  patch: 'patch',
  delete: 'delete',
  options: 'options',
  head: 'head',
};

/** Verbs whose second argument is a payload (for get/head/options it is query params). */
const PAYLOAD_VERBS = new Set(['post', 'put', 'patch', 'delete']);

export function requestCode(request: PlanRequest, options: RequestOptions): RequestCode {
  const setup: string[] = [];
  const value = (binding: PlanParamBinding): string => options.paramValues?.get(binding.name) ?? valueExpression(binding.field, options);

  setup.push(`path = ${pathExpression(request, options)}`);

  const queryItems: string[] = [];
  const seen = new Set<string>();
  for (const b of request.params.filter((p) => p.in === 'query')) {
    seen.add(b.name);
    queryItems.push(queryTuple(b, value(b)));
  }
  for (const [name, expr] of options.extraQuery ?? []) {
    if (seen.has(name)) continue;
    seen.add(name);
    queryItems.push(`[${rubyString(name)}, ${expr}]`);
  }
  const bound = new Set(request.params.map((p) => p.name));
  for (const [name, expr] of options.paramValues ?? []) {
    if (!seen.has(name) && !bound.has(name)) queryItems.push(`[${rubyString(name)}, ${expr}]`);
  }
  const hasQuery = queryItems.length > 0 || options.overridable;
  if (queryItems.length > 0) {
    setup.push('query = [', ...queryItems.map((q, i) => '  ' + q + (i < queryItems.length - 1 ? ',' : '')), ']');
  } else if (hasQuery) {
    setup.push('query = []');
  }

  const headerItems: string[] = [];
  for (const b of request.params.filter((p) => p.in === 'header')) {
    const field = options.fields.get(b.field);
    const scalar = field === undefined || !['array', 'object'].includes(field.type);
    headerItems.push(`${rubyString(b.name)} => ${scalar ? value(b) : `call('header_value', ${value(b)}, ${b.explode})`}`);
  }
  const cookies = request.params.filter((p) => p.in === 'cookie');
  if (cookies.length > 0) {
    const pairs = cookies.map((b) => `[${rubyString(b.name)}, ${value(b)}, ${b.explode}]`).join(', ');
    headerItems.push(`'Cookie' => call('cookie_header', [${pairs}])`);
  }
  const body = request.body;
  const raw = body !== undefined && ['text', 'xml', 'binary'].includes(body.encoding);
  if (body && raw) {
    const fallback = body.encoding === 'text' ? 'text/plain' : body.encoding === 'xml' ? 'application/xml' : 'application/octet-stream';
    headerItems.push(`'Content-Type' => ${rubyString(body.mediaType.includes('*') ? fallback : body.mediaType)}`);
  }
  const rawResponse = request.response.kind === 'text' || request.response.kind === 'binary';
  if (rawResponse && request.accept && request.accept.length > 0) {
    headerItems.push(`'Accept' => ${rubyString(request.accept.join(', '))}`);
  }
  if (headerItems.length > 0) {
    setup.push('headers = {', ...headerItems.map((h, i) => '  ' + h + (i < headerItems.length - 1 ? ',' : '')), '}.compact');
  }

  if (body) {
    setup.push(...bodyLines(request, options));
    if (options.bodyAdjust) setup.push(...options.bodyAdjust);
  }

  const verb = DSL_VERB[request.method];
  const url = options.overridable
    ? `over['url'] || (path + call('query_string', query, over['query']))`
    : hasQuery
      ? `path + call('query_string', query)`
      : 'path';
  const call: string[] = [];
  if (!verb) {
    return { setup, call: [`error(${rubyString(`The ${request.method.toUpperCase()} method is not available in Workato's HTTP DSL`)})`] };
  }
  const payloadVerb = PAYLOAD_VERBS.has(verb);
  const bodyVar = options.overridable && body && (body.encoding === 'json' || body.encoding === 'form') && body.mode === 'properties'
    ? `(body || {}).merge(over['body'] || {})`
    : 'body';
  if (body && payloadVerb && body.encoding === 'json') {
    call.push(`${verb}(${url}, ${bodyVar})`);
  } else if (body && payloadVerb && body.encoding === 'multipart') {
    const types = Object.entries(body.encodings ?? {}).filter(([, e]) => e.contentType !== undefined);
    const typeArg = types.length > 0 ? `, { ${types.map(([n, e]) => `${rubyString(n)} => ${rubyString(e.contentType as string)}`).join(', ')} }` : '';
    call.push(`${verb}(${url}, call('multipart_parts', ${bodyVar}, ${rubyStringArray(fileWireNames(request))}${typeArg}))`);
    call.push('  .request_format_multipart_form');
  } else if (body && payloadVerb && body.encoding === 'form') {
    call.push(`${verb}(${url})`);
    call.push('  .request_format_www_form_urlencoded');
    const styled = Object.entries(body.encodings ?? {}).filter(([, e]) => e.style !== undefined || e.explode !== undefined);
    const encodingArg = styled.length > 0
      ? `, { ${styled.map(([n, e]) => `${rubyString(n)} => [${rubyString(e.style ?? 'form')}, ${String(e.explode ?? (e.style ?? 'form') === 'form')}]`).join(', ')} }`
      : '';
    call.push(`  .request_body(call('form_encode', ${bodyVar}${encodingArg}))`);
  } else if (body && payloadVerb && raw) {
    call.push(`${verb}(${url})`);
    call.push(`  .request_body(call('scalar_text', body))`);
  } else {
    call.push(`${verb}(${url})`);
  }
  if (headerItems.length > 0) call.push('  .headers(headers)');
  if (rawResponse) call.push('  .response_format_raw');
  if (options.afterResponse) {
    call.push('  .after_response do |_code, response, response_headers|', ...options.afterResponse.map((l) => '    ' + l), '  end');
  }
  return { setup, call };
}

function valueExpression(field: string, options: RequestOptions): string {
  const read = `${options.input}[${rubyString(field)}]`;
  return options.fields.get(field)?.control_type === 'multiselect' ? `call('list_value', ${read})` : read;
}

function queryTuple(b: PlanParamBinding, value: string): string {
  const parts = [rubyString(b.name), value];
  const allowReserved = b.allowReserved === true;
  const defaultStyle = b.style === 'form' && b.explode && !allowReserved;
  if (!defaultStyle) parts.push(rubyString(b.style), String(b.explode));
  if (allowReserved) parts.push('true');
  return `[${parts.join(', ')}]`;
}

/** The request path relative to `base_uri` (which ends with `/`), each `{param}` serialized by `path_param`. */
function pathExpression(request: PlanRequest, options: RequestOptions): string {
  let path = request.path.replace(/^\/+/, '');
  // A first segment with a colon would parse as a URI scheme (`v1:batchGet`); `./` keeps it a relative path.
  const firstSegment = path.split('/')[0] ?? '';
  if (/^[^{]*:/.test(firstSegment)) path = './' + path;
  const parts: string[] = [];
  let last = 0;
  for (const m of path.matchAll(/\{([^{}]+)\}/g)) {
    if (m.index > last) parts.push(rubyString(encodePathText(path.slice(last, m.index))));
    const name = m[1] as string;
    const binding = request.params.find((p) => p.in === 'path' && p.name === name);
    if (binding) {
      const args = [options.paramValues?.get(binding.name) ?? valueExpression(binding.field, options), rubyString(binding.name)];
      if (binding.style !== 'simple' || binding.explode) args.push(rubyString(binding.style), String(binding.explode));
      parts.push(`call('path_param', ${args.join(', ')})`);
    } else {
      parts.push(`call('path_param', ${options.input}[${rubyString(name)}], ${rubyString(name)})`);
    }
    last = m.index + m[0].length;
  }
  if (last < path.length) parts.push(rubyString(encodePathText(path.slice(last))));
  return parts.length === 0 ? "''" : parts.join(' + ');
}

/** Literal path text, with characters a URI path cannot hold percent-encoded (RFC 3986 §3.3 pchar and `/`). */
export function encodePathText(text: string): string {
  return text.replace(/%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9\-._~!$&'()*+,;=:@/%]/gu, (c) =>
    Array.from(new TextEncoder().encode(c), (b) => '%' + b.toString(16).toUpperCase().padStart(2, '0')).join(''),
  );
}

function fileWireNames(request: PlanRequest): string[] {
  const body = request.body;
  if (!body?.fileFields) return [];
  return body.fileFields.map((f) => body.properties?.find((p) => p.field === f)?.name ?? f);
}

function bodyLines(request: PlanRequest, options: RequestOptions): string[] {
  const body = request.body;
  if (!body) return [];
  if (body.mode === 'whole' || body.properties === undefined) {
    return [`body = ${body.field !== undefined ? valueExpression(body.field, options) : 'nil'}`];
  }
  const props = body.properties;
  const lines =
    props.length === 0
      ? ['body = {}']
      : [
          'body = {',
          ...props.map((p, i) => `  ${rubyString(p.name)} => ${valueExpression(p.field, options)}${i < props.length - 1 ? ',' : ''}`),
          '}.compact',
        ];
  // An optional body with nothing in it is not sent at all.
  if (!body.required) lines.push('body = nil if body.empty?');
  for (const key of [...(body.envelope ?? [])].reverse()) {
    lines.push(`body = { ${rubyString(key)} => body }${body.required ? '' : ' if body'}`);
  }
  return lines;
}
