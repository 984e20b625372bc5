/**
 * The OpenAPI module emitter: `openapi.gen.ts` holds only the project's parts of the document
 * (`openApiParts`, a typed object literal) and lets the runtime's `mcpOpenApiDocument` add the fixed
 * MCP parts, so the server serves /docs.json without reading files and no project repeats them.
 * Element schemas are taken from schemas.gen.ts by name (the same objects registry.gen.ts publishes);
 * only a schema whose local `$ref`s had to be re-rooted is written out here.
 */
import { buildOpenApiDocument, openApiParts } from '../openapi/index.js';
import { sharedWithOpenApi } from '../schemas/index.js';
import { type EmitContext, headerOf } from '../shared/context.js';
import { renderTemplate } from '../shared/templates.js';
import { jsonLiteral } from '../shared/ts-literal.js';

/**
 * The parts as source text: JSON, except that `schemas` entries shared with schemas.gen.ts are `schemas.<Name>`.
 * `schemas` is the last key of the parts, so the text is the JSON of the rest with it appended.
 */
function partsSource(ctx: EmitContext): { text: string; usesSchemas: boolean } {
  const { schemas = {}, ...rest } = openApiParts(ctx.model);
  const shared = sharedWithOpenApi(ctx.model);
  const entries = Object.entries(schemas).map(([name, schema]) => `    ${JSON.stringify(name)}: ${shared.has(name) ? `schemas.${name}` : jsonLiteral(schema, 4)}`);
  const head = jsonLiteral(rest).replace(/\n\}$/, '');
  const body = entries.length > 0 ? `{\n${entries.join(',\n')}\n  }` : '{}';
  return { text: `${head},\n  "schemas": ${body}\n}`, usesSchemas: Object.keys(schemas).some((name) => shared.has(name)) };
}

/**
 * Renders openapi.gen.ts. Builds the whole document once too, so a document the runtime would
 * reject at start-up (a schema name collision) fails the build instead.
 *
 * @example
 * emitOpenApiModule(ctx).includes('export const openapi: OpenApiDocument = mcpOpenApiDocument(') // true
 */
export function emitOpenApiModule(ctx: EmitContext): string {
  buildOpenApiDocument(ctx.model);
  const parts = partsSource(ctx);
  return renderTemplate('generated/openapi.gen.ts.hbs', { header: headerOf(ctx), parts: parts.text, usesSchemas: parts.usesSchemas });
}
