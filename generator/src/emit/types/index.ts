/**
 * The types emitter: `types.gen.ts` with `<Ident>Input`/`<Ident>Output` per tool, `<Ident>Params` per resource
 * template and `<Ident>Arguments` per prompt, plus one type per top-level `$defs` entry shared by all of them.
 * json-schema-to-typescript does the conversion; names are made deterministic and collision-free first:
 * root and nested titles are dropped (jstt would name types after them), references to shared `$defs` become
 * `tsType` references, and element-local `$defs` are prefixed with the element's type name.
 */
import { isDeepStrictEqual } from 'node:util';
import { createRequire } from 'node:module';
import { compile, type Options } from 'json-schema-to-typescript';
import type { JsonSchema, Model } from '../../model/types.js';
import { setOwn } from '../../config/json-schema-walk.js';
import { EmitCache } from '../shared/cache.js';
import { pascalCase } from '../shared/naming.js';
import { indentDeclarations } from './indent.js';

/** One root type to emit. */
export interface TypeTarget {
  readonly name: string;
  readonly schema: JsonSchema;
  /** Where the schema comes from, for error messages: `tool math.add input`. */
  readonly where: string;
}

/** Names of the root types of a model, by element: what contracts.gen.ts imports. */
export const typeNames = {
  toolInput: (ident: string): string => `${ident}Input`,
  toolOutput: (ident: string): string => `${ident}Output`,
  templateParams: (ident: string): string => `${ident}Params`,
  promptArguments: (ident: string): string => `${ident}Arguments`,
};

/** Every root type of the model in declaration order. */
export function typeTargets(model: Model): TypeTarget[] {
  const targets: TypeTarget[] = [];
  for (const tool of model.tools) {
    targets.push({ name: typeNames.toolInput(tool.ident), schema: tool.input, where: `tool ${tool.name} input` });
    if (tool.output) targets.push({ name: typeNames.toolOutput(tool.ident), schema: tool.output, where: `tool ${tool.name} output` });
  }
  for (const tpl of model.resourceTemplates) {
    targets.push({ name: typeNames.templateParams(tpl.ident), schema: tpl.params, where: `resource template ${tpl.name} params` });
  }
  for (const prompt of model.prompts) {
    targets.push({ name: typeNames.promptArguments(prompt.ident), schema: prompt.argumentsSchema, where: `prompt ${prompt.name} arguments` });
  }
  return targets;
}

// jstt turns the root name into a "safe" identifier (`_2faCheckInput` -> `_2FaCheckInput`); we rename it back.
const { toSafeString } = createRequire(import.meta.url)('json-schema-to-typescript/dist/src/utils.js') as { toSafeString: (s: string) => string };

/** Renames jstt's version of the root type name back to ours (word boundaries, outside strings is good enough for names). */
function restoreRootName(code: string, name: string): string {
  const jsttName = toSafeString(name);
  if (jsttName === name) return code;
  return code.replace(new RegExp(`\\b${jsttName.replace(/\$/g, '\\$')}\\b`, 'g'), name);
}

const JSTT_OPTIONS: Partial<Options> = {
  bannerComment: '',
  additionalProperties: false,
  strictIndexSignatures: true,
  // minItems as tuples would make returning arrays awkward; the validators enforce the bounds.
  ignoreMinAndMaxItems: true,
  format: false,
  declareExternallyReferenced: true,
  unreachableDefinitions: false,
  // Model schemas are self-contained: never read files or the network while generating.
  $refOptions: { resolve: { file: false, http: false } },
};

/** Schema keywords whose values are schemas (or maps/arrays of schemas): where nested titles can hide. */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas']);
const SCHEMA_ARRAYS = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems']);
const SCHEMA_SINGLE = new Set([
  'items', 'additionalProperties', 'unevaluatedProperties', 'unevaluatedItems', 'contains', 'not', 'if', 'then', 'else', 'propertyNames',
  'additionalItems',
]);

/** Keywords from which jstt (rightly) derives a type; a schema with none of them says nothing about the type. */
const TYPE_KEYWORDS = [
  'type', 'enum', 'const', '$ref', 'tsType', 'allOf', 'anyOf', 'oneOf',
  'properties', 'patternProperties', 'additionalProperties', 'required', 'minProperties', 'maxProperties',
  'items', 'prefixItems', 'additionalItems', 'minItems', 'maxItems',
];

const DEF_REF = /^#\/(?:\$defs|definitions)\/([^/]+)$/;
/** A pointer into a def (`#/$defs/list/items`): jstt cannot follow it once the shared def is emitted apart. */
const DEEP_DEF_REF = /^#\/(?:\$defs|definitions)\/([^/]+)(\/.+)$/;

function decodePointer(segment: string): string {
  return decodeURIComponent(segment).replace(/~1/g, '/').replace(/~0/g, '~');
}

