/**
 * Places an mcp.yaml schema under `components.schemas` without changing its meaning.
 * In OpenAPI 3.1 a schema's local `$ref` (`#/...`) resolves against the whole document, so a
 * reference into the schema's own `$defs` must be re-rooted at its new home. Nothing else changes.
 */
import { setOwn } from '../../config/json-schema-walk.js';
import type { JsonSchema } from '../../model/types.js';

/**
 * Returns a deep copy of `schema` with every document-local `$ref`/`$dynamicRef` re-rooted at `pointer`.
 * Sub-schemas that declare their own `$id` open a new resolution scope and are left untouched;
 * so is a root schema with `$id`.
 *
 * @example
 * rerootRefs({ $ref: '#/$defs/Id', $defs: { Id: { type: 'string' } } }, '#/components/schemas/NoteInput')
 * // -> { $ref: '#/components/schemas/NoteInput/$defs/Id', $defs: { Id: { type: 'string' } } }
 */
export function rerootRefs(schema: JsonSchema, pointer: string): JsonSchema {
  if (typeof schema['$id'] === 'string') return structuredClone(schema);
  return walk(schema, pointer, true) as JsonSchema;
}

/** Keywords whose value is literal data, never a schema: copied as written. */
const LITERAL_KEYWORDS = new Set(['const', 'default', 'enum', 'examples', 'example', 'required', 'x-examples']);
/** Keywords whose value maps arbitrary names to schemas (a property may be called `enum`). */
const SCHEMA_MAP_KEYWORDS = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas']);

function walk(node: unknown, pointer: string, isRoot: boolean): unknown {
  if (Array.isArray(node)) return node.map((item) => walk(item, pointer, false));
  if (node === null || typeof node !== 'object') return node;
  const record = node as Record<string, unknown>;
  if (!isRoot && typeof record['$id'] === 'string') return structuredClone(record);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if ((key === '$ref' || key === '$dynamicRef') && typeof value === 'string') {
      setOwn(out, key, reroot(value, pointer));
    } else if (LITERAL_KEYWORDS.has(key)) {
      setOwn(out, key, structuredClone(value));
    } else if (SCHEMA_MAP_KEYWORDS.has(key) && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const map: Record<string, unknown> = {};
      for (const [name, sub] of Object.entries(value)) setOwn(map, name, walk(sub, pointer, false));
      setOwn(out, key, map);
    } else {
      setOwn(out, key, walk(value, pointer, false));
    }
  }
  return out;
}

function reroot(ref: string, pointer: string): string {
  if (ref === '#') return pointer;
  if (ref.startsWith('#/')) return pointer + ref.slice(1);
  return ref;
}

/** Escapes a name for use as one JSON Pointer segment (RFC 6901). */
export function pointerSegment(name: string): string {
  return name.replace(/~/g, '~0').replace(/\//g, '~1');
}
