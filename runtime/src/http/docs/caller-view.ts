/**
 * The document as one caller may see it: element routes (`/resources/{name}`, `/resource-templates/{name}`,
 * `/prompts/{name}`) of elements the caller's roles do not allow are dropped, with the component schemas
 * only they used, examples naming them and tags left empty. Tool routes are handled by `withLiveTools`
 * (given the caller's tool list). A role-hidden element must look unknown, in the docs as on /mcp.
 */

type Json = { [key: string]: unknown };

/** What the caller may see, by element name. */
export interface VisibleElements {
  readonly resources: ReadonlySet<string>;
  readonly resourceTemplates: ReadonlySet<string>;
  readonly prompts: ReadonlySet<string>;
  /** Names of every element the caller may NOT see (to scrub examples that mention them). */
  readonly hidden: ReadonlySet<string>;
}

const SCHEMA_PREFIX = '#/components/schemas/';

const ELEMENT_ROUTES: ReadonlyArray<readonly [string, keyof Omit<VisibleElements, 'hidden'>]> = [
  ['/resources/', 'resources'],
  ['/resource-templates/', 'resourceTemplates'],
  ['/prompts/', 'prompts'],
];

const unescapePointer = (segment: string): string => segment.replace(/~1/g, '/').replace(/~0/g, '~');

/** Top-level component schema names referenced anywhere under `node`. */
function collectRefs(node: unknown, into: Set<string>): void {
  if (Array.isArray(node)) {
    for (const item of node) collectRefs(item, into);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string' && value.startsWith(SCHEMA_PREFIX)) {
      into.add(unescapePointer(value.slice(SCHEMA_PREFIX.length).split('/')[0]!));
    } else collectRefs(value, into);
  }
}

/** Component schemas reachable from everything in `doc` but the schemas themselves. */
function reachableSchemas(doc: Json): Set<string> {
  const components = (doc['components'] ?? {}) as Json;
  const schemas = (components['schemas'] ?? {}) as Json;
  const roots: unknown[] = [];
  for (const [key, value] of Object.entries(doc)) if (key !== 'components') roots.push(value);
  for (const [key, value] of Object.entries(components)) if (key !== 'schemas') roots.push(value);
  const seen = new Set<string>();
  collectRefs(roots, seen);
  const queue = [...seen];
  while (queue.length > 0) {
    const next = new Set<string>();
    collectRefs(schemas[queue.pop()!], next);
    for (const name of next) {
      if (!seen.has(name)) {
        seen.add(name);
        queue.push(name);
      }
    }
  }
  return seen;
}

/** True when some string in `node` is one of `names`. */
function mentions(node: unknown, names: ReadonlySet<string>): boolean {
  if (typeof node === 'string') return names.has(node);
  if (Array.isArray(node)) return node.some((item) => mentions(item, names));
  if (node === null || typeof node !== 'object') return false;
  return Object.values(node).some((value) => mentions(value, names));
}

/** Copy of `node` without `example`s (and `examples` entries) that name a hidden element. */
function scrubExamples(node: unknown, hidden: ReadonlySet<string>): unknown {
  if (Array.isArray(node)) return node.map((item) => scrubExamples(item, hidden));
  if (node === null || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'example' && mentions(value, hidden)) continue;
    if (key === 'examples' && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      out[key] = Object.fromEntries(Object.entries(value).filter(([, v]) => !mentions(v, hidden)));
      continue;
    }
    out[key] = scrubExamples(value, hidden);
  }
  return out;
}

function usedTags(paths: Json): Set<string> {
  const used = new Set<string>();
  for (const item of Object.values(paths)) {
    if (item === null || typeof item !== 'object') continue;
    for (const op of Object.values(item)) {
      const tags = (op as Json | null)?.['tags'];
      if (Array.isArray(tags)) for (const t of tags) if (typeof t === 'string') used.add(t);
    }
  }
  return used;
}

/**
 * Returns `doc` as the caller sees it (a copy; `doc` is never mutated). `original` is the document
 * before any filtering: schemas it reached that the filtered one no longer reaches belonged only to
 * hidden elements and are dropped.
 *
 * @example
 * const view = forCaller(withLiveTools(live, server.listTools(caller)), live, {
 *   resources: new Set(server.listResources(caller).map((r) => r.name)), ...
 * });
 */
export function forCaller(doc: Json, original: Json, visible: VisibleElements): Json {
  const all = (doc['paths'] ?? {}) as Json;
  const paths: Json = {};
  for (const [path, item] of Object.entries(all)) {
    const route = ELEMENT_ROUTES.find(([prefix]) => path.startsWith(prefix));
    if (route !== undefined && !visible[route[1]].has(path.slice(route[0].length))) continue;
    paths[path] = visible.hidden.size > 0 ? scrubExamples(item, visible.hidden) : item;
  }
  let out: Json = { ...doc, paths };

  const before = reachableSchemas(original);
  const after = reachableSchemas(out);
  const components = (out['components'] ?? {}) as Json;
  const schemas = (components['schemas'] ?? {}) as Json;
  const orphans = Object.keys(schemas).filter((name) => before.has(name) && !after.has(name));
  if (orphans.length > 0) {
    const kept = Object.fromEntries(Object.entries(schemas).filter(([name]) => !orphans.includes(name)));
    out = { ...out, components: { ...components, schemas: kept } };
  }

  const tags = out['tags'];
  if (Array.isArray(tags)) {
    const wasUsed = usedTags((original['paths'] ?? {}) as Json);
    const nowUsed = usedTags(paths);
    out['tags'] = tags.filter((t) => {
      const name = (t as Json | null)?.['name'];
      return typeof name !== 'string' || !wasUsed.has(name) || nowUsed.has(name);
    });
  }
  return out;
}
