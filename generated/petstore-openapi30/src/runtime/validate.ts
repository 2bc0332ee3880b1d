import { isPlainObject } from './json-path.js';
import type { JsonSchema } from './types.js';

export interface ValidationIssue {
  /** Where the problem is: `pet.tags[0]`; empty for the input itself. */
  readonly path: string;
  readonly message: string;
}

type Definitions = Readonly<Record<string, JsonSchema>>;

const REF_PREFIXES = ['#/objectDefinitions/', '#/definitions/', '#/$defs/', '#/components/schemas/'];

function resolveRef(schema: JsonSchema, definitions: Definitions | undefined): JsonSchema {
  let current = schema;
  // A chain of refs ends within a few steps; the bound stops a ref that points at itself.
  for (let i = 0; i < 16 && typeof current.$ref === 'string'; i++) {
    const ref = current.$ref as string;
    const prefix = REF_PREFIXES.find((p) => ref.startsWith(p));
    const target = prefix === undefined ? undefined : definitions?.[decodeURIComponent(ref.slice(prefix.length))];
    if (target === undefined) return {};
    const { $ref: _ignored, ...rest } = current;
    current = Object.keys(rest).length > 0 ? { allOf: [target], ...rest } : target;
  }
  return current;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function matchesType(value: unknown, type: string): boolean {
  const actual = typeOf(value);
  if (type === 'number') return actual === 'number' || actual === 'integer';
  return actual === type;
}

function child(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path === '' ? key : `${path}.${key}`;
}

function subject(path: string): string {
  return path === '' ? 'input' : `field ${path}`;
}

function show(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

const FORMATS: Readonly<Record<string, (s: string) => boolean>> = {
  date: (s) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(s)),
  'date-time': (s) => /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?$/.test(s) && !Number.isNaN(Date.parse(s)),
  email: (s) => /^[^\s@]+@[^\s@]+$/.test(s),
  uri: (s) => {
    try {
      new URL(s);
      return true;
    } catch {
      return false;
    }
  },
};

function check(schemaIn: unknown, value: unknown, path: string, definitions: Definitions | undefined, issues: ValidationIssue[]): void {
  if (schemaIn === false) {
    issues.push({ path, message: `${subject(path)} is not allowed` });
    return;
  }
  if (!isPlainObject(schemaIn)) return;
  const schema = resolveRef(schemaIn, definitions);
  const add = (message: string): void => {
    issues.push({ path, message });
  };

  if (value === null && schema.nullable === true) return;
  const types = Array.isArray(schema.type) ? (schema.type as string[]) : typeof schema.type === 'string' ? [schema.type] : undefined;
  if (types !== undefined && !types.some((t) => matchesType(value, t))) {
    const wanted = types.filter((t) => t !== 'null');
    const article = (t: string): string => (/^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`);
    add(`${subject(path)} must be ${wanted.map(article).join(' or ') || 'null'}${types.includes('null') && wanted.length > 0 ? ' or null' : ''}`);
    return;
  }

  if (Array.isArray(schema.enum) && !schema.enum.some((e) => deepEqual(e, value))) {
    add(`${subject(path)} must be one of ${schema.enum.map(show).join(', ')}`);
  }
  if ('const' in schema && !deepEqual(schema.const, value)) add(`${subject(path)} must be ${show(schema.const)}`);

  if (typeof value === 'string') {
    const format = typeof schema.format === 'string' ? FORMATS[schema.format] : undefined;
    if (format !== undefined && !format(value)) add(`${subject(path)} must be a valid ${schema.format}`);
    if (typeof schema.minLength === 'number' && [...value].length < schema.minLength) add(`${subject(path)} must be at least ${schema.minLength} characters long`);
    if (typeof schema.maxLength === 'number' && [...value].length > schema.maxLength) add(`${subject(path)} must be at most ${schema.maxLength} characters long`);
    if (typeof schema.pattern === 'string') {
      let re: RegExp | undefined;
      try {
        re = new RegExp(schema.pattern, 'u');
      } catch {
        re = undefined; // A pattern JavaScript cannot read is not the user's fault.
      }
      if (re !== undefined && !re.test(value)) add(`${subject(path)} must match the pattern ${schema.pattern}`);
    }
  }

  if (typeof value === 'number') {
    const { minimum, maximum, exclusiveMinimum, exclusiveMaximum, multipleOf } = schema;
    // OAS 3.0 uses boolean exclusive flags next to minimum/maximum; 3.1 (JSON Schema 2020-12) uses numbers.
    if (typeof minimum === 'number') {
      if (exclusiveMinimum === true ? value <= minimum : value < minimum) add(`${subject(path)} must be ${exclusiveMinimum === true ? 'greater than' : 'at least'} ${minimum}`);
    }
    if (typeof maximum === 'number') {
      if (exclusiveMaximum === true ? value >= maximum : value > maximum) add(`${subject(path)} must be ${exclusiveMaximum === true ? 'less than' : 'at most'} ${maximum}`);
    }
    if (typeof exclusiveMinimum === 'number' && value <= exclusiveMinimum) add(`${subject(path)} must be greater than ${exclusiveMinimum}`);
    if (typeof exclusiveMaximum === 'number' && value >= exclusiveMaximum) add(`${subject(path)} must be less than ${exclusiveMaximum}`);
    if (typeof multipleOf === 'number' && multipleOf > 0 && Math.abs(value / multipleOf - Math.round(value / multipleOf)) > 1e-9) {
      add(`${subject(path)} must be a multiple of ${multipleOf}`);
    }
  }

  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) add(`${subject(path)} must have at least ${schema.minItems} items`);
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) add(`${subject(path)} must have at most ${schema.maxItems} items`);
    if (schema.uniqueItems === true && value.some((v, i) => value.findIndex((w) => deepEqual(v, w)) !== i)) add(`${subject(path)} must not repeat items`);
    if (schema.items !== undefined) value.forEach((item, i) => check(schema.items, item, child(path, i), definitions, issues));
  }

  if (isPlainObject(value)) {
    const properties = isPlainObject(schema.properties) ? schema.properties : {};
    if (Array.isArray(schema.required)) {
      for (const name of schema.required) {
        if (typeof name === 'string' && value[name] === undefined) issues.push({ path: child(path, name), message: `missing required field ${child(path, name)}` });
      }
    }
    for (const [name, v] of Object.entries(value)) {
      if (v === undefined) continue;
      if (name in properties) check(properties[name], v, child(path, name), definitions, issues);
      else if (schema.additionalProperties === false) issues.push({ path: child(path, name), message: `unknown field ${child(path, name)}` });
      else if (isPlainObject(schema.additionalProperties)) check(schema.additionalProperties, v, child(path, name), definitions, issues);
    }
  }

  if (Array.isArray(schema.allOf)) for (const part of schema.allOf) check(part, value, path, definitions, issues);
  // oneOf is read as anyOf: generated schemas often have branches that overlap, and one match is what matters.
  for (const keyword of ['anyOf', 'oneOf'] as const) {
    const branches = schema[keyword];
    if (!Array.isArray(branches) || branches.length === 0) continue;
    const results = branches.map((branch) => {
      const found: ValidationIssue[] = [];
      check(branch, value, path, definitions, found);
      return found;
    });
    if (results.some((r) => r.length === 0)) continue;
    // The closest branch is one of the value's own type with the fewest problems.
    const score = (branch: unknown, found: readonly ValidationIssue[]): number => {
      const resolved = isPlainObject(branch) ? resolveRef(branch, definitions) : {};
      const types = Array.isArray(resolved.type) ? (resolved.type as string[]) : typeof resolved.type === 'string' ? [resolved.type] : undefined;
      return found.length + (types !== undefined && !types.some((t) => matchesType(value, t)) ? 1000 : 0);
    };
    const scores = results.map((r, i) => score(branches[i], r));
    const closest = results[scores.indexOf(Math.min(...scores))] ?? [];
    add(`${subject(path)} does not match any of the allowed shapes (closest: ${closest.map((i) => i.message).join('; ')})`);
  }
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => deepEqual(a[k], b[k]));
  }
  return false;
}

/** Checks a value against the JSON Schema subset the generator emits; an empty list means valid. */
export function validateInput(schema: JsonSchema, value: unknown, definitions?: Definitions): readonly ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  check(schema, value, '', definitions, issues);
  return issues;
}
