/**
 * `createApp`: the standalone HTTP app. `/mcp` (and the legacy `/mcp/list|call|batch`) are served
 * straight from node:http; everything else (health, metrics, docs, REST routes) goes to Express.
 */
import { createServer, type IncomingMessage, type Server, type ServerOptions, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { installDocsRoutes } from '../http/docs/index.js';
import { installOpsRoutes } from '../http/ops/index.js';
import { installRestRoutes } from '../http/rest/index.js';
import type { RouteInstaller } from '../http/route-installer.js';
import { engineOf } from '../server/create-server.js';
import type { McpServer } from '../server/types.js';
import { createMcpHttpHandler, type McpRoute } from '../transport/http/mcp-endpoint.js';
import { jsonErrorHandler } from './express-errors.js';
import { loadExpress } from './load-express.js';
import type { LogSink } from '../logger/index.js';
import type { Settings } from '../settings/types.js';

export interface AppOptions {
  /** The generated OpenAPI document, for /docs.json and /swagger. */
  readonly openapi?: object;
  /** Route installers for the Express side; default ops, docs and REST routes. */
  readonly installers?: readonly RouteInstaller[];
  /** Extra installers run after the defaults. */
  readonly extraInstallers?: readonly RouteInstaller[];
}

export interface App {
  /** The Express app serving everything but the MCP routes (add your own routes to it). */
  readonly express: Express;
  /** The node:http request listener (MCP fast path + Express). */
  readonly handler: (req: IncomingMessage, res: ServerResponse) => void;
  /** Listen on port/host (default settings.port/host); resolves with the MCP URL. */
  listen(port?: number, host?: string): Promise<{ url: string; server: Server }>;
  /** Graceful shutdown: stop accepting, finish in-flight calls (settings.shutdownGraceMs), close streams and the server. */
  close(): Promise<void>;
}

/** Route of a request path on the MCP mount, or undefined for Express. */
export function mcpRouteOf(url: string | undefined): McpRoute | undefined {
  if (url === undefined || !url.startsWith('/mcp')) return undefined;
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  switch (path) {
    case '/mcp':
    case '/mcp/':
      return 'mcp';
    case '/mcp/list':
      return 'list';
    case '/mcp/call':
      return 'call';
    case '/mcp/batch':
      return 'batch';
    default:
      return undefined;
  }
}

/**
 * @example
 * const app = createApp(createMcpServer(registry), { openapi });
 * const { url } = await app.listen(8765, '127.0.0.1');
 * console.log(`listening on ${url}`);
 */
export function createApp(server: McpServer, options: AppOptions = {}): App {
  const engine = engineOf(server);
  const mcp = createMcpHttpHandler(engine);
  let built: Express | undefined;
  /** The Express side, built on first use (a non-MCP request, or `App.express`). */
  const expressApp = (): Express => (built ??= buildExpress(server, engine, options));

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const route = mcpRouteOf(req.url);
    if (route !== undefined) mcp(req, res, route);
    else expressApp()(req, res);
  };

  const servers = new Set<Server>();
  let closing: Promise<void> | undefined;

  const stopAccepting = (): void => {
    for (const s of servers) {
      s.close();
      s.closeIdleConnections();
    }
  };
  engine.closeHooks.add(stopAccepting);

  return {
    get express() {
      return expressApp();
    },
    handler,
    listen(port = engine.settings.port, host = engine.settings.host) {
      return new Promise((resolve, reject) => {
        const s = createServer(serverOptions(engine.settings), handler);
        capConnections(s, engine.settings.maxConnections, engine.logger);
        s.once('error', reject);
        s.listen(port, host, () => {
          s.off('error', reject);
          // an accept() failure after start (ENFILE, ENOBUFS) is logged; unheard, it would end the process
          s.on('error', (err) => engine.logger.error({ err }, 'HTTP server error'));
          servers.add(s);
          const addr = s.address() as AddressInfo;
          const h = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
          resolve({ url: `http://${h}:${addr.port}/mcp`, server: s });
        });
      });
    },
    close() {
      closing ??= (async () => {
        await server.close();
        mcp.close();
        engine.closeHooks.delete(stopAccepting);
        for (const s of servers) s.closeAllConnections();
        servers.clear();
      })();
      return closing;
    },
  };
}

/**
 * node:http limits from the settings. `requestTimeout` is the time to receive a whole request (headers and
 * body; SSE replies are not limited by it). Headers always have a limit, also with MCP_REQUEST_TIMEOUT_MS=0
 * (uploads without a limit), or a client sending one header line a minute would hold its connection forever.
 *
 * @example
 * const s = http.createServer(serverOptions(server.settings), app.handler); // headersTimeout 30000 by default
 */
export function serverOptions(settings: Pick<Settings, 'requestTimeoutMs'>): ServerOptions {
  const requestTimeout = settings.requestTimeoutMs;
  const headersTimeout = requestTimeout > 0 ? Math.min(60_000, requestTimeout) : 60_000;
  return {
    requestTimeout,
    headersTimeout,
    keepAliveTimeout: 65_000,
    // how often node checks those timeouts (default 30 s would let a short limit slip)
    connectionsCheckingInterval: Math.max(100, Math.min(30_000, Math.floor(headersTimeout / 4))),
  };
}

/** Least time between two "connection cap reached" warnings, ms. */
const DROP_LOG_INTERVAL_MS = 10_000;

/**
 * MCP_MAX_CONNECTIONS: node closes connections beyond the cap as they arrive. When that happens, idle
 * keep-alive connections are let go too (clients reconnect when they need to), so clients that connect
 * and wait cannot keep everyone else out; one warning per interval says how many were refused.
 */
function capConnections(s: Server, max: number, logger: LogSink): void {
  if (max <= 0) return;
  s.maxConnections = max;
  let dropped = 0;
  let lastLog = 0;
  let lastIdleSweep = 0;
  s.on('drop', () => {
    dropped++;
    const now = Date.now();
    if (now - lastIdleSweep >= 1000) {
      lastIdleSweep = now;
      s.closeIdleConnections();
    }
    if (now - lastLog >= DROP_LOG_INTERVAL_MS) {
      lastLog = now;
      logger.warn({ maxConnections: max, refused: dropped }, 'connection cap reached (MCP_MAX_CONNECTIONS): new connections refused, idle keep-alive connections closed');
      dropped = 0;
    }
  });
}

/** The Express app: the route installers (ops, docs, REST by default), then a JSON 404 and a JSON error handler. */
function buildExpress(server: McpServer, engine: ReturnType<typeof engineOf>, options: AppOptions): Express {
  const express = loadExpress();
  const app = express();
  app.disable('x-powered-by');
  const router = express.Router();
  for (const install of options.installers ?? [installOpsRoutes, installDocsRoutes, installRestRoutes]) install(router, server, options.openapi !== undefined ? { openapi: options.openapi } : {});
  for (const install of options.extraInstallers ?? []) install(router, server, options.openapi !== undefined ? { openapi: options.openapi } : {});
  app.use(router);
  app.use((req, res) => {
    res.status(404).type('application/json').send(JSON.stringify({ error: { code: 'not_found', message: `no route for ${req.method} ${req.path}` } }));
  });
  // Express would answer errors with an HTML page (a stack trace outside production): JSON, no internal text
  app.use(jsonErrorHandler(engine.logger));
  return app;
}
