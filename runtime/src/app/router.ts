/**
 * `createMcpRouter`: the MCP endpoint and legacy routes as an Express router, mountable at any
 * prefix of an existing app (the reference's `mount_mcp(app, url_prefix)`).
 */
import type { Request, Response, Router } from 'express';
import { loadExpress } from './load-express.js';
import { engineOf } from '../server/create-server.js';
import type { McpServer } from '../server/types.js';
import { createMcpHttpHandler, type McpRoute } from '../transport/http/mcp-endpoint.js';

export interface McpRouterOptions {
  /** Also serve `/list`, `/call` and `/batch` (flask-mcp-server's legacy routes). Default true. */
  readonly legacyRoutes?: boolean;
}

/** The body when a body parser already read the stream, else undefined (the router reads it). */
function parsedBody(req: Request): unknown {
  const consumed = (req as unknown as { _body?: boolean })._body === true || req.readableEnded;
  return consumed && req.body !== undefined ? (req.body as unknown) : undefined;
}

/**
 * @example
 * const app = express();
 * app.use('/api/mcp', createMcpRouter(server)); // POST /api/mcp, GET /api/mcp/list ...
 */
export function createMcpRouter(server: McpServer, options: McpRouterOptions = {}): Router {
  const engine = engineOf(server);
  const handle = createMcpHttpHandler(engine);
  engine.closeHooks.add(() => handle.close());
  const router = loadExpress().Router();
  const serve = (route: McpRoute) => (req: Request, res: Response) => handle(req, res, route, parsedBody(req));
  router.all('/', serve('mcp'));
  if (options.legacyRoutes !== false) {
    router.all('/list', serve('list'));
    router.all('/call', serve('call'));
    router.all('/batch', serve('batch'));
  }
  return router;
}
