/**
 * `/docs.json` (the OpenAPI 3.1 document) and `/swagger` (Swagger UI from the locally installed
 * swagger-ui-dist). Installed when `settings.docs` is on (MCP_DOCS); the document comes from the app
 * (`createApp(server, { openapi })`, generated into `src/generated/openapi.gen.ts`).
 *
 * The docs are public like the reference's: a browser cannot send an API key when it opens a page, and
 * the document holds schemas, not data. They still pass the non-auth guards (CORS, Host, Origin, body
 * size), so DNS rebinding and foreign origins are refused as on /mcp. Set MCP_DOCS=false to turn them off.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type { NextFunction, Request, Response, Router } from 'express';
import type { HttpGuard } from '../../middleware/types.js';
import type { McpServer } from '../../server/types.js';
import { sendCaughtError } from '../rest/errors.js';
import { guardRequest } from '../rest/guards.js';
import type { RouteInstaller } from '../route-installer.js';
import { liveDocument } from './live-document.js';
import { withLiveTools } from './live-tools.js';
import { SWAGGER_ASSETS, SWAGGER_CSP, swaggerHtml, swaggerInitializer } from './swagger-page.js';

let assetDir: string | undefined;

/** Folder of the installed swagger-ui-dist package (resolved once). */
function swaggerAssetDir(): string {
  if (assetDir === undefined) {
    const require = createRequire(import.meta.url);
    assetDir = path.dirname(require.resolve('swagger-ui-dist/package.json'));
  }
  return assetDir;
}

function sendError(res: Response, status: number, code: string, message: string): void {
  res.status(status).type('application/json').send(JSON.stringify({ error: { code, message } }));
}

/** Guards the docs pass: all but authentication and rate limiting (see the file comment). */
const docsGuard = (guard: HttpGuard): boolean => !guard.name.startsWith('auth-') && guard.name !== 'rate-limit';

/** Express middleware running the docs guards before every docs route. */
function guarded(server: McpServer) {
  return (req: Request, res: Response, next: NextFunction): void => {
    guardRequest(req, res, server, docsGuard).then(
      (outcome) => {
        if (outcome !== undefined) next();
      },
      (error: unknown) => sendCaughtError(res, error, server.logger),
    );
  };
}

/**
 * Serves `GET /docs.json` and `GET /swagger` (plus `/swagger/<asset>`) on `router`.
 * Without an `openapi` option both answer 404 `not_found` naming what is missing.
 *
 * @example
 * import express from 'express';
 * import { installDocsRoutes } from '@mcp-gen/runtime';
 * import { openapi } from './generated/openapi.gen.js';
 * const router = express.Router();
 * installDocsRoutes(router, server, { openapi });
 */
export const installDocsRoutes: RouteInstaller = (router: Router, server, options) => {
  if (!server.settings.docs) return;
  const openapi = options?.openapi;
  // One serialization per mount path and tool set; settings do not change while the app runs.
  const cache = new Map<string, string>();
  const guard = guarded(server);

  router.get('/docs.json', guard, (req: Request, res: Response) => {
    if (openapi === undefined) {
      sendError(res, 404, 'not_found', 'No OpenAPI document: pass `openapi` (src/generated/openapi.gen.ts) to createApp.');
      return;
    }
    // The live tool list is part of the key: tools added at run time appear in the document.
    const tools = server.tools();
    const key = `${req.baseUrl}\n${tools.map((t) => t.name).join('\n')}`;
    let body = cache.get(key);
    if (body === undefined) {
      const live = liveDocument(openapi, { basePath: req.baseUrl, authMode: server.settings.authMode });
      body = JSON.stringify(withLiveTools(live, tools));
      if (cache.size >= 32) cache.clear();
      cache.set(key, body);
    }
    res.set('Cache-Control', 'no-cache').type('application/json').send(body);
  });

  const page = (req: Request, res: Response): void => {
    if (openapi === undefined) {
      sendError(res, 404, 'not_found', 'No OpenAPI document: pass `openapi` (src/generated/openapi.gen.ts) to createApp.');
      return;
    }
    res
      .set('Content-Security-Policy', SWAGGER_CSP)
      .set('X-Content-Type-Options', 'nosniff')
      .set('Cache-Control', 'no-cache')
      .type('text/html; charset=utf-8')
      .send(swaggerHtml(req.baseUrl, server.info.title ?? server.info.name));
  };
  router.get('/swagger', guard, page);
  router.get('/swagger/index.html', guard, page);

  router.get('/swagger/swagger-initializer.js', guard, (req: Request, res: Response) => {
    res.set('Cache-Control', 'no-cache').type('text/javascript; charset=utf-8').send(swaggerInitializer(req.baseUrl));
  });

  router.get('/swagger/:asset', guard, (req: Request, res: Response) => {
    const raw = req.params['asset'];
    const asset = typeof raw === 'string' ? raw : '';
    const type = Object.hasOwn(SWAGGER_ASSETS, asset) ? SWAGGER_ASSETS[asset] : undefined;
    if (type === undefined) {
      sendError(res, 404, 'not_found', `No Swagger UI asset named ${JSON.stringify(asset)}.`);
      return;
    }
    res.set('X-Content-Type-Options', 'nosniff').type(type);
    res.sendFile(asset, { root: swaggerAssetDir(), maxAge: '1h' }, (error?: Error) => {
      if (error && !res.headersSent) {
        server.logger.error({ err: error.message, asset }, 'swagger-ui-dist asset missing: reinstall @mcp-gen/runtime');
        sendError(res, 500, 'internal_error', 'Swagger UI asset could not be read.');
      }
    });
  });
};
