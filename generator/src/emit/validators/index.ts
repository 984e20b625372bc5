/**
 * The validators emitter: Ajv (JSON Schema 2020-12) standalone code for every tool input/output, resource
 * template params and prompt arguments, as one ESM module (`validators.gen.js`) plus its declarations
 * (`validators.gen.d.ts`). Ajv's runtime `require`s are rewritten into one import from
 * `@mcp-gen/runtime/validation`, so the generated project needs no Ajv of its own and compiles nothing at start-up.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { JsonSchema, Model } from '../../model/types.js';
import { EmitCache } from '../shared/cache.js';

const require = createRequire(import.meta.url);
// ajv and ajv-formats are CommonJS; their default exports sit on `.default`.
const Ajv2020 = (require('ajv/dist/2020') as { default: new (opts: object) => AjvLike }).default;
const standaloneCode = (require('ajv/dist/standalone') as { default: (ajv: AjvLike, refs: Record<string, string>) => string }).default;
const addFormats = (require('ajv-formats') as { default: (ajv: AjvLike) => void }).default;

interface AjvLike {
  addSchema(schema: object, key: string): unknown;
  getSchema(key: string): unknown;
}

/** One exported validator. */
export interface ValidatorTarget {
  /** Export name: `toolMathAddInput`. */
  readonly exportName: string;
  readonly schema: JsonSchema;
  readonly where: string;
}

/** Export names of the validators, by element (what registry.gen.ts references). */
export const validatorNames = {
  toolInput: (varName: string): string => `${varName}Input`,
  toolOutput: (varName: string): string => `${varName}Output`,
  templateParams: (varName: string): string => `${varName}Params`,
  promptArguments: (varName: string): string => `${varName}Arguments`,
};

/** Every validator of the model in declaration order. */
export function validatorTargets(model: Model): ValidatorTarget[] {
  const out: ValidatorTarget[] = [];
  for (const t of model.tools) {
    out.push({ exportName: validatorNames.toolInput(t.varName), schema: t.input, where: `tool ${t.name} input` });
    if (t.output) out.push({ exportName: validatorNames.toolOutput(t.varName), schema: t.output, where: `tool ${t.name} output` });
  }
  for (const t of model.resourceTemplates) {
    out.push({ exportName: validatorNames.templateParams(t.varName), schema: t.params, where: `resource template ${t.name} params` });
  }
  for (const p of model.prompts) {
    out.push({ exportName: validatorNames.promptArguments(p.varName), schema: p.argumentsSchema, where: `prompt ${p.name} arguments` });
  }
  return out;
}

/** Ajv runtime modules -> the name `@mcp-gen/runtime/validation` exports them under. */
const RUNTIME_IMPORTS: Record<string, string> = {
  'ajv/dist/runtime/ucs2length': 'ucs2length',
  'ajv/dist/runtime/equal': 'equal',
  'ajv/dist/runtime/uri': 'uri',
  'ajv/dist/runtime/validation_error': 'ValidationError',
};
const FORMATS_MODULE = 'ajv-formats/dist/formats';

/**
 * Replaces `require("...")` expressions in Ajv standalone output with imported names.
 * Returns the code and the sorted list of names to import.
 */
export function rewriteRequires(code: string): { code: string; imports: string[] } {
  const used = new Set<string>();
  const rewritten = code.replace(/require\("([^"]+)"\)(\.default|\.fullFormats|\.fastFormats)?/g, (whole, mod: string, member: string | undefined) => {
    if (mod === FORMATS_MODULE && (member === '.fullFormats' || member === '.fastFormats')) {
      const name = member.slice(1);
      used.add(name);
      return name;
    }
    const name = RUNTIME_IMPORTS[mod];
    if (name !== undefined && member === '.default') {
      used.add(name);
      return name;
    }
    throw new Error(`validators emitter: Ajv standalone code needs ${whole}, which @mcp-gen/runtime/validation does not provide`);
  });
  return { code: rewritten, imports: [...used].sort() };
}

/**
 * Schemas per Ajv instance: one instance for thousands of schemas is superlinear, one per schema pays set-up
 * each time. Chunk ends are content-defined (a hash of the export name), so adding or removing one element
 * changes one chunk and every other chunk still hits the cache.
 */
const CHUNK_AVERAGE = 128;
const CHUNK_MAX = 320;

function endsChunk(exportName: string, size: number): boolean {
  if (size >= CHUNK_MAX) return true;
  return createHash('sha256').update(exportName).digest().readUInt32BE(0) % CHUNK_AVERAGE === 0;
}

