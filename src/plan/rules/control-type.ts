/**
 * Chooses the input control for a field from its schema and name: formats first (the spec is explicit),
 * then types, then names the spec did not annotate (`email`, `password`, `description`). Undefined means a
 * plain text box.
 */
import type { IrApi, IrSchema } from '../../ir/types.js';
import type { ControlType } from '../types.js';
import { describedAs, view } from './schema-view.js';
import { splitWords } from './words.js';

const LONG_TEXT = new Set(['description', 'body', 'notes', 'note', 'content', 'comment', 'comments', 'bio', 'details', 'html', 'markdown', 'message', 'text', 'summary', 'instructions', 'biography', 'about', 'signature', 'template', 'script', 'query', 'sql', 'csv', 'readme', 'memo']);
const NOT_SECRET_TOKEN = /^(page|next|cursor|continuation|pagination|sync|delta|skip|resume|starting|change|marker|previous|prev|sort)$/;

export function controlTypeFor(name: string, schema: IrSchema, api: IrApi): ControlType | undefined {
  const s = view(api, schema);
  const words = splitWords(name);
  const last = words[words.length - 1] ?? '';
  if (s.type === 'array') {
    const items = view(api, s.items);
    return items.enum !== undefined && items.enum.length > 0 ? 'multiselect' : undefined;
  }
  if (s.type === 'boolean') return 'checkbox';
  if (s.enum !== undefined && s.enum.length > 0) return 'select';
  if (s.type === 'integer') return 'integer';
  if (s.type === 'number') return 'number';
  if (s.type === 'object') return s.properties === undefined && s.additionalProperties !== undefined && s.additionalProperties !== false ? 'key_value' : undefined;
  if (s.type !== 'string' && s.type !== undefined) return undefined;
  switch (s.format) {
    case 'email':
    case 'idn-email':
      return 'email';
    case 'uri':
    case 'url':
    case 'iri':
    case 'uri-reference':
      return 'url';
    case 'date':
      return 'date';
    case 'date-time':
      return 'date_time';
    case 'password':
      return 'password';
    case 'binary':
    case 'byte':
      return undefined;
    default:
      break;
  }
  if (s.writeOnly === true && words.some((w) => /^(password|secret|token|key|pin)$/.test(w))) return 'password';
  if (words.some((w) => /^(password|passwd|passphrase|secret)$/.test(w))) return 'password';
  if (words.includes('token') && !words.some((w) => NOT_SECRET_TOKEN.test(w))) return 'password';
  if (words.length >= 2 && last === 'key' && words.includes('api')) return 'password';
  if (words.some((w) => w === 'email') && !words.some((w) => /^(id|ids|type|verified|count)$/.test(w))) return 'email';
  if (/^(url|uri|website|homepage)$/.test(last)) return 'url';
  if (/^(phone|mobile|fax|telephone|cell)$/.test(last) || words.includes('phone')) return 'phone';
  if (LONG_TEXT.has(last) || (s.maxLength !== undefined && s.maxLength > 255) || /\b(multi-?line|multiple lines|new ?lines|line breaks|markdown|rich text)\b/.test(describedAs(s))) {
    // A short limit (`summary` of 100 characters) stays a text box.
    return s.maxLength !== undefined && s.maxLength <= 255 ? undefined : 'text-area';
  }
  return undefined;
}
