/**
 * `createMcpServer`: the transport-agnostic engine for a registry.
 */
import type { RegistryDefinition } from '../registry/types.js';
import { Engine } from './engine.js';
import type { McpServer, ServerOptions } from './types.js';

/**
 * Build the protocol engine for a registry (usually `src/generated/registry.gen.ts`).
 * Serve it with {@link createApp} (HTTP), `serveStdio` or {@link runCli}.
 *
 * @example
 * import { createMcpServer, createApp } from '@mcp-gen/runtime';
 * import { registry } from './generated/registry.gen.js';
 * const server = createMcpServer(registry, { sseReplies: 'auto' });
 * const { url } = await createApp(server).listen(8765);
 */
export function createMcpServer(registry: RegistryDefinition, options: ServerOptions = {}): McpServer {
  return new Engine(registry, options);
}

/** The engine behind an {@link McpServer} (for transports in this package). */
export function engineOf(server: McpServer): Engine {
  if (!(server instanceof Engine)) throw new TypeError('expected a server made by createMcpServer()');
  return server;
}
