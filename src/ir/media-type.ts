/**
 * Media Type Objects (OAS 3 `content` maps) into IrMediaType, and media type names into the IR's key form.
 */
import type { IrEncoding, IrMediaType, ParameterStyle } from './types.js';
import { child, entriesOf, isObject, pointerTokens, setOwn, stringOr, targetOf, valueAt, type IrContext } from './ir-context.js';
import type { SchemaConverter } from './schema-object.js';

/** `Application/JSON; charset=utf-8` -> `application/json`. */
export function mediaKey(mediaType: string): string {
  return mediaType.split(';')[0]!.trim().toLowerCase();
}

const STYLES = new Set<string>(['form', 'spaceDelimited', 'pipeDelimited', 'deepObject']);

export function convertContent(ctx: IrContext, schemas: SchemaConverter, content: unknown, pointer: string): IrMediaType[] {
  const out: IrMediaType[] = [];
  const seen = new Set<string>();
  for (const [mediaType, media] of entriesOf(content)) {
    const key = mediaKey(mediaType);
    // `application/json` and `application/json; charset=utf-8` side by side: the first one written wins.
    if (seen.has(key) || !isObject(media)) continue;
    seen.add(key);
    const at = child(pointer, mediaType);
    const example = media.example !== undefined ? media.example : firstExample(ctx, media.examples);
    const encoding = convertEncoding(media.encoding);
    out.push({
      mediaType: key,
      ...(media.schema !== undefined ? { schema: schemas.convert(media.schema, child(at, 'schema'), 0) } : {}),
      ...(example !== undefined ? { example } : {}),
      ...(encoding !== undefined ? { encoding } : {}),
    });
  }
  return out;
}

function convertEncoding(value: unknown): Record<string, IrEncoding> | undefined {
  if (!isObject(value)) return undefined;
  const out: Record<string, IrEncoding> = {};
  for (const [name, enc] of Object.entries(value)) {
    if (!isObject(enc)) continue;
    const style = STYLES.has(enc.style as string) ? (enc.style as ParameterStyle) : undefined;
    // OAS 3 §4.8.15.1: explode defaults to true for style form, else false.
    const explode = typeof enc.explode === 'boolean' ? enc.explode : style !== undefined ? style === 'form' : undefined;
    const headers = isObject(enc.headers) ? Object.keys(enc.headers) : undefined;
    const contentType = stringOr(enc.contentType);
    setOwn(out, name, {
      ...(contentType !== undefined ? { contentType } : {}),
      ...(style !== undefined ? { style } : {}),
      ...(explode !== undefined ? { explode } : {}),
      ...(headers !== undefined && headers.length > 0 ? { headers } : {}),
    });
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The value of the first entry of an OAS 3 `examples` map (Example Objects, maybe `$ref`s, hold it in `value`). */
export function firstExample(ctx: IrContext, examples: unknown): unknown {
  if (!isObject(examples)) return undefined;
  for (const example of Object.values(examples)) {
    const target = isObject(example) && typeof example.$ref === 'string' ? targetOf(ctx, example.$ref) : undefined;
    const resolved = target !== undefined ? valueAt(ctx.doc, pointerTokens(target)) : example;
    if (isObject(resolved) && resolved.value !== undefined) return resolved.value;
  }
  return undefined;
}
