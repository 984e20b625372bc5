/**
 * `/docs.json` (the OpenAPI 3.1 document) and `/swagger` (Swagger UI from the locally installed
 * swagger-ui-dist). Installed when `settings.docs` is on (MCP_DOCS); the document comes from the app
 * (`createApp(server, { openapi })`, generated into `src/generated/openapi.gen.ts`).
 *
 * Docs follow auth: when MCP_AUTH_MODE is not `none` they need credentials like every route (all the
 * server's guards run), unless MCP_DOCS_PUBLIC=true opens them; public docs still pass the non-auth
 * guards (CORS, Host, Origin, body size), so DNS rebinding and foreign origins are refused as on /mcp.
 * Either way `/docs.json` is the caller's view: elements the caller's roles do not allow are absent
 * (anonymous callers have MCP_DEFAULT_ROLES). Set MCP_DOCS=false to turn the docs off.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type { NextFunction, Request, Response, Router } from 'express';
import type { CallerIdentity } from '../../handler/context.js';
import type { HttpGuard } from '../../middleware/types.js';
import type { McpServer } from '../../server/types.js';
import { sendCaughtError } from '../rest/errors.js';
import { guardRequest } from '../rest/guards.js';
import type { RouteInstaller } from '../route-installer.js';
import { forCaller } from './caller-view.js';
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

/** Guards public docs pass: all but authentication and rate limiting (see the file comment). */
const publicDocsGuard = (guard: HttpGuard): boolean => !guard.name.startsWith('auth-') && guard.name !== 'rate-limit';

/** Headers that carry credentials: a request sending one is authenticated even on public docs. */
const CREDENTIAL_HEADERS = ['authorization', 'x-api-key', 'x-signature'] as const;

const CALLER = Symbol('mcp-gen.docs-caller');
type WithCaller = Request & { [CALLER]?: CallerIdentity };

/**
 * Express middleware running the guards before every docs route and recording the caller.
 * Protected docs (auth on, MCP_DOCS_PUBLIC off) run every guard. Public docs run the non-auth guards
 * for an anonymous request, and every guard when it carries credentials (so a key holder sees the
 * elements their roles allow, and a wrong key is refused rather than silently downgraded).
 */
function guarded(server: McpServer) {
  const open = server.settings.authMode === 'none' || server.settings.docsPublic;
  return (req: Request, res: Response, next: NextFunction): void => {
    const credentials = CREDENTIAL_HEADERS.some((name) => req.headers[name] !== undefined);
    guardRequest(req, res, server, open && !credentials ? publicDocsGuard : undefined).then(
      (outcome) => {
        if (outcome === undefined) return; // a guard answered (CORS preflight)
        (req as WithCaller)[CALLER] = outcome.caller;
        next();
      },
      (error: unknown) => sendCaughtError(res, error, server.logger),
    );
  };
}

/** The document `caller` may see, serialized (cached per mount path and visible element set). */
function documentFor(server: McpServer, openapi: object, basePath: string, caller: CallerIdentity, cache: Map<string, string>): string {
  const tools = server.listTools(caller);
  const resources = server.listResources(caller).map((r) => r.name);
  const templates = server.listResourceTemplates(caller).map((t) => t.name);
  const prompts = server.listPrompts(caller).map((p) => p.name);
  // The visible sets are part of the key: tools added at run time appear, and each role set gets its view.
  const key = JSON.stringify([basePath, tools.map((t) => t.name), resources, templates, prompts]);
  let body = cache.get(key);
  if (body === undefined) {
    const visible = new Set([...tools.map((t) => t.name), ...resources, ...templates, ...prompts]);
    const every = [...server.tools(), ...server.resources(), ...server.resourceTemplates(), ...server.prompts()].map((e) => e.name);
    const live = liveDocument(openapi, { basePath, authMode: server.settings.authMode });
    const view = forCaller(withLiveTools(live, tools), live, {
      resources: new Set(resources),
      resourceTemplates: new Set(templates),
      prompts: new Set(prompts),
      hidden: new Set(every.filter((name) => !visible.has(name))),
    });
    body = JSON.stringify(view);
    if (cache.size >= 32) cache.clear();
    cache.set(key, body);
  }
  return body;
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
  // One serialization per mount path and visible element set; settings do not change while the app runs.
  const cache = new Map<string, string>();
  const guard = guarded(server);

  router.get('/docs.json', guard, (req: Request, res: Response) => {
    if (openapi === undefined) {
      sendError(res, 404, 'not_found', 'No OpenAPI document: pass `openapi` (src/generated/openapi.gen.ts) to createApp.');
      return;
    }
    const caller = (req as WithCaller)[CALLER] ?? { id: 'anonymous', roles: server.settings.defaultRoles, scheme: 'none' };
    const body = documentFor(server, openapi, req.baseUrl, caller, cache);
    // The body depends on the caller's credentials: shared caches must not hand it to someone else.
    res.set('Cache-Control', 'private, no-cache').vary('Authorization, X-API-Key, X-Signature').type('application/json').send(body);
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
