/**
 * The OpenAPI 3.1 emitter: the project-specific parts of the document (info, a few fields per tool,
 * resource, resource template and prompt, element schemas, auth mode). The fixed parts (the MCP
 * endpoint, legacy routes, the REST operation around each element, protocol schemas, responses,
 * security schemes) are the runtime's `mcpOpenApiDocument`, which composes both: the generator and
 * the served /docs.json share one source.
 * Element schemas are the mcp.yaml ones verbatim under `components.schemas` (3.1 is JSON Schema
 * 2020-12); only local `$ref`s are re-rooted so they still resolve. Output is deterministic:
 * declaration order, no clock.
 */
import { mcpOpenApiDocument, type McpOpenApiParts, type OpenApiDocument, type OpenApiSchema } from '@mcp-gen/runtime/openapi';
import type { JsonSchema, Model } from '../../model/types.js';
import { promptElement, resourceElement, resourceTemplateElement, schemaNames, toolElement } from './element-paths.js';
import { pointerSegment, rerootRefs } from './refs.js';
import { authModeOf } from './security.js';

export { schemaNames } from './element-paths.js';
export { authModeOf } from './security.js';

/**
 * The project-specific parts of a model's OpenAPI document (what `openapi.gen.ts` passes to the
 * runtime's `mcpOpenApiDocument`).
 *
 * @example
 * openApiParts(model).tools?.[0]?.input; // 'MathAddInput'
 */
export function openApiParts(model: Model): McpOpenApiParts {
  const schemas: Record<string, OpenApiSchema> = {};
  const addElementSchema = (name: string, schema: JsonSchema, where: string): void => {
    if (name in schemas) throw new Error(`openapi emitter: schema name ${name} (from ${where}) is used twice`);
    schemas[name] = rerootRefs(schema, `#/components/schemas/${pointerSegment(name)}`);
  };

  for (const tool of model.tools) {
    addElementSchema(schemaNames.toolInput(tool), tool.input, `tool ${tool.name} input`);
    if (tool.output) addElementSchema(schemaNames.toolOutput(tool), tool.output, `tool ${tool.name} output`);
  }
  for (const template of model.resourceTemplates) {
    addElementSchema(schemaNames.templateParams(template), template.params, `resource template ${template.name} params`);
  }
  for (const prompt of model.prompts) {
    addElementSchema(schemaNames.promptArguments(prompt), prompt.argumentsSchema, `prompt ${prompt.name} arguments`);
  }

  const { server } = model;
  const description = [
    server.description,
    server.instructions ? `**Instructions for models:** ${server.instructions}` : undefined,
  ].filter((line): line is string => typeof line === 'string' && line.length > 0);
  const issuer = model.settings['oauthIssuer'];
  return {
    info: {
      title: server.title ?? server.name,
      version: server.version,
      ...(description.length > 0 ? { description: description.join('\n\n') } : {}),
      'x-mcp-server-name': server.name,
      ...(server.websiteUrl ? { contact: { url: server.websiteUrl } } : {}),
    },
    authMode: authModeOf(model.settings),
    ...(typeof issuer === 'string' ? { oauthIssuer: issuer } : {}),
    ...nonEmpty('tools', model.tools.map(toolElement)),
    ...nonEmpty('resources', model.resources.map(resourceElement)),
    ...nonEmpty('resourceTemplates', model.resourceTemplates.map(resourceTemplateElement)),
    ...nonEmpty('prompts', model.prompts.map(promptElement)),
    schemas,
  };
}

/** `{ [key]: list }`, or nothing for an empty list (the generated module leaves it out). */
function nonEmpty<K extends string, T>(key: K, list: T[]): { [P in K]?: T[] } {
  return list.length > 0 ? ({ [key]: list } as { [P in K]: T[] }) : {};
}

/**
 * Builds the complete OpenAPI 3.1 document of a model: {@link openApiParts} composed by the runtime.
 *
 * @example
 * import { buildOpenApiDocument } from './emit/openapi/index.js';
 * const doc = buildOpenApiDocument(model);
 * doc.paths?.['/tools/math.add']?.post?.operationId; // 'tool.math.add'
 */
export function buildOpenApiDocument(model: Model): OpenApiDocument {
  const parts = openApiParts(model);
  try {
    return mcpOpenApiDocument(parts);
  } catch (error) {
    throw new Error(`openapi emitter: ${(error as Error).message}`, { cause: error });
  }
}
