/**
 * The OpenAPI module emitter: `openapi.gen.ts` holds only the project's parts of the document
 * (`openApiParts`, a typed object literal) and lets the runtime's `mcpOpenApiDocument` add the fixed
 * MCP parts, so the server serves /docs.json without reading files and no project repeats them.
 */
import { buildOpenApiDocument, openApiParts } from '../openapi/index.js';
import { type EmitContext, headerOf } from '../shared/context.js';
import { renderTemplate } from '../shared/templates.js';
import { jsonLiteral } from '../shared/ts-literal.js';

/**
 * Renders openapi.gen.ts. Builds the whole document once too, so a document the runtime would
 * reject at start-up (a schema name collision) fails the build instead.
 *
 * @example
 * emitOpenApiModule(ctx).includes('export const openapi: OpenApiDocument = mcpOpenApiDocument(') // true
 */
export function emitOpenApiModule(ctx: EmitContext): string {
  buildOpenApiDocument(ctx.model);
  return renderTemplate('generated/openapi.gen.ts.hbs', { header: headerOf(ctx), parts: jsonLiteral(openApiParts(ctx.model)) });
}
