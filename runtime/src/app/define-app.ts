/**
 * One call turns a registry (and its OpenAPI document) into the four entry points every generated
 * app exposes, so `app.gen.ts` is a few lines and the wiring lives, documented and tested, here.
 */
import type { Router } from 'express';
import { runCli } from '../cli/run-cli.js';
import type { RegistryDefinition } from '../registry/types.js';
import { createMcpServer } from '../server/create-server.js';
import type { McpServer, ServerOptions } from '../server/types.js';
import { createApp as createStandaloneApp, type App, type AppOptions } from './create-app.js';
import { createMcpRouter, type McpRouterOptions } from './router.js';

/** Options of {@link defineApp}. */
export interface DefineAppOptions {
  /** The OpenAPI document served at /docs.json and shown at /swagger (the generated `openapi`). */
  readonly openapi?: object;
}

/** The entry points of one MCP server, as {@link defineApp} returns them. */
export interface DefinedApp {
  /**
   * A new transport-agnostic MCP server over the registry.
   *
   * @example
   * const server = createServer();
   */
  readonly createServer: (options?: ServerOptions) => McpServer;
  /**
   * A new standalone HTTP app: `/mcp` (Streamable HTTP) plus docs, REST, health and metrics routes.
   *
   * @example
   * const app = createApp();
   * await app.listen(8765, '127.0.0.1');
   */
  readonly createApp: (options?: { server?: ServerOptions; app?: AppOptions }) => App;
  /**
   * A new Express router serving a new server, to mount at any prefix of an existing app.
   *
   * @example
   * expressApp.use('/mcp', mcpRouter());
   */
  readonly mcpRouter: (options?: { server?: ServerOptions; router?: McpRouterOptions }) => Router;
  /**
   * The command line: `serve` (HTTP on $HOST:$PORT), `stdio`, `list [--json]`.
   *
   * @example
   * await main(['stdio']);
   */
  readonly main: (argv?: readonly string[]) => Promise<void>;
}

/**
 * Builds the entry points of an MCP server from its registry: `createServer`, `createApp`
 * (standalone, serving `openapi` at /docs.json), `mcpRouter` (like flask-mcp-server's `mount_mcp`)
 * and `main` (the `serve | stdio | list` command line). Every call of `createServer`, `createApp`
 * and `mcpRouter` makes a new server; `main` makes one per command.
 *
 * @example
 * import { defineApp } from '@mcp-gen/runtime';
 * import { openapi } from './openapi.gen.js';
 * import { registry } from './registry.gen.js';
 *
 * export const { createServer, createApp, mcpRouter, main } = defineApp(registry, { openapi });
 */
export function defineApp(registry: RegistryDefinition, options: DefineAppOptions = {}): DefinedApp {
  const { openapi } = options;
  const withDocs = openapi !== undefined ? { openapi } : {};
  const createServer = (serverOptions?: ServerOptions): McpServer => createMcpServer(registry, serverOptions);
  return {
    createServer,
    createApp: (appOptions) => createStandaloneApp(createServer(appOptions?.server), { ...withDocs, ...appOptions?.app }),
    mcpRouter: (routerOptions) => createMcpRouter(createServer(routerOptions?.server), routerOptions?.router),
    main: async (argv = process.argv.slice(2)) => {
      await runCli(() => createServer(), { argv, ...withDocs });
    },
  };
}
