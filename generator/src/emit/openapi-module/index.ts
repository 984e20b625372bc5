/**
 * The OpenAPI module emitter: `openapi.gen.ts` exporting the document built by the OpenAPI emitter
 * (`emit/openapi/`) as a plain object literal, so the server serves /docs.json without reading files.
 */
import { buildOpenApiDocument } from '../openapi/index.js';
import { type EmitContext, headerOf } from '../shared/context.js';
import { renderTemplate } from '../shared/templates.js';
import { jsonLiteral } from '../shared/ts-literal.js';

/**
 * Renders openapi.gen.ts.
 *
 * @example
 * emitOpenApiModule(ctx).includes('"openapi": "3.1') // true
 */
export function emitOpenApiModule(ctx: EmitContext): string {
  let document: unknown;
  try {
    document = buildOpenApiDocument(ctx.model);
  } catch (error) {
    throw new Error(`openapi emitter: ${(error as Error).message}`, { cause: error });
  }
  return renderTemplate('generated/openapi.gen.ts.hbs', { header: headerOf(ctx), document: jsonLiteral(document) });
}