interface Rewrite {
  /** Shared def name -> TS type name (refs to these become tsType). */
  readonly shared: ReadonlyMap<string, string>;
  /** Local def name -> TS type name (kept as $defs with a title). */
  readonly local: ReadonlyMap<string, string>;
  /** The model's shared defs, for pointers into them. */
  readonly defs?: Readonly<Record<string, unknown>>;
  /** Deep pointers being inlined on the current path (a pointer that reaches itself becomes `unknown`). */
  readonly inlining?: ReadonlySet<string>;
}

/**
 * The schema a deep pointer into a shared def names (`#/$defs/list/items` -> `{ type: integer }`), rewritten,
 * with the referring node's other keywords beside it; undefined when it is not such a pointer.
 */
function inlineDeepRef(src: Record<string, unknown>, rw: Rewrite): unknown {
  const m = typeof src.$ref === 'string' ? DEEP_DEF_REF.exec(src.$ref) : null;
  if (m === null || rw.defs === undefined) return undefined;
  const name = decodePointer(m[1] as string);
  if (!rw.shared.has(name) || !Object.hasOwn(rw.defs, name)) return undefined;
  const ref = src.$ref as string;
  if (rw.inlining?.has(ref)) return { tsType: 'unknown' };
  let target: unknown = rw.defs[name];
  for (const seg of (m[2] as string).slice(1).split('/').map(decodePointer)) {
    if (Array.isArray(target) && /^(0|[1-9][0-9]*)$/.test(seg)) target = target[Number(seg)];
    else if (target !== null && typeof target === 'object' && Object.hasOwn(target, seg)) target = (target as Record<string, unknown>)[seg];
    else return undefined;
  }
  const inner = rewriteNode(target, { ...rw, inlining: new Set([...(rw.inlining ?? []), ref]) }, false);
  const { $ref: _ref, ...rest } = src;
  if (Object.keys(rest).length === 0) return inner;
  const siblings = rewriteNode(rest, rw, false) as Record<string, unknown>;
  if (!Object.hasOwn(rest, 'tsType')) delete siblings['tsType']; // "untyped" alone: the target gives the type
  // Keywords beside the $ref apply too: merged when they do not overlap (a description), else both apply.
  if (inner !== null && typeof inner === 'object' && !Array.isArray(inner) && Object.keys(siblings).every((k) => !Object.hasOwn(inner, k))) {
    return { ...inner, ...siblings };
  }
  return { allOf: [siblings, inner] };
}

/** Deep-copies a schema node, dropping titles and rewriting `$ref`s to shared defs. */
function rewriteNode(node: unknown, rw: Rewrite, isRoot: boolean): unknown {
  if (Array.isArray(node)) return node.map((n) => rewriteNode(n, rw, false));
  if (node === null || typeof node !== 'object') return node;
  const src = node as Record<string, unknown>;
  const inlined = inlineDeepRef(src, rw);
  if (inlined !== undefined) return inlined;
  const out: Record<string, unknown> = {};
  const ref = typeof src.$ref === 'string' ? DEF_REF.exec(src.$ref) : null;
  const refName = ref?.[1] === undefined ? undefined : decodePointer(ref[1]);
  const sharedType = refName === undefined ? undefined : rw.shared.get(refName);
  for (const [key, value] of Object.entries(src)) {
    if (key === 'title' || key === '$id' || key === '$schema' || key === '$comment') continue;
    if (key === '$ref' && sharedType !== undefined) continue;
    if (SCHEMA_MAPS.has(key) && value && typeof value === 'object' && !Array.isArray(value)) {
      const map: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (key === '$defs' || key === 'definitions') {
          if (isRoot && rw.shared.has(k)) continue; // shared defs are emitted once, separately
          const localName = isRoot ? rw.local.get(k) : undefined;
          const child = rewriteNode(v, rw, false);
          setOwn(map, k, localName !== undefined && child && typeof child === 'object' && !Array.isArray(child) ? { ...child, title: localName } : child);
        } else {
          setOwn(map, k, rewriteNode(v, rw, false));
        }
      }
      setOwn(out, key, map);
    } else if (SCHEMA_ARRAYS.has(key) || SCHEMA_SINGLE.has(key) || key === 'dependencies') {
      setOwn(out, key, rewriteNode(value, rw, false));
    } else {
      setOwn(out, key, value);
    }
  }
  if (sharedType !== undefined) out.tsType = sharedType;
  // A schema that constrains no type (`{}`, `{ description }`, `{ not: ... }`, `{ if/then/else }`) accepts any
  // JSON value; jstt would type it as an object. Element roots are objects by the MCP rules.
  else if (!isRoot && !TYPE_KEYWORDS.some((k) => Object.hasOwn(out, k))) out.tsType = 'unknown';
  // jstt knows tuples in the draft-07 form: 2020-12 `prefixItems` + `items` become `items` [...] + `additionalItems`.
  if (Array.isArray(out.prefixItems)) {
    const rest = out.items;
    out.items = out.prefixItems;
    delete out.prefixItems;
    // Absent `items` allows any further items in 2020-12 (jstt would close the tuple).
    out.additionalItems = rest ?? true;
  }
  return out;
}

