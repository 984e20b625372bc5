/**
 * The options part of a build's input hash, kept in a module of its own so the no-op fast path can compute it
 * without loading the emitters.
 */
import type { EmitContext } from './context.js';

/**
 * The options part of the input hash: anything that changes output paths changes the hash.
 *
 * @example
 * optionsKey({ configName: 'mcp.yaml', outDir: 'src/generated', handlersDir: 'src/handlers', srcDir: 'src' })
 * // 'mcp.yaml|src/generated|src/handlers|src'
 */
export function optionsKey(ctx: Pick<EmitContext, 'outDir' | 'handlersDir' | 'srcDir' | 'configName'>): string {
  return [ctx.configName, ctx.outDir, ctx.handlersDir, ctx.srcDir].join('|');
}
