/**
 * `configureStateless`: the 2026-07-28 options of a server, set by the application before it serves.
 */
import { engineOf } from '../../server/create-server.js';
import type { McpServer } from '../../server/types.js';
import { setStatelessOptions, type StatelessOptions } from './options.js';

/**
 * Configure the 2026-07-28 revision of a server (call before serving).
 *
 * @example
 * const server = createMcpServer(registry);
 * configureStateless(server, { stateSecret: process.env.MCP_STATE_SECRET, taskGraceMs: 500 });
 */
export function configureStateless(server: McpServer, options: StatelessOptions): void {
  setStatelessOptions(engineOf(server), options);
}
