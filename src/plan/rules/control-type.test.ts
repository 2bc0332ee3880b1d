import { describe, expect, it } from 'vitest';
import { api, arr, bool, int, num, obj, ref, str } from './__fixtures__/ir-builders.js';
import { controlTypeFor } from './control-type.js';
import type { IrSchema } from '../../ir/types.js';
import type { ControlType } from '../types.js';

const schemas: Record<string, IrSchema> = { Status: str({ enum: ['open', 'closed'] }), Email: str({ format: 'email' }) };

const table: [string, { given: { name: string; schema: IrSchema }; want: ControlType | undefined }][] = [
  ['format email', { given: { name: 'contact', schema: str({ format: 'email' }) }, want: 'email' }],
  ['format email through a ref', { given: { name: 'contact', schema: ref('Email') }, want: 'email' }],
  ['a name like email_address', { given: { name: 'email_address', schema: str() }, want: 'email' }],
  ['format uri', { given: { name: 'link', schema: str({ format: 'uri' }) }, want: 'url' }],
  ['a name ending in url', { given: { name: 'website_url', schema: str() }, want: 'url' }],
  ['format date', { given: { name: 'due_on', schema: str({ format: 'date' }) }, want: 'date' }],
  ['format date-time', { given: { name: 'due_at', schema: str({ format: 'date-time' }) }, want: 'date_time' }],
  ['format password', { given: { name: 'pw', schema: str({ format: 'password' }) }, want: 'password' }],
  ['a name like client_secret', { given: { name: 'client_secret', schema: str() }, want: 'password' }],
  ['a name like access_token', { given: { name: 'access_token', schema: str() }, want: 'password' }],
  ['an api key', { given: { name: 'apiKey', schema: str() }, want: 'password' }],
  ['description → text area', { given: { name: 'description', schema: str() }, want: 'text-area' }],
  ['notes → text area', { given: { name: 'task_notes', schema: str() }, want: 'text-area' }],
  ['maxLength over 255 → text area', { given: { name: 'caption', schema: str({ maxLength: 5000 }) }, want: 'text-area' }],
  ['described as multi-line → text area', { given: { name: 'address_lines', schema: str({ description: 'Multi-line address.' }) }, want: 'text-area' }],
  ['boolean → checkbox', { given: { name: 'archived', schema: bool() }, want: 'checkbox' }],
  ['enum → select', { given: { name: 'status', schema: ref('Status') }, want: 'select' }],
  ['array of enums → multiselect', { given: { name: 'statuses', schema: arr(ref('Status')) }, want: 'multiselect' }],
  ['integer', { given: { name: 'count', schema: int() }, want: 'integer' }],
  ['number', { given: { name: 'amount', schema: num() }, want: 'number' }],
  ['a free-form map → key/value', { given: { name: 'metadata', schema: obj({}, { properties: undefined, additionalProperties: str() }) }, want: 'key_value' }],
  ['a phone number', { given: { name: 'phone', schema: str() }, want: 'phone' }],
  // Anti-examples.
  ['a page token is not a secret', { given: { name: 'next_page_token', schema: str() }, want: undefined }],
  ['an email_verified flag is a checkbox, not an email', { given: { name: 'email_verified', schema: bool() }, want: 'checkbox' }],
  ['an email id is not an email', { given: { name: 'email_id', schema: str() }, want: undefined }],
  ['a short description limit stays a text box', { given: { name: 'description', schema: str({ maxLength: 100 }) }, want: undefined }],
  ['an enum named password is a select', { given: { name: 'password_policy', schema: str({ enum: ['strict', 'loose'] }) }, want: 'select' }],
  ['a plain name is a text box', { given: { name: 'name', schema: str() }, want: undefined }],
  ['an array of free strings has no special control', { given: { name: 'tags', schema: arr(str()) }, want: undefined }],
  ['secret_name names a secret, it is not one', { given: { name: 'secret_name', schema: str() }, want: undefined }],
  ['tokenId is an id', { given: { name: 'tokenId', schema: str() }, want: undefined }],
  ['a password policy setting is not a password', { given: { name: 'minimumPasswordLength', schema: str() }, want: undefined }],
  ['sendEmail is a setting, not an email', { given: { name: 'sendEmail', schema: str() }, want: undefined }],
  ['email_subject is not an email', { given: { name: 'email_subject', schema: str() }, want: undefined }],
  ['phoneNumberId is an id', { given: { name: 'phoneNumberId', schema: str() }, want: undefined }],
  ['Stripe-style blanket maxLength does not make a name long text', { given: { name: 'account_holder_name', schema: str({ maxLength: 5000 }) }, want: undefined }],
  ['a blanket maxLength on a free text field still reads as long', { given: { name: 'custom_text', schema: str({ maxLength: 5000 }) }, want: 'text-area' }],
  ['secret_key is a secret', { given: { name: 'secret_key', schema: str() }, want: 'password' }],
  ['content_type is not long text', { given: { name: 'content_type', schema: str() }, want: undefined }],
];

describe('controlTypeFor', () => {
  it.each(table)('%s', (_name, { given, want }) => {
    expect(controlTypeFor(given.name, given.schema, api([], schemas))).toBe(want);
  });
});
