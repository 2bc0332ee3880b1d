/**
 * The petstore plan with spec text replaced by strings that would run code, break out of comments or
 * strings, or turn into templates if any of them were spliced into the output instead of quoted
 * (issue 6). Importing a package generated from it must run none of them.
 */
import type { JsonSchema, Plan, PlanAction, PlanObjectDefinition } from '../../plan/types.js';
import { petstorePlan } from './petstore-plan.js';

/** Each entry tries one way out; `hostile` strings them all together. */
export const hostileTexts: readonly (readonly [name: string, text: string])[] = [
  ['closes a JSDoc comment', '*/ globalThis.pwned = 1; /*'],
  ['template literal', '`${(globalThis.pwned = 1)}`'],
  ['single quote', "'; globalThis.pwned = 1; '"],
  ['double quote', '"; globalThis.pwned = 1; "'],
  ['backslashes', "\\'; globalThis.pwned = 1; // \\"],
  ['newline then code', 'line\nglobalThis.pwned = 1; //'],
  ['carriage return', 'line\r\nglobalThis.pwned = 1; //'],
  ['line separator', 'a\u2028globalThis.pwned = 1; //'],
  ['paragraph separator', 'b\u2029globalThis.pwned = 1; //'],
  ['script tag', '</script><script>globalThis.pwned = 1</script>'],
  ['handlebars', '{{x}} {{{y}}} {{#each z}}w{{/each}} {{> partial}}'],
  ['line comment', '// globalThis.pwned = 1'],
  ['markdown', '# Heading\n- item | cell | [link](javascript:globalThis.pwned=1) <img src=x onerror=alert(1)> *em* _u_'],
  ['unicode', 'emoji 🐶, lone surrogate \ud800, NUL \u0000'],
];

export const hostile = hostileTexts.map(([, text]) => text).join(' ');

/** An object whose own key is `__proto__`, as JSON.parse makes it (a literal would set the prototype). */
export const protoObject = JSON.parse('{"__proto__": {"pwned": 1}, "text": "x"}') as Record<string, unknown>;

const protoSchema: JsonSchema = JSON.parse(
  JSON.stringify({
    type: 'object',
    title: hostile,
    description: hostile,
    required: ['*/ odd name'],
    properties: {
      '*/ odd name': { type: 'string', description: hostile, pattern: hostile, default: hostile, example: hostile },
      PROTO: { type: 'string', enum: [hostile, '*/', '${x}'] },
      constructor: { type: 'integer', const: 7 },
    },
  }).replace('"PROTO"', '"__proto__"'),
) as JsonSchema;

const hostileDefinition: PlanObjectDefinition = {
  key: '__proto__',
  typeName: 'Proto',
  sourceName: hostile,
  title: hostile,
  description: hostile,
  fields: [{ name: '__proto__', label: hostile, type: 'string', optional: true, hint: hostile, default: hostile }],
  schema: protoSchema,
  reasons: [hostile],
};

const hostileAction: PlanAction = {
  ...petstorePlan.actions[0]!,
  key: '__proto__',
  typeName: 'Proto',
  fileName: '../../../etc/evil',
  title: hostile,
  subtitle: hostile,
  description: hostile,
  help: hostile,
  inputFields: petstorePlan.actions[0]!.inputFields.map((f) => ({ ...f, label: hostile, hint: hostile, default: hostile })),
  inputSchema: {
    type: 'object',
    required: ['store_id', 'pet_id', 'name'],
    properties: {
      store_id: { type: 'string', enum: [hostile, '*/', "'", '"', '`'] },
      pet_id: { type: 'integer' },
      name: { type: 'string', description: hostile, default: hostile, example: hostile, pattern: hostile },
      thing: { $ref: '#/objectDefinitions/__proto__' },
    },
  },
  outputSchema: { $ref: '#/objectDefinitions/__proto__' },
  sampleOutput: protoObject,
  reasons: [hostile],
};

export const hostilePlan: Plan = {
  ...petstorePlan,
  title: hostile,
  packageName: hostile,
  description: hostile,
  apiVersion: hostile,
  connection: {
    ...petstorePlan.connection,
    auth: petstorePlan.connection.auth.map((a) => ({ ...a, title: hostile })),
    fields: petstorePlan.connection.fields.map((f) => ({ ...f, label: hostile, hint: hostile })),
  },
  actions: [hostileAction, ...petstorePlan.actions.map((a) => ({ ...a, title: hostile, description: hostile }))],
  triggers: petstorePlan.triggers.map((t) => ({ ...t, title: hostile, description: hostile, reasons: [hostile] })),
  objectDefinitions: [...petstorePlan.objectDefinitions, hostileDefinition],
  pickLists: [
    ...petstorePlan.pickLists,
    { key: '__proto__', kind: 'static', options: [[hostile, hostile]], reasons: [hostile] },
  ],
};
