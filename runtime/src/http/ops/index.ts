/**
 * Operations routes on the Express side of an app:
 * - `GET /healthz`: 200 while the process serves (liveness); 503 once shutdown began.
 * - `GET /readyz`: 200 when the stores are healthy (readiness), else 503.
 * - `GET /metrics`: Prometheus text from the server's own registry (MCP_METRICS=true), else 404.
 * - `GET /.well-known/oauth-protected-resource[/<path>]`: RFC 9728 metadata in MCP_AUTH_MODE=oauth, else 404.
 * Health, readiness and metadata need no credentials (the auth guards skip them). `/metrics` runs the
 * server's guards like every route: with MCP_AUTH_MODE=apikey Prometheus sends `Authorization: Bearer <key>`.
 */
import type { Request, Response, Router } from 'express';
import type { Registry } from 'prom-client';
import { securityFor } from '../../middleware/index.js';
import { protectedResourceMetadata, resourceMetadataUrl } from '../../middleware/auth/oauth/index.js';
import { HttpError } from '../../middleware/types.js';
import type { McpServer } from '../../server/types.js';
import { sendCaughtError } from '../rest/errors.js';
import { guardRequest } from '../rest/guards.js';
import type { RouteInstaller } from '../route-installer.js';

const NO_STORE = 'no-store';

function metricsRegistry(server: McpServer): Registry | undefined {
  for (const o of server.observers) {
    // duck-typed: importing prom-client here would load it at start (see middleware/metrics)
    const reg = (o as { registry?: unknown }).registry;
    if (typeof reg === 'object' && reg !== null && typeof (reg as Registry).metrics === 'function') return reg as Registry;
  }
  return securityFor(server.stores)?.metrics?.registry;
}

/**
 * Installs /healthz, /readyz, /metrics and the RFC 9728 metadata routes.
 *
 * @example
 * const router = express.Router();
 * installOpsRoutes(router, server);
 */
export const installOpsRoutes: RouteInstaller = (router: Router, server: McpServer) => {
  router.get('/healthz', (_req: Request, res: Response) => {
    res.setHeader('Cache-Control', NO_STORE);
    if (server.closing) res.status(503).json({ status: 'shutting_down' });
    else res.status(200).json({ status: 'ok' });
  });

  router.get('/readyz', (_req: Request, res: Response) => {
    res.setHeader('Cache-Control', NO_STORE);
    let healthy: boolean;
    try {
      healthy = !server.closing && server.stores.healthy();
    } catch {
      healthy = false;
    }
    if (healthy) res.status(200).json({ status: 'ready' });
    else res.status(503).json({ status: 'not_ready', error: { code: 'not_ready', message: server.closing ? 'server is shutting down' : 'a store is unreachable' } });
  });

  router.get('/metrics', (req: Request, res: Response) => {
    const registry = server.settings.metrics ? metricsRegistry(server) : undefined;
    if (registry === undefined) {
      res.status(404).json({ error: { code: 'not_found', message: 'metrics are off: set MCP_METRICS=true' } });
      return;
    }
    guardRequest(req, res, server)
      .then((guarded) => (guarded === undefined ? undefined : registry.metrics()))
      .then(
        (text) => {
          if (text === undefined) return; // a guard answered (CORS preflight)
          res.setHeader('Content-Type', registry.contentType);
          res.setHeader('Cache-Control', NO_STORE);
          res.status(200).send(text);
        },
        (error: unknown) => {
          if (error instanceof HttpError) sendCaughtError(res, error, server.logger);
          else if (!res.headersSent) res.status(500).json({ error: { code: 'metrics_failed', message: 'metrics could not be collected' } });
        },
      );
  });

  const oauth = server.settings.authMode === 'oauth' ? server.settings.oauth : undefined;
  if (oauth !== undefined) {
    const doc = protectedResourceMetadata(oauth);
    // Serve at the bare well-known path and at the path-suffixed one derived from the resource URL.
    const suffixed = new URL(resourceMetadataUrl(oauth.resourceUrl)).pathname;
    const paths = [...new Set(['/.well-known/oauth-protected-resource', suffixed])];
    for (const p of paths) {
      router.get(p, (_req: Request, res: Response) => {
        res.setHeader('Cache-Control', 'public, max-age=3600');
        res.setHeader('Access-Control-Allow-Origin', '*');
        res.status(200).json(doc);
      });
    }
  }
};
