/**
 * Chooses the input control for a field from its schema and name: formats first (the spec is explicit),
 * then types, then names the spec did not annotate (`email`, `password`, `description`). Undefined means a
 * plain text box.
 */
import type { IrApi, IrSchema } from '../../ir/types.js';
import type { ControlType } from '../types.js';
import { describedAs, view } from './schema-view.js';
import { splitWords } from './words.js';

const LONG_TEXT = new Set(['description', 'body', 'notes', 'note', 'content', 'comment', 'comments', 'bio', 'details', 'html', 'markdown', 'message', 'text', 'instructions', 'biography', 'about', 'signature', 'script', 'sql', 'csv', 'readme', 'memo', 'agenda']);
/** Last words of names that are short values whatever their maxLength says. */
const SHORT_TEXT = /^(name|title|id|ids|gid|uuid|key|code|type|kind|status|state|city|country|zip|postal|month|year|day|currency|locale|language|lang|email|phone|url|uri|token|username|login|slug|label|ref|number|version|color|colour|timezone|line1|line2|prefix|suffix|domain|host|hostname|ip|region|category|tag|format|mode|method|role|scope|location|path|sort|order|field|account|reason|date|time|sha|hash|query|template|subject|summary)$/;
/** First words of names that are settings or flags about a thing (`sendEmail`, `allowPhoneAuth`). */
const FLAG_VERBS = /^(send|change|withdraw|copy|allow|enable|disable|include|exclude|require|show|hide|is|has|can|should|use|expire|minimum|maximum|min|max|filter|verified|validate)$/;
/** `client_secret`, `access_token`, `api_key`, `new_password`, but not `secret_name`, `tokenId`, `password_length`. */
function isSecretName(words: readonly string[], writeOnly: boolean): boolean {
  const last = words[words.length - 1] ?? '';
  if (/^(password|passwd|passphrase|secret|pin)$/.test(last)) return !FLAG_VERBS.test(words[0] ?? '') || words.length === 1;
  if (last === 'token') return !words.some((w) => NOT_SECRET_TOKEN.test(w));
  if (last === 'key') return writeOnly || words.slice(0, -1).some((w) => /^(api|secret|private|access|signing|encryption|client)$/.test(w));
  return false;
}

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
  if (isSecretName(words, s.writeOnly === true)) return 'password';
  // `sendEmail`, `allowPhoneAuth`, `include_deleted_message`: settings about a thing, not the thing.
  const setting = FLAG_VERBS.test(words[0] ?? '') && words.length > 1;
  if (!setting && (last === 'email' || last === 'mail' || (last === 'address' && words[words.length - 2] === 'email'))) return 'email';
  if (/^(url|uri|website|homepage)$/.test(last)) return 'url';
  if (!setting && (/^(phone|mobile|fax|telephone|cell)$/.test(last) || (last === 'number' && words[words.length - 2] === 'phone'))) return 'phone';
  if (setting || SHORT_TEXT.test(last)) return undefined;
  // Blanket limits (Stripe's `maxLength: 5000` on every string) do not make a name or a code long text.
  if (LONG_TEXT.has(last) || (s.maxLength !== undefined && s.maxLength > 255) || /\b(multi-?line|multiple lines|new ?lines|line breaks|markdown|rich text)\b/.test(describedAs(s))) {
    // A short limit (`description` of 100 characters) stays a text box.
    return s.maxLength !== undefined && s.maxLength <= 255 ? undefined : 'text-area';
  }
  return undefined;
}