function chunksOf(targets: readonly ValidatorTarget[]): ValidatorTarget[][] {
  const chunks: ValidatorTarget[][] = [];
  let current: ValidatorTarget[] = [];
  for (const t of targets) {
    current.push(t);
    if (endsChunk(t.exportName, current.length)) {
      chunks.push(current);
      current = [];
    }
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** Names every plain object inherits: `data.toString !== undefined` is true for `{}`. */
const INHERITED = /"(?:constructor|toString|toLocaleString|valueOf|hasOwnProperty|isPrototypeOf|propertyIsEnumerable|__defineGetter__|__defineSetter__|__lookupGetter__|__lookupSetter__)"/;

function newAjv(ownProperties: boolean): AjvLike {
  // optimize: 0 skips Ajv's name-optimisation passes: they cost more than half of code generation on large models
  // and only shave a few unused variables off the output.
  // ownProperties only where a schema names an inherited member (a `toString` property): Ajv then checks
  // presence with hasOwnProperty, else `{}` would fail `toString: {type: string}` and pass `required: [constructor]`.
  const ajv = new Ajv2020({ code: { source: true, esm: false, lines: true, optimize: 0 }, strict: false, allErrors: true, ...(ownProperties ? { ownProperties: true } : {}) });
  addFormats(ajv);
  return ajv;
}

/** Standalone CommonJS-style code (`exports.name = validateN`) for one chunk of targets. */
function compileChunk(targets: readonly ValidatorTarget[]): string {
  const ajv = newAjv(targets.some((t) => INHERITED.test(JSON.stringify(t.schema))));
  const refs: Record<string, string> = {};
  for (const target of targets) {
    const key = `mcp-gen:${target.exportName}`;
    try {
      // The root `$id`/`$schema` only name the schema; dropping them keeps keys unique and 2020-12 semantics.
      const { $id: _id, $schema: _schema, ...schema } = target.schema;
      ajv.addSchema(schema, key);
      refs[target.exportName] = key;
    } catch (error) {
      throw new Error(`validators emitter: the schema of ${target.where} is not valid JSON Schema 2020-12: ${(error as Error).message}`, { cause: error });
    }
  }
  try {
    // Ajv writes schemas as JSON inside JS: a `"__proto__":` key there would set the prototype of the literal.
    return standaloneCode(ajv, refs).replace(/([{,]\s*)"__proto__"(\s*):/g, '$1["__proto__"]$2:');
  } catch (error) {
    const names = targets.map((t) => t.where);
    throw new Error(`validators emitter: cannot compile the schemas of ${names.length === 1 ? names[0] : `${names[0]} ... ${names[names.length - 1]}`}: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * Compiles every schema of the model into one standalone ESM module body (without header). Schemas are
 * compiled in chunks, each wrapped in its own function scope so Ajv's generated names never collide.
 *
 * @example
 * const { js, dts } = emitValidators(model);
 */
export function emitValidators(model: Model, cache: EmitCache = EmitCache.memory()): { js: string; dts: string; exportNames: string[] } {
  const all = validatorTargets(model);
  // Identical schemas (every `{ type: object }` input, say) compile once; the others re-export that validator.
  const firstBySchema = new Map<string, string>();
  const aliases = new Map<string, string>();
  const targets: ValidatorTarget[] = [];
  for (const t of all) {
    const key = JSON.stringify(t.schema);
    const first = firstBySchema.get(key);
    if (first === undefined) {
      firstBySchema.set(key, t.exportName);
      targets.push(t);
    } else {
      aliases.set(t.exportName, first);
    }
  }
  const doc = (t: ValidatorTarget): string => `/** Validates ${t.where.replace(/\*\//g, '*\\/')}. */`;
  const imports = new Set<string>();
  const chunks: string[] = [];
  for (const chunk of chunksOf(targets)) {
    const key = cache.persistent ? EmitCache.key('validators', JSON.stringify(chunk.map((t) => [t.exportName, t.schema]))) : undefined;
    const cached = key === undefined ? undefined : cache.get(key);
    const rewritten = cached !== undefined ? (JSON.parse(cached) as { code: string; imports: string[] }) : rewriteRequires(compileChunk(chunk).replace(/^"use strict";\s*/, ''));
    if (key !== undefined && cached === undefined) cache.set(key, JSON.stringify(rewritten));
    for (const name of rewritten.imports) imports.add(name);
    const scope = `__validators${chunks.length}`;
    chunks.push(
      [
        `const ${scope} = (() => {`,
        'const exports = {};',
        rewritten.code.trim(),
        'return exports;',
        '})();',
        ...chunk.map((t) => `${doc(t)}\nexport const ${t.exportName} = ${scope}.${t.exportName};`),
      ].join('\n'),
    );
  }
  const aliasLines = all.filter((t) => aliases.has(t.exportName)).map((t) => `${doc(t)}\nexport const ${t.exportName} = ${aliases.get(t.exportName)};`);
  if (aliasLines.length > 0) chunks.push(aliasLines.join('\n'));
  const lines: string[] = [];
  if (imports.size > 0) lines.push(`import { ${[...imports].sort().join(', ')} } from '@mcp-gen/runtime/validation';`, '');
  lines.push(chunks.join('\n\n'));
  const js = `${lines.join('\n').trim()}\n`;
  const dts = [
    "import type { Validator } from '@mcp-gen/runtime/validation';",
    '',
    ...all.map((t) => `${doc(t)}\nexport declare const ${t.exportName}: Validator;`),
  ].join('\n');
  return { js, dts: `${dts}\n`, exportNames: all.map((t) => t.exportName) };
}
