/**
 * Tools added while the server runs (providers, `server.addTool`) are not in the generated document,
 * and removed ones still are; this adds and drops their REST operations so /docs.json and Swagger UI
 * show what the server really serves.
 */
import type { ToolDefinition } from '../../registry/types.js';

type Json = { [key: string]: unknown };

const escapePointer = (segment: string): string => segment.replace(/~/g, '~0').replace(/\//g, '~1');

/** Re-roots document-local `$ref`s of a schema placed at `pointer` (OpenAPI resolves them against the document). */
function reroot(node: unknown, pointer: string): unknown {
  if (Array.isArray(node)) return node.map((item) => reroot(item, pointer));
  if (node === null || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string' && (value === '#' || value.startsWith('#/'))) out[key] = pointer + value.slice(1);
    else if (key === 'const' || key === 'enum' || key === 'default' || key === 'examples') out[key] = value;
    else out[key] = reroot(value, pointer);
  }
  return out;
}

const ref = (name: string): Json => ({ $ref: `#/components/schemas/${escapePointer(name)}` });

/**
 * Returns `doc` with an operation for every tool that has no `/tools/{name}` path yet and without the
 * tool paths of removed tools (or `doc` itself when nothing changes).
 *
 * @example
 * withLiveTools(openapi, server.tools()).paths['/tools/time.now'] // { post: { ... } }
 */
export function withLiveTools(doc: Json, tools: readonly ToolDefinition[]): Json {
  const all = (doc['paths'] ?? {}) as Json;
  const live = new Set(tools.map((t) => `/tools/${t.name}`));
  const removed = Object.keys(all).filter((p) => p.startsWith('/tools/') && !live.has(p));
  const missing = tools.filter((t) => !(`/tools/${t.name}` in all));
  if (missing.length === 0 && removed.length === 0) return doc;
  const paths: Json = Object.fromEntries(Object.entries(all).filter(([p]) => !removed.includes(p)));
  const components = (doc['components'] ?? {}) as Json;
  const schemas: Json = { ...((components['schemas'] ?? {}) as Json) };
  const responses = (components['responses'] ?? {}) as Json;
  const errorResponses: Json = {};
  for (const [status, name] of [['400', 'BadRequest'], ['401', 'Unauthorized'], ['404', 'NotFound'], ['422', 'ToolError'], ['429', 'TooManyRequests']] as const) {
    if (name in responses) errorResponses[status] = { $ref: `#/components/responses/${name}` };
  }
  const addedPaths: Json = {};
  for (const tool of missing) {
    const input = `tool.${tool.name}.Input`;
    schemas[input] = reroot(tool.inputSchema, `#/components/schemas/${escapePointer(input)}`);
    let result: Json = 'ToolResult' in schemas ? ref('ToolResult') : { type: 'object' };
    if (tool.outputSchema !== undefined) {
      const output = `tool.${tool.name}.Output`;
      schemas[output] = reroot(tool.outputSchema, `#/components/schemas/${escapePointer(output)}`);
      result = ref(output);
    }
    addedPaths[`/tools/${tool.name}`] = {
      post: {
        operationId: `tool.${tool.name}`,
        tags: ['Tools'],
        summary: tool.title ?? tool.name,
        description: `${tool.description ? `${tool.description}\n\n` : ''}MCP tool \`${tool.name}\` (added at run time).`,
        requestBody: { required: false, content: { 'application/json': { schema: ref(input) } } },
        responses: { '200': { description: 'The tool result.', content: { 'application/json': { schema: result } } }, ...errorResponses },
      },
    };
  }
  return { ...doc, paths: { ...paths, ...addedPaths }, components: { ...components, schemas } };
}
