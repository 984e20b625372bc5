/**
 * The OpenAPI 3.1 side of the runtime: the document type generated code is typed with, and the
 * builder of the fixed MCP parts that `openapi.gen.ts` composes with the project's own parts.
 * Every public name starts with `mcpOpenApi`/`openApi`/`OpenApi` (they share the runtime's namespace).
 */
export { mcpOpenApiDocument, type McpOpenApiParts } from './document.js';
export type { McpOpenApiElement, McpOpenApiPrompt, McpOpenApiResource, McpOpenApiResourceTemplate, McpOpenApiTool } from './element-paths.js';
export { openApiErrorRefs, type OpenApiErrorStatus } from './responses.js';
export type * from './types.js';
