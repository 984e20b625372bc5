/**
 * The OpenAPI 3.1 emitter: one document describing the MCP endpoint, the legacy routes and a
 * typed REST operation per tool, resource, resource template and prompt. Element schemas are the
 * mcp.yaml ones verbatim under `components.schemas` (3.1 is JSON Schema 2020-12); only local
 * `$ref`s are re-rooted so they still resolve. Output is deterministic: declaration order, no clock.
 */
import type { OpenAPIV3_1 } from 'openapi-types';
import type { JsonSchema, Model } from '../../model/types.js';
import type { Json } from './json.js';
import { promptPath, resourcePath, resourceTemplatePath, restPath, schemaNames, toolPath } from './element-paths.js';
import { mcpPaths } from './mcp-paths.js';
import { protocolSchemas } from './protocol-schemas.js';
import { pointerSegment, rerootRefs } from './refs.js';
import { sharedParameters, sharedResponses } from './responses.js';
import { authModeOf, securityFor, securitySchemes } from './security.js';

export { restPath, schemaNames } from './element-paths.js';
export { authModeOf, securityFor } from './security.js';

const TAGS: readonly { name: string; description: string }[] = [
  { name: 'MCP', description: 'The Model Context Protocol endpoint (JSON-RPC 2.0 over Streamable HTTP).' },
  { name: 'Tools', description: 'One REST route per tool: same validation, auth, roles, rate limits and cache as MCP.' },
  { name: 'Resources', description: 'Resource reads and resource template reads.' },
  { name: 'Prompts', description: 'Prompt gets.' },
  { name: 'Legacy', description: 'flask-mcp-server compatible routes.' },
];

/**
 * Builds the OpenAPI 3.1 document of a model.
 *
 * @example
 * import { buildOpenApiDocument } from './emit/openapi/index.js';
 * const doc = buildOpenApiDocument(model);
 * doc.paths?.['/tools/math.add']?.post?.operationId; // 'tool.math.add'
 */
export function buildOpenApiDocument(model: Model): OpenAPIV3_1.Document {
  const schemas: Record<string, Json> = {};
  const addElementSchema = (name: string, schema: JsonSchema, where: string): void => {
    if (name in schemas) throw new Error(`openapi emitter: schema name ${name} (from ${where}) is used twice`);
    schemas[name] = rerootRefs(schema, `#/components/schemas/${pointerSegment(name)}`);
  };

  const paths: Record<string, Json> = { ...mcpPaths(model.tools[0]) };
  for (const tool of model.tools) {
    addElementSchema(schemaNames.toolInput(tool), tool.input, `tool ${tool.name} input`);
    if (tool.output) addElementSchema(schemaNames.toolOutput(tool), tool.output, `tool ${tool.name} output`);
    paths[restPath.tool(tool.name)] = toolPath(tool);
  }
  for (const resource of model.resources) paths[restPath.resource(resource.name)] = resourcePath(resource);
  for (const template of model.resourceTemplates) {
    addElementSchema(schemaNames.templateParams(template), template.params, `resource template ${template.name} params`);
    paths[restPath.resourceTemplate(template.name)] = resourceTemplatePath(template);
  }
  for (const prompt of model.prompts) {
    addElementSchema(schemaNames.promptArguments(prompt), prompt.argumentsSchema, `prompt ${prompt.name} arguments`);
    paths[restPath.prompt(prompt.name)] = promptPath(prompt);
  }
  const protocol = protocolSchemas();
  for (const name of usedProtocolSchemas(protocol, [paths, sharedResponses(), schemas])) {
    if (name in schemas) throw new Error(`openapi emitter: element schema ${name} collides with a protocol schema`);
    schemas[name] = protocol[name]!;
  }

  const mode = authModeOf(model.settings);
  const schemes = securitySchemes(model.settings);
  const usedTags = new Set(Object.values(paths).flatMap((item) => Object.values(item).flatMap((op) => ((op as Json)['tags'] as string[] | undefined) ?? [])));
  const { server } = model;
  const description = [
    server.description,
    server.instructions ? `**Instructions for models:** ${server.instructions}` : undefined,
  ].filter((line): line is string => typeof line === 'string' && line.length > 0);

  const document: Json = {
    openapi: '3.1.0',
    info: {
      title: server.title ?? server.name,
      version: server.version,
      ...(description.length > 0 ? { description: description.join('\n\n') } : {}),
      'x-mcp-server-name': server.name,
      ...(server.websiteUrl ? { contact: { url: server.websiteUrl } } : {}),
    },
    jsonSchemaDialect: 'https://spec.openapis.org/oas/3.1/dialect/base',
    servers: [{ url: '/', description: 'This server' }],
    security: securityFor(mode, schemes),
    tags: TAGS.filter((tag) => usedTags.has(tag.name)).map((tag) => ({ ...tag })),
    paths,
    components: {
      schemas,
      responses: sharedResponses(),
      parameters: sharedParameters(),
      securitySchemes: schemes,
    },
  };
  return document as unknown as OpenAPIV3_1.Document;
}

/** Protocol schemas reachable from `roots` (in declaration order), so none is left unused. */
function usedProtocolSchemas(protocol: Record<string, Json>, roots: readonly unknown[]): string[] {
  const prefix = '#/components/schemas/';
  const used = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string' && value.startsWith(prefix)) {
        const name = value.slice(prefix.length).split('/')[0] ?? '';
        if (name in protocol && !used.has(name)) {
          used.add(name);
          visit(protocol[name]);
        }
      } else visit(value);
    }
  };
  roots.forEach(visit);
  return Object.keys(protocol).filter((name) => used.has(name));
}
