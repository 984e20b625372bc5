/**
 * Shared helpers of the normalize step: the context (source, diagnostics, bundling), reporting,
 * positions, and small copying helpers used by every element kind.
 */
import type { JsonSchema } from '../model/types.js';
import type { DiagnosticCollector } from './diagnostics.js';
import { checkElementSchema } from './element-schemas.js';
import { isObject, setOwn, type JsonObject } from './json-schema-walk.js';
import { bundleSchema, type BundleContext, type SchemaOrigin } from './schema-refs.js';
import { closest } from './suggest.js';
import { locate, nodeStart, positionAt, type PathSegment, type YamlSource } from './yaml-source.js';

export type Kind = 'tools' | 'resources' | 'prompts' | 'completions';
export const KIND_WORD: Record<Kind, string> = { tools: 'tool', resources: 'resource', prompts: 'prompt', completions: 'completion' };
export const VAR_PREFIX: Record<Kind, string> = { tools: 'tool', resources: 'resource', prompts: 'prompt', completions: 'completion' };
export const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;

/** What every normalize step works with. */
export interface Ctx {
  source: YamlSource;
  diags: DiagnosticCollector;
  bundle: BundleContext;
}

/** Items of a list; anything that is not a mapping reads as an empty one (its shape error is reported already). */
export function list(data: JsonObject, key: Kind): JsonObject[] {
  const v = data[key];
  return Array.isArray(v) ? v.map((x) => (isObject(x) ? x : {})) : [];
}

/** Reports at a path of mcp.yaml: at the value, or at the key with `key: true`. */
export function err(ctx: Ctx, path: readonly PathSegment[], message: string, code: string, opts: { key?: boolean; offset?: number; warning?: boolean } = {}): void {
  const sink = ctx.diags.sink(ctx.source);
  const o: { anchor: 'key' | 'value'; severity: 'error' | 'warning'; offset?: number } = { anchor: opts.key ? 'key' : 'value', severity: opts.warning ? 'warning' : 'error' };
  if (opts.offset !== undefined) o.offset = opts.offset;
  sink.at(path, message, code, o);
}

export function posOf(ctx: Ctx, path: readonly PathSegment[]): { line: number; col: number } {
  return positionAt(ctx.source, nodeStart(locate(ctx.source, path).node));
}

/**
 * An element's position, computed on first read: positions need the full YAML parse, which the
 * fast path skips unless something reads them (own enumerable getters, so JSON and cloning work).
 */
export function lazyPos(ctx: Ctx, path: readonly PathSegment[]): { line: number; col: number } {
  let p: { line: number; col: number } | undefined;
  const get = (): { line: number; col: number } => (p ??= posOf(ctx, path));
  return Object.defineProperties({} as { line: number; col: number }, {
    line: { get: () => get().line, enumerable: true },
    col: { get: () => get().col, enumerable: true },
  });
}

export function where(ctx: Ctx, path: readonly PathSegment[]): string {
  const p = posOf(ctx, path);
  return `line ${p.line}`;
}


export function copyIfDefined<T extends object>(target: T, src: JsonObject, keys: readonly string[]): void {
  for (const k of keys) if (src[k] !== undefined) (target as Record<string, unknown>)[k] = src[k];
}

/**
 * A copy of a fixed-key mapping with its keys in `order` (keys not listed keep their place after them), so
 * `{ idempotentHint, readOnlyHint }` and `{ readOnlyHint, idempotentHint }` give byte-identical output.
 *
 * @example
 * inKeyOrder({ b: 1, a: 2 }, ['a', 'b']) // { a: 2, b: 1 }
 */
export function inKeyOrder(value: unknown, order: readonly string[]): unknown {
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const k of order) if (Object.hasOwn(value, k)) out[k] = value[k];
  for (const k of Object.keys(value)) if (!Object.hasOwn(out, k)) setOwn(out, k, value[k]);
  return out;
}

export const BASE_KEYS = ['title', 'description', 'icons', 'meta', 'roles', 'ttl', 'rateLimit', 'timeoutMs'] as const;

export function schemaOf(ctx: Ctx, schema: unknown, at: (p: readonly PathSegment[]) => PathSegment[]): JsonSchema {
  const origin: SchemaOrigin = { source: ctx.source, at };
  checkElementSchema(schema, origin, ctx.diags.report);
  return bundleSchema(schema, origin, ctx.bundle) as JsonSchema;
}

export function completionRef(ctx: Ctx, path: readonly PathSegment[], name: unknown, declared: ReadonlySet<string>, used: Set<string>): void {
  const n = String(name);
  if (declared.has(n)) {
    used.add(n);
    return;
  }
  const guess = closest(n, [...declared]);
  const hint = guess !== undefined ? ` (did you mean ${JSON.stringify(guess)}?)` : declared.size > 0 ? ` (declared: ${[...declared].join(', ')})` : ' (declare it under completions:)';
  err(ctx, path, `unknown completion provider ${JSON.stringify(n)}${hint}`, 'unknown-completion');
}
