/**
 * The app emitter: `app.gen.ts` with `createServer()`, `createApp()` (standalone), `mcpRouter()` (Express
 * router to mount at any prefix, like flask-mcp-server's `mount_mcp(app, url_prefix)`) and `main()`.
 */
import { type EmitContext, headerOf } from '../shared/context.js';
import { renderTemplate } from '../shared/templates.js';

/**
 * Renders app.gen.ts.
 *
 * @example
 * emitApp(ctx).includes('export async function main(') // true
 */
export function emitApp(ctx: EmitContext): string {
  return renderTemplate('generated/app.gen.ts.hbs', {
    header: headerOf(ctx),
    configName: ctx.configName,
    serverName: ctx.model.server.name.replace(/\r?\n/g, ' '),
  });
}
