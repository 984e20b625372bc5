/** Schema-aware traversal of JSON Schemas (2020-12 and draft-07 keywords) and JSON Pointer helpers. */
import type { PathSegment } from './yaml-source.js';

export type JsonObject = Record<string, unknown>;

export function isObject(v: unknown): v is JsonObject {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * Sets an own data property, also for keys like `__proto__` that plain assignment would turn into a
 * prototype change (mcp.yaml may name a property, a variable or a `$defs` entry `__proto__`).
 *
 * @example
 * setOwn(properties, '__proto__', { type: 'string' }); // Object.keys(properties) -> ['__proto__']
 */
export function setOwn(target: JsonObject, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}

/** `obj[key]` when it is an own property; never an inherited one (`constructor`, `toString`...). */
export function own(obj: JsonObject, key: string): unknown {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

const SINGLE = ['additionalProperties', 'items', 'contains', 'propertyNames', 'not', 'if', 'then', 'else', 'unevaluatedItems', 'unevaluatedProperties', 'additionalItems', 'contentSchema'];
const LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems', 'items'];
const MAPS = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas', 'dependencies'];

/**
 * Calls `visit` for every schema object in `schema` (itself included), depth first, in key order.
 * Values of `const`, `enum`, `default` and `examples` are data and are not entered. Each object is
 * visited once even when reachable twice (YAML aliases).
 *
 * @example
 * walkSchema(schema, [], (s, path) => { if (typeof s.$ref === 'string') refs.push(path); });
 */
export function walkSchema(schema: unknown, path: PathSegment[], visit: (s: JsonObject, path: PathSegment[]) => void, seen = new WeakSet<object>()): void {
  if (!isObject(schema) || seen.has(schema)) return;
  seen.add(schema);
  visit(schema, path);
  for (const key of Object.keys(schema)) {
    const v = schema[key];
    if (SINGLE.includes(key) && isObject(v)) walkSchema(v, [...path, key], visit, seen);
    if (LISTS.includes(key) && Array.isArray(v)) v.forEach((item, i) => walkSchema(item, [...path, key, i], visit, seen));
    if (MAPS.includes(key) && isObject(v)) for (const k of Object.keys(v)) walkSchema(v[k], [...path, key, k], visit, seen);
  }
}

/** Splits a JSON Pointer fragment (`/a/b~1c`, already without `#`) into decoded segments. */
export function pointerSegments(fragment: string): string[] | undefined {
  if (fragment === '') return [];
  if (!fragment.startsWith('/')) return undefined;
  return fragment
    .slice(1)
    .split('/')
    .map((s) => {
      let d = s;
      try {
        d = decodeURIComponent(s);
      } catch {
        /* keep as written */
      }
      return d.replace(/~1/g, '/').replace(/~0/g, '~');
    });
}

/** Resolves pointer segments in a JSON value; `found: false` when a step is missing. */
export function resolvePointer(root: unknown, segments: readonly string[]): { found: boolean; value: unknown } {
  let cur: unknown = root;
  for (const s of segments) {
    if (Array.isArray(cur) && /^(0|[1-9][0-9]*)$/.test(s) && Number(s) < cur.length) cur = cur[Number(s)];
    else if (isObject(cur) && Object.prototype.hasOwnProperty.call(cur, s)) cur = cur[s];
    else return { found: false, value: undefined };
  }
  return { found: true, value: cur };
}

/** Encodes one segment for a JSON Pointer inside a URI fragment. */
export function encodeSegment(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1').replace(/%/g, '%25');
}

/** Deep structural equality of JSON values. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && jsonEqual(a[k], b[k]));
  }
  return false;
}
