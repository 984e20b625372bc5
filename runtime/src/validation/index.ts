/**
 * The helpers that Ajv standalone validators import (`src/generated/validators.gen.js`).
 * mcp-gen rewrites Ajv's `require("ajv/dist/runtime/...")` and ajv-formats requires into imports from
 * `@mcp-gen/runtime/validation`, so a generated project depends on the runtime alone and no schema is
 * compiled at start-up.
 *
 * @example
 * import { ucs2length, fullFormats } from '@mcp-gen/runtime/validation';
 * ucs2length('😀'); // 1
 * (fullFormats.email as RegExp).test('a@b.co'); // true
 */
import { createRequire } from 'node:module';
import type { ErrorObject, Format } from 'ajv';

export type { Validator, ValidatorError } from '../registry/types.js';

// ajv/ajv-formats ship CommonJS with `exports.default`: require keeps the exact objects Ajv's own code uses.
const require = createRequire(import.meta.url);

/** String length in Unicode code points (what JSON Schema `minLength`/`maxLength` count). */
export const ucs2length: (str: string) => number = require('ajv/dist/runtime/ucs2length').default;

/** Deep equality used by `const`, `enum` and `uniqueItems`. */
export const equal: (a: unknown, b: unknown) => boolean = require('ajv/dist/runtime/equal').default;

/** RFC 3986 URI parser used for `$id`/`$ref` resolution. */
export const uri: { parse(uri: string): unknown; resolve(base: string, relative: string): string } =
  require('ajv/dist/runtime/uri').default;

/** Thrown by asynchronous validators. */
export const ValidationError: new (errors: Partial<ErrorObject>[]) => Error & { errors: Partial<ErrorObject>[]; ajv: true; validation: true } =
  require('ajv/dist/runtime/validation_error').default;

interface FormatsModule {
  fullFormats: Readonly<Record<string, Format>>;
  fastFormats: Readonly<Record<string, Format>>;
}
const formats: FormatsModule = require('ajv-formats/dist/formats');

/** ajv-formats "full" formats (the ones generated validators use): date, time, date-time, email, uri, uuid, ... */
export const fullFormats: Readonly<Record<string, Format>> = formats.fullFormats;

/** ajv-formats "fast" formats (regex-only variants). */
export const fastFormats: Readonly<Record<string, Format>> = formats.fastFormats;
