/**
 * The connector's shared `methods:` — fixed Ruby written here, never containing spec text. Each helper is
 * emitted only when the generated code (or another helper) calls it, in the fixed order below.
 * They use core Ruby 2.7 and the documented DSL only (`call`, `error`, HTTP verbs), so they run on Workato,
 * in `workato exec` and in the test harness alike.
 */

interface Helper {
  readonly name: string;
  readonly uses: readonly string[];
  readonly code: string;
}

const HELPERS: readonly Helper[] = [
  {
    name: 'scalar_text',
    uses: [],
    code: String.raw`
scalar_text: lambda do |value|
  case value
  when nil then ''
  when String then value
  when Hash, Array then value.to_json
  when Time then value.utc.iso8601
  else value.to_s
  end
end`,
  },
  {
    name: 'encode_component',
    uses: [],
    code: String.raw`
# RFC 3986 unreserved characters stay; with allow_reserved (OAS allowReserved) the reserved ones that
# cannot change how a query splits stay too.
encode_component: lambda do |text, allow_reserved = false|
  keep = allow_reserved ? /[^A-Za-z0-9\-._~:\/?\[\]@!$'()*,;]/n : /[^A-Za-z0-9\-._~]/n
  text.to_s.b.gsub(keep) { |c| format('%%%02X', c.ord) }.force_encoding('UTF-8')
end`,
  },
  {
    name: 'encode_name',
    uses: ['encode_component'],
    code: String.raw`
# Parameter names keep literal brackets (filter[status], created[gte]) as the APIs that use them document them.
encode_name: lambda do |name|
  call('encode_component', name).gsub('%5B', '[').gsub('%5D', ']')
end`,
  },
  {
    name: 'bracket_pairs',
    uses: ['scalar_text'],
    code: String.raw`
# [key, text] pairs in the bracket style Rack, PHP and Stripe read: a[b]=x, ids[]=1, items[0][price]=p.
bracket_pairs: lambda do |prefix, value|
  if value.is_a?(Array)
    value.each_with_index.flat_map do |item, index|
      if item.is_a?(Hash) || item.is_a?(Array)
        call('bracket_pairs', prefix + '[' + index.to_s + ']', item)
      elsif item.nil?
        []
      else
        [[prefix + '[]', call('scalar_text', item)]]
      end
    end
  elsif value.is_a?(Hash)
    value.flat_map { |k, v| v.nil? ? [] : call('bracket_pairs', prefix + '[' + k.to_s + ']', v) }
  else
    [[prefix, call('scalar_text', value)]]
  end
end`,
  },
  {
    name: 'query_pieces',
    uses: ['encode_component', 'encode_name', 'bracket_pairs', 'scalar_text'],
    code: String.raw`
# One query parameter as name=value pieces (OAS 3.1 section 4.8.12.4: form, spaceDelimited, pipeDelimited,
# deepObject; explode). Absent values give no piece.
query_pieces: lambda do |name, value, style, explode, allow_reserved|
  return [] if value.nil?
  enc = lambda { |v| call('encode_component', call('scalar_text', v), allow_reserved) }
  if style == 'deepObject'
    return call('bracket_pairs', name, value).map { |k, v| call('encode_name', k) + '=' + call('encode_component', v, allow_reserved) }
  end
  key = call('encode_name', name)
  delimiter = { 'spaceDelimited' => '%20', 'pipeDelimited' => '|', 'tabDelimited' => '%09' }[style] || ','
  if value.is_a?(Array)
    items = value.compact
    return [] if items.empty?
    return items.map { |item| key + '=' + enc.call(item) } if explode
    return [key + '=' + items.map { |item| enc.call(item) }.join(delimiter)]
  end
  if value.is_a?(Hash)
    pairs = value.reject { |_k, v| v.nil? }
    return [] if pairs.empty?
    return pairs.map { |k, v| call('encode_name', k.to_s) + '=' + enc.call(v) } if explode && style == 'form'
    return [key + '=' + pairs.map { |k, v| enc.call(k.to_s) + delimiter + enc.call(v) }.join(delimiter)]
  end
  [key + '=' + enc.call(value)]
end`,
  },
  {
    name: 'query_string',
    uses: ['query_pieces'],
    code: String.raw`
# '?a=1&b=2' from [name, value, style = 'form', explode = true, allow_reserved = false] entries; 'extra'
# (name => value) replaces entries of the same name (pagination cursors, offsets).
query_string: lambda do |params, extra = nil|
  extra ||= {}
  pieces = []
  params.each do |param|
    next if extra.key?(param[0])
    pieces.concat(call('query_pieces', param[0], param[1], param[2] || 'form', param.fetch(3, true), param[4] || false))
  end
  extra.each { |name, value| pieces.concat(call('query_pieces', name, value, 'form', true, false)) }
  pieces.empty? ? '' : '?' + pieces.join('&')
end`,
  },
  {
    name: 'path_param',
    uses: ['encode_component', 'scalar_text'],
    code: String.raw`
# The text for one {param} of the path: style simple, label or matrix (OAS 3.1 section 4.8.12.4).
path_param: lambda do |value, name, style = 'simple', explode = false|
  error('Missing path parameter: ' + name) if value.nil?
  enc = lambda { |v| call('encode_component', call('scalar_text', v)) }
  key = call('encode_component', name)
  if value.is_a?(Array)
    items = value.map { |v| enc.call(v) }
    return '.' + items.join(explode ? '.' : ',') if style == 'label'
    return (explode ? items.map { |i| ';' + key + '=' + i }.join : ';' + key + '=' + items.join(',')) if style == 'matrix'
    return items.join(',')
  end
  if value.is_a?(Hash)
    pairs = value.reject { |_k, v| v.nil? }.map { |k, v| enc.call(k.to_s) + (explode ? '=' : ',') + enc.call(v) }
    return '.' + pairs.join(explode ? '.' : ',') if style == 'label'
    return (explode ? pairs.map { |p| ';' + p }.join : ';' + key + '=' + pairs.join(',')) if style == 'matrix'
    return pairs.join(',')
  end
  text = enc.call(value)
  return '.' + text if style == 'label'
  return (text.empty? ? ';' + key : ';' + key + '=' + text) if style == 'matrix'
  text
end`,
  },
  {
    name: 'header_value',
    uses: ['scalar_text'],
    code: String.raw`
# Header parameters are style simple: arrays comma-joined, objects k,v or k=v (explode).
header_value: lambda do |value, explode|
  return nil if value.nil?
  return value.map { |v| call('scalar_text', v) }.join(',') if value.is_a?(Array)
  if value.is_a?(Hash)
    return value.reject { |_k, v| v.nil? }.map { |k, v| k.to_s + (explode ? '=' : ',') + call('scalar_text', v) }.join(',')
  end
  call('scalar_text', value)
end`,
  },
  {
    name: 'cookie_header',
    uses: ['encode_component', 'scalar_text'],
    code: String.raw`
# A Cookie header from [name, value, explode] entries; nil when none has a value.
cookie_header: lambda do |pairs|
  pieces = []
  pairs.each do |name, value, explode|
    next if value.nil?
    enc = lambda { |v| call('encode_component', call('scalar_text', v)) }
    if value.is_a?(Array)
      pieces.concat(explode ? value.map { |v| name + '=' + enc.call(v) } : [name + '=' + value.map { |v| enc.call(v) }.join(',')])
    elsif value.is_a?(Hash)
      kv = value.reject { |_k, v| v.nil? }
      pieces.concat(explode ? kv.map { |k, v| k.to_s + '=' + enc.call(v) } : [name + '=' + kv.map { |k, v| enc.call(k.to_s) + ',' + enc.call(v) }.join(',')])
    else
      pieces << name + '=' + enc.call(value)
    end
  end
  pieces.empty? ? nil : pieces.join('; ')
end`,
  },
  {
    name: 'list_value',
    uses: [],
    code: String.raw`
# Multiselect fields arrive as one comma-separated string.
list_value: lambda do |value|
  value.is_a?(String) ? value.split(',').map(&:strip).reject(&:empty?) : value
end`,
  },
  {
    name: 'form_encode',
    uses: ['encode_component', 'encode_name', 'bracket_pairs', 'scalar_text'],
    code: String.raw`
# application/x-www-form-urlencoded. Arrays of scalars follow their encoding ([style, explode] by name; default
# form, exploded: k=a&k=b); objects and arrays of objects go in brackets (metadata[key]=v, items[0][price]=p)
# as form APIs such as Stripe read them.
form_encode: lambda do |body, encodings = {}|
  return '' if body.nil?
  pieces = []
  body.each do |name, value|
    next if value.nil?
    style, explode = encodings[name.to_s] || ['form', true]
    key = call('encode_name', name.to_s)
    if value.is_a?(Array) && style != 'deepObject' && value.none? { |v| v.is_a?(Hash) || v.is_a?(Array) }
      items = value.compact.map { |v| call('scalar_text', v) }
      if explode
        items.each { |v| pieces << key + '=' + call('encode_component', v) }
      elsif !items.empty?
        delimiter = { 'spaceDelimited' => ' ', 'pipeDelimited' => '|' }[style] || ','
        pieces << key + '=' + call('encode_component', items.join(delimiter))
      end
    else
      call('bracket_pairs', name.to_s, value).each { |k, v| pieces << call('encode_name', k) + '=' + call('encode_component', v) }
    end
  end
  pieces.join('&')
end`,
  },
  {
    name: 'multipart_parts',
    uses: ['scalar_text'],
    code: String.raw`
# multipart/form-data payload: file fields become [content, content_type, file_name] (a string is the content;
# a hash may give content or base64, file_name and content_type); objects are sent as JSON text.
multipart_parts: lambda do |body, file_fields, content_types = {}|
  parts = {}
  (body || {}).each do |name, value|
    next if value.nil?
    # A declared file field, or a value given as a file (base64 content or a file name) where the spec is vague.
    given_as_file = value.is_a?(Hash) && (value.key?('base64') || value.key?('file_name') || value.key?('filename'))
    if file_fields.include?(name.to_s) || given_as_file
      file = value.is_a?(Hash) ? value : { 'content' => value }
      content = file['base64'] ? file['base64'].to_s.unpack1('m') : file['content'] || file['text']
      type = file['content_type'] || content_types[name.to_s] || 'application/octet-stream'
      parts[name] = [content.to_s, type, file['file_name'] || file['filename'] || name.to_s]
    else
      parts[name] = value.is_a?(Hash) || value.is_a?(Array) ? value.to_json : call('scalar_text', value)
    end
  end
  parts
end`,
  },
  {
    name: 'dig',
    uses: [],
    code: String.raw`
# The value at a path of keys (array indexes as digits); nil when any step is missing.
dig: lambda do |value, path|
  (path || []).reduce(value) do |v, key|
    if v.is_a?(Hash)
      v[key]
    elsif v.is_a?(Array) && key.to_s.match?(/\A\d+\z/)
      v[key.to_i]
    end
  end
end`,
  },
  {
    name: 'set_path',
    uses: [],
    code: String.raw`
set_path: lambda do |hash, path, value|
  hash ||= {}
  target = path[0...-1].reduce(hash) { |h, key| h[key].is_a?(Hash) ? h[key] : (h[key] = {}) }
  target[path[-1]] = value
  hash
end`,
  },
  {
    name: 'header',
    uses: [],
    code: String.raw`
# A response header by name, whatever case or symbol form the headers hash uses.
header: lambda do |headers, name|
  wanted = name.downcase
  pair = (headers || {}).find { |k, _v| k.to_s.downcase.tr('_', '-') == wanted }
  value = pair && pair[1]
  value.is_a?(Array) ? value.join(', ') : value
end`,
  },
  {
    name: 'link_next',
    uses: [],
    code: String.raw`
# The rel="next" target of an RFC 8288 Link header.
link_next: lambda do |link|
  link.to_s.split(/,(?=\s*<)/).each do |part|
    target = part[/<([^>]*)>/, 1]
    return target if target && part =~ /;\s*rel\s*=\s*"?([^";]*\s)?next(\s[^";]*)?"?/i
  end
  nil
end`,
  },
  {
    name: 'fetch_page',
    uses: [],
    code: String.raw`
# One page: 'page' is a lambda that builds the request from overrides ('query', 'body', 'url').
fetch_page: lambda do |page, over|
  response = page.call(over).after_response do |_code, body, headers|
    { 'body' => body, 'headers' => headers }
  end
  { 'body' => response['body'], 'headers' => response['headers'] }
end`,
  },
  {
    name: 'next_page',
    uses: ['dig', 'header', 'link_next'],
    code: String.raw`
# Overrides for the page after this one, or nil on the last page. 'pagination' describes the API's style:
# cursor, offset, page, link_header or next_url.
next_page: lambda do |pagination, body, headers, items, over|
  return nil if items.nil? || items.empty?
  state = over['state'] || {}
  case pagination['style']
  when 'cursor'
    if pagination['has_more_path']
      more = call('dig', body, pagination['has_more_path'])
      return nil if more.nil? || more == false || more.to_s == 'false'
    end
    cursor = if pagination['next_cursor_path']
               call('dig', body, pagination['next_cursor_path'])
             elsif pagination['cursor_from_last_item']
               items.last.is_a?(Hash) ? items.last[pagination['cursor_from_last_item']] : nil
             end
    return nil if cursor.nil? || cursor.to_s.empty? || cursor.to_s == state['cursor'].to_s
    where = pagination['cursor_in'] == 'body' ? 'body' : 'query'
    { where => { pagination['cursor_param'] => cursor }, 'state' => { 'cursor' => cursor.to_s } }
  when 'offset'
    offset = (state['offset'] || pagination['start'] || 0).to_i + items.length
    total = pagination['total_path'] ? call('dig', body, pagination['total_path']) : nil
    return nil if total && offset >= total.to_i
    { 'query' => { pagination['offset_param'] => offset }, 'state' => { 'offset' => offset } }
  when 'page'
    first = (pagination['first_page'] || 1).to_i
    number = (state['page'] || pagination['start'] || first).to_i + 1
    pages = pagination['total_pages_path'] ? call('dig', body, pagination['total_pages_path']) : nil
    return nil if pages && number - first >= pages.to_i
    { 'query' => { pagination['page_param'] => number }, 'state' => { 'page' => number } }
  when 'link_header', 'next_url'
    url = if pagination['style'] == 'link_header'
            call('link_next', call('header', headers, 'link'))
          else
            call('dig', body, pagination['next_url_path'])
          end
    return nil if url.nil? || url.to_s.empty? || url.to_s == state['url'].to_s
    { 'url' => url.to_s, 'state' => { 'url' => url.to_s } }
  end
end`,
  },
  {
    name: 'fetch_records',
    uses: ['fetch_page', 'next_page', 'dig'],
    code: String.raw`
# The records at items_path of the first page and, when the API pages, of the pages after it, up to
# max_records of them.
fetch_records: lambda do |page, pagination, items_path, max_records|
  limit = max_records.to_s.empty? ? nil : max_records.to_i
  current = call('fetch_page', page, {})
  found = call('dig', current['body'], items_path)
  records = found.is_a?(Array) ? found : []
  over = {}
  pages = 1
  while pagination && (limit.nil? || records.length < limit) && pages < 1000
    found = call('dig', current['body'], items_path)
    over = call('next_page', pagination, current['body'], current['headers'], found.is_a?(Array) ? found : [], over)
    break if over.nil?
    current = call('fetch_page', page, over)
    pages += 1
    more = call('dig', current['body'], items_path)
    break unless more.is_a?(Array) && !more.empty?
    records += more
  end
  limit ? records.first(limit) : records
end`,
  },
  {
    name: 'to_time',
    uses: [],
    code: String.raw`
# A Time from an ISO 8601 text, a Time or Date, or epoch seconds/milliseconds; nil when it is none of those.
to_time: lambda do |value|
  case value
  when nil then nil
  when Time then value
  when Numeric then value > 100_000_000_000 ? Time.at(value / 1000.0) : Time.at(value)
  when String
    if value.strip.empty?
      nil
    elsif value.strip.match?(/\A\d+(\.\d+)?\z/)
      call('to_time', value.to_f)
    else
      begin
        Time.parse(value)
      rescue ArgumentError
        nil
      end
    end
  else value.respond_to?(:to_time) ? value.to_time : nil
  end
end`,
  },
  {
    name: 'format_time',
    uses: ['to_time'],
    code: String.raw`
# The poll's high-water mark in the form the API's filter takes.
format_time: lambda do |value, form|
  time = call('to_time', value)
  return nil if time.nil?
  case form
  when 'date' then time.utc.strftime('%Y-%m-%d')
  when 'unix' then time.to_i
  when 'unix_ms' then (time.to_f * 1000).to_i
  else time.utc.iso8601
  end
end`,
  },
  {
    name: 'poll_start',
    uses: ['to_time'],
    code: String.raw`
# The closure a poll works from: 'since' (high-water mark), 'next' (overrides for the next page of the
# current sweep), 'max' (latest record time seen in this sweep), 'started' (when this sweep began).
poll_start: lambda do |closure, since|
  closure = closure.is_a?(Hash) ? closure.dup : {}
  if closure['since'].nil?
    start = call('to_time', since) || Time.now - 3600
    closure['since'] = start.utc.iso8601
  end
  closure['started'] = Time.now.utc.iso8601 if closure['next'].nil?
  closure
end`,
  },
  {
    name: 'poll_page',
    uses: ['fetch_page', 'next_page', 'dig', 'to_time'],
    code: String.raw`
# One poll: fetch one page of records changed since the high-water mark, oldest first. Within a sweep the
# closure carries the next page; when the sweep ends the mark moves to the latest record time seen.
poll_page: lambda do |page, config, closure|
  over = closure['next'] || {}
  response = call('fetch_page', page, over)
  records = call('dig', response['body'], config['items_path'] || [])
  records = records.is_a?(Array) ? records.select { |r| r.is_a?(Hash) } : []
  time_field = config['time_field']
  max = call('to_time', closure['max'])
  if time_field
    records = records.each_with_index.sort_by { |r, i| [call('to_time', r[time_field]) || Time.at(0), i] }.map(&:first)
    latest = records.map { |r| call('to_time', r[time_field]) }.compact.max
    max = [max, latest].compact.max
  end
  nxt = config['pagination'] ? call('next_page', config['pagination'], response['body'], response['headers'], records, over) : nil
  if nxt
    return { events: records, next_poll: closure.merge('next' => nxt, 'max' => max && max.utc.iso8601), can_poll_more: true }
  end
  limit = config['page_limit']
  if limit && time_field && records.length > limit
    cut = call('to_time', records[limit - 1][time_field])
    if cut && cut.utc.iso8601 != closure['since']
      return { events: records.first(limit), next_poll: { 'since' => cut.utc.iso8601 }, can_poll_more: true }
    end
  end
  since = if max
            max.utc.iso8601
          elsif time_field
            closure['since']
          else
            closure['started'] || closure['since']
          end
  { events: records, next_poll: { 'since' => since }, can_poll_more: false }
end`,
  },
  {
    name: 'pick_list_options',
    uses: [],
    code: String.raw`
pick_list_options: lambda do |records, label_field, value_field|
  (records.is_a?(Array) ? records : []).map do |record|
    next nil unless record.is_a?(Hash) && !record[value_field].nil?
    label = record[label_field].nil? ? record[value_field] : record[label_field]
    [label.to_s, record[value_field]]
  end.compact
end`,
  },
];

/** The helpers `used` needs (with their own dependencies), in the fixed order, as lines of code. */
export function helperMethods(used: ReadonlySet<string>): string[][] {
  const wanted = new Set<string>();
  const add = (name: string): void => {
    if (wanted.has(name)) return;
    const helper = HELPERS.find((h) => h.name === name);
    if (!helper) throw new Error(`unknown helper method ${name}`);
    wanted.add(name);
    helper.uses.forEach(add);
  };
  used.forEach(add);
  return HELPERS.filter((h) => wanted.has(h.name)).map((h) => h.code.trim().split('\n'));
}

/**
 * Names of helpers called as `call('name', …)` in a piece of generated code. Spec text inside string literals
 * can only make this find more names, never fewer; names that are not helpers are ignored.
 */
export function helpersCalled(code: string): string[] {
  const known = new Set(HELPERS.map((h) => h.name));
  return [...code.matchAll(/\bcall\('([a-z_]+)'/g)].map((m) => m[1] as string).filter((n) => known.has(n));
}
