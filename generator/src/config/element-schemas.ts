/**
 * Checks that each element schema is a valid JSON Schema 2020-12 the validators emitter can
 * compile: meta-schema validation (Ajv 2020, fast: no code generation), regular expressions that
 * compile with the `u` flag, `$schema` naming 2020-12, and known formats (a warning otherwise).
 * Compiling every schema with Ajv here would cost ~1 ms each; this finds the same mistakes, at
 * their exact place.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import { fullFormats } from 'ajv-formats/dist/formats.js';
import { phraseAjvErrors } from './ajv-messages.js';
import { isObject, walkSchema } from './json-schema-walk.js';
import { closest } from './suggest.js';
import type { SchemaOrigin } from './schema-refs.js';
import { locate, nodeStart, type PathSegment, type YamlSource } from './yaml-source.js';

let meta: Ajv2020 | undefined;

function metaAjv(): Ajv2020 {
  meta ??= new Ajv2020({ allErrors: true, verbose: true, strict: false, validateFormats: false });
  return meta;
}

const DIALECT = /^https:\/\/json-schema\.org\/draft\/2020-12\/schema#?$/;
const KNOWN_FORMATS = new Set(Object.keys(fullFormats));

export type SchemaReport = (source: YamlSource, path: readonly PathSegment[], message: string, code: string, severity?: 'error' | 'warning', offset?: number) => void;

/**
 * Reports every problem of one schema as written (before bundling), at its own place.
 *
 * @example
 * checkElementSchema(tool.input, { source, at: (p) => ['tools', 0, 'input', ...p] }, report);
 */
export function checkElementSchema(schema: unknown, origin: SchemaOrigin, report: SchemaReport): void {
  if (typeof schema === 'boolean') return;
  if (!isObject(schema)) {
    report(origin.source, origin.at([]), 'must be a JSON Schema (a mapping or true/false)', 'schema');
    return;
  }
  let target: Record<string, unknown> = schema;
  const dialect = schema['$schema'];
  if (dialect !== undefined) {
    if (typeof dialect !== 'string' || !DIALECT.test(dialect)) {
      report(origin.source, origin.at(['$schema']), 'must be "https://json-schema.org/draft/2020-12/schema" (mcp-gen validates with JSON Schema 2020-12)', 'schema');
    }
    target = { ...schema };
    delete target['$schema'];
  }
  const ajv = metaAjv();
  if (!ajv.validateSchema(target)) {
    for (const e of phraseAjvErrors(ajv.errors ?? [], { data: target })) {
      report(origin.source, origin.at(e.path), e.message, 'schema');
    }
  }
  walkSchema(schema, [], (s, path) => {
    const pattern = s['pattern'];
    if (typeof pattern === 'string') {
      const err = regexError(pattern);
      if (err) report(origin.source, origin.at([...path, 'pattern']), `invalid regular expression: ${err}`, 'schema');
    }
    const pp = s['patternProperties'];
    if (isObject(pp)) {
      for (const key of Object.keys(pp)) {
        const err = regexError(key);
        if (err) report(origin.source, origin.at([...path, 'patternProperties', key]), `invalid regular expression ${JSON.stringify(key)}: ${err}`, 'schema');
      }
    }
    for (const key of ['properties', '$defs', 'definitions', 'dependentSchemas', 'dependentRequired']) {
      const map = s[key];
      if (isObject(map) && Object.hasOwn(map, '__proto__')) {
        const at = origin.at([...path, key, '__proto__']);
        const loc = locate(origin.source, at);
        report(origin.source, at, PROTO_MESSAGE, 'reserved-name', 'error', loc.key !== undefined ? nodeStart(loc.key) : undefined);
      }
    }
    if (Array.isArray(s['required'])) {
      s['required'].forEach((r, i) => {
        if (r === '__proto__') report(origin.source, origin.at([...path, 'required', i]), PROTO_MESSAGE, 'reserved-name');
      });
    }
    const props = s['properties'];
    const required = s['required'];
    if (isObject(props) && Array.isArray(required) && s['patternProperties'] === undefined) {
      // Valid JSON Schema, but nearly always a typo: the property can never be described or typed.
      const names = Object.keys(props);
      required.forEach((r, i) => {
        if (typeof r !== 'string' || names.includes(r)) return;
        const guess = closest(r, names);
        report(origin.source, origin.at([...path, 'required', i]), `required property ${JSON.stringify(r)} is not in properties${guess !== undefined ? ` (did you mean ${JSON.stringify(guess)}?)` : ''}`, 'required-unknown', 'warning');
      });
    }
    const format = s['format'];
    if (typeof format === 'string' && !KNOWN_FORMATS.has(format)) {
      report(origin.source, origin.at([...path, 'format']), `unknown format ${JSON.stringify(format)} is not checked (known: date-time, email, uri, uuid, ...)`, 'unknown-format', 'warning');
    }
  });
}

/**
 * Why `__proto__` cannot name a property: Ajv skips it (a prototype-pollution guard), so it could never be
 * validated, and in JavaScript objects it is the prototype accessor, not a key.
 */
export const PROTO_MESSAGE = 'the name "__proto__" is not supported: the validators (Ajv) ignore it and JavaScript objects treat it as the prototype; rename it';

function regexError(pattern: string): string | undefined {
  try {
    new RegExp(pattern, 'u');
    return undefined;
  } catch (e) {
    return (e as Error).message.replace(/^Invalid regular expression: /, '');
  }
}