/** Which `$defs` of an element schema are copies of the model's shared defs (same name, same content). */
function sharedDefsOf(schema: JsonSchema, model: Model, defTypes: ReadonlyMap<string, string>, rootName: string, used: Set<string>): Rewrite {
  const shared = new Map<string, string>();
  const local = new Map<string, string>();
  const defs = { ...(schema.definitions as Record<string, unknown> | undefined), ...(schema.$defs as Record<string, unknown> | undefined) };
  for (const [key, value] of Object.entries(defs)) {
    const typeName = defTypes.get(key);
    if (typeName !== undefined && isDeepStrictEqual(value, model.defs[key])) shared.set(key, typeName);
    else local.set(key, uniqueName(`${rootName}${pascalCase(key)}`, used));
  }
  // A `$ref` to a shared def the element did not copy still means the shared type.
  for (const [key, typeName] of defTypes) if (!Object.hasOwn(defs, key)) shared.set(key, typeName);
  return { shared, local, defs: model.defs };
}

/**
 * `name`, or `name` + `Def`, `Def2`, ... when another type has it (tool `a`'s local def `input` and tool
 * `a.input` would both be `AInputInput`); the result is marked used.
 */
function uniqueName(name: string, used: Set<string>): string {
  let out = name;
  if (used.has(out)) out = `${name}Def`;
  for (let i = 2; used.has(out); i++) out = `${name}Def${i}`;
  used.add(out);
  return out;
}

/** Type names of the model's shared `$defs`, unique against the element root types. */
export function defTypeNames(model: Model, taken: ReadonlySet<string>): Map<string, string> {
  const used = new Set(taken);
  const names = new Map<string, string>();
  for (const key of Object.keys(model.defs)) {
    let name = pascalCase(key);
    if (used.has(name)) name = `${name}Def`;
    for (let i = 2; used.has(name); i++) name = `${pascalCase(key)}Def${i}`;
    used.add(name);
    names.set(key, name);
  }
  return names;
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * Converts the model's schemas into TypeScript declarations (the body of types.gen.ts, without header).
 *
 * @example
 * const body = await emitTypeDeclarations(model);
 * // export interface MathAddInput {\n  a: number\n  b: number\n}\n...
 */
export async function emitTypeDeclarations(model: Model, cache: EmitCache = EmitCache.memory()): Promise<string> {
  const targets = typeTargets(model);
  const defTypes = defTypeNames(model, new Set(targets.map((t) => t.name)));
  const jobs: TypeTarget[] = [];
  for (const [key, name] of defTypes) {
    const schema = model.defs[key] as JsonSchema;
    jobs.push({ name, schema: rewriteNode(schema, { shared: defTypes, local: new Map(), defs: model.defs }, false) as JsonSchema, where: `$defs.${key}` });
  }
  const used = new Set([...targets.map((t) => t.name), ...defTypes.values()]);
  for (const t of targets) {
    const rw = sharedDefsOf(t.schema, model, defTypes, t.name, used);
    jobs.push({ name: t.name, schema: rewriteNode(t.schema, rw, true) as JsonSchema, where: t.where });
  }
  const outputs = await mapLimit(jobs, 16, async (job) => {
    const key = cache.persistent ? EmitCache.key('types', job.name, JSON.stringify(job.schema)) : undefined;
    const cached = key === undefined ? undefined : cache.get(key);
    if (cached !== undefined) return cached;
    try {
      const code = await compile(job.schema as Parameters<typeof compile>[0], job.name, JSTT_OPTIONS);
      const result = indentDeclarations(restoreRootName(code, job.name));
      if (key !== undefined) cache.set(key, result);
      return result;
    } catch (error) {
      throw new Error(`types emitter: cannot convert the schema of ${job.where} to TypeScript: ${(error as Error).message}`, { cause: error });
    }
  });
  const declared = new Map<string, string>();
  outputs.forEach((code, i) => {
    for (const m of code.matchAll(/^export (?:interface|type|enum|const enum) ([A-Za-z0-9_$]+)/gm)) {
      const name = m[1] as string;
      const where = (jobs[i] as TypeTarget).where;
      const before = declared.get(name);
      if (before !== undefined) throw new Error(`types emitter: type name ${name} is produced by both ${before} and ${where}; rename one of them`);
      declared.set(name, where);
    }
  });
  return outputs.filter((o) => o.trim() !== '').join('\n\n');
}
