/**
 * The app emitter: `app.gen.ts` exports `createServer()`, `createApp()` (standalone), `mcpRouter()` (Express
 * router to mount at any prefix, like flask-mcp-server's `mount_mcp(app, url_prefix)`) and `main()`, all made
 * by the runtime's `defineApp(registry, { openapi })`: the generated file only names the project's parts.
 */
import { type EmitContext, headerOf } from '../shared/context.js';
import { renderTemplate } from '../shared/templates.js';
import { commentText } from '../shared/ts-literal.js';

/**
 * Renders app.gen.ts.
 *
 * @example
 * emitApp(ctx).includes('defineApp(registry, { openapi })') // true
 */
export function emitApp(ctx: EmitContext): string {
  return renderTemplate('generated/app.gen.ts.hbs', {
    header: headerOf(ctx),
    serverName: commentText(ctx.model.server.name),
  });
}
