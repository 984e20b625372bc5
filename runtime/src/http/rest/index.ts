/**
 * Typed REST routes, one per element: `POST /tools/{name}`, `GET /resources/{name}`,
 * `GET /resource-templates/{name}?<variables>` and `POST /prompts/{name}`. They go through the
 * same guards (auth, origin, rate limit) and the same caller-aware McpServer methods as `/mcp`,
 * so validation, roles, per-element limits, cache, timeouts, logs and metrics all apply.
 * The OpenAPI document (generator/src/emit/openapi) describes exactly these routes.
 */
import type { Request, Response, Router } from 'express';
import type { CallerIdentity } from '../../handler/context.js';
import { HttpError, type RequestRecord } from '../../middleware/types.js';
import type { CallOptions, McpServer } from '../../server/types.js';
import { ResourceTemplate } from '../../uri-template/index.js';
import type { RouteInstaller } from '../route-installer.js';
import { readJsonBody } from './body.js';
import { sendCaughtError, sendError } from './errors.js';
import { guardRequest, guardedOf, requestIdOf, type GuardedRequest } from './guards.js';
import { clientAddressOf } from '../client-address/index.js';
import { validationErrors } from './validation.js';

export { markGuarded, guardedOf, type GuardedRequest } from './guards.js';
export type { ErrorBody, ErrorDetail } from './errors.js';

/** What a REST handler reports about its answer, for the request log and metrics. */
interface Outcome {
  error?: string;
}

type RestHandler = (req: Request, res: Response, guarded: GuardedRequest, options: CallOptions, outcome: Outcome) => Promise<void>;

/** Tells the observers (request log, metrics) about a finished REST request, as the /mcp endpoint does. */
function observe(server: McpServer, req: Request, res: Response, started: number, outcome: Outcome, caller: () => CallerIdentity | undefined): void {
  if (!server.observers.some((o) => o.requestDone !== undefined)) return;
  res.once('finish', () => {
    const who = caller();
    const record: RequestRecord = {
      requestId: requestIdOf(req) ?? '-',
      method: req.method,
      path: `${req.baseUrl}${req.path}`,
      status: res.statusCode,
      durationMs: performance.now() - started,
      ip: guardedOf(req)?.ip ?? clientAddressOf(server.settings)(req),
      ...(who !== undefined ? { caller: who } : {}),
      ...(outcome.error !== undefined ? { error: outcome.error } : {}),
    };
    for (const o of server.observers) {
      try {
        o.requestDone?.(record);
      } catch {
        // observers must not break requests
      }
    }
  });
}

/** Runs guards, builds the call options (caller, ip, abort on disconnect) and maps every failure. */
function route(server: McpServer, handler: RestHandler) {
  return async (req: Request, res: Response): Promise<void> => {
    const aborter = new AbortController();
    const outcome: Outcome = {};
    let guarded: GuardedRequest | undefined;
    observe(server, req, res, performance.now(), outcome, () => guarded?.caller);
    // The client went away before the answer: cancel the handler (its ctx.signal aborts).
    res.on('close', () => {
      if (!res.writableFinished) aborter.abort(new Error('client closed the connection'));
    });
    try {
      if (server.closing) throw new HttpError(503, 'shutting_down', 'server is shutting down', { 'Retry-After': '1' });
      guarded = await guardRequest(req, res, server);
      if (guarded === undefined) return;
      const options: CallOptions = {
        caller: guarded.caller,
        signal: aborter.signal,
        transport: 'http',
        ip: guarded.ip ?? clientAddressOf(server.settings)(req),
      };
      await handler(req, res, guarded, options, outcome);
    } catch (error) {
      outcome.error = sendCaughtError(res, error, server.logger);
    }
  };
}

const notFound = (kind: string, name: string): HttpError => new HttpError(404, 'not_found', `unknown ${kind}: ${name}`);

function paramName(req: Request): string {
  const name = req.params['name'];
  return typeof name === 'string' ? name : '';
}

function json(res: Response, body: unknown): void {
  res.status(200).type('application/json').send(JSON.stringify(body));
}

/**
 * Installs the REST routes on `router`.
 *
 * @example
 * const router = express.Router();
 * installRestRoutes(router, server);
 * // curl -X POST localhost:8765/tools/math.add -H 'Content-Type: application/json' -d '{"a":1,"b":2}'
 * // -> {"sum":3}
 */
export const installRestRoutes: RouteInstaller = (router: Router, server: McpServer) => {
  // CORS preflights carry no credentials: the CORS guard answers them before auth would refuse them.
  const preflight = (allow: string) => async (req: Request, res: Response): Promise<void> => {
    try {
      const guarded = await guardRequest(req, res, server, (guard) => !guard.name.startsWith('auth-') && guard.name !== 'rate-limit');
      if (guarded !== undefined) res.status(204).set('Allow', allow).end();
    } catch (error) {
      sendCaughtError(res, error, server.logger);
    }
  };
  router.options(['/tools/:name', '/prompts/:name'], preflight('POST, OPTIONS'));
  router.options(['/resources/:name', '/resource-templates/:name'], preflight('GET, OPTIONS'));

  router.post(
    '/tools/:name',
    route(server, async (req, res, guarded, options, outcome) => {
      const name = paramName(req);
      // Hidden by roles looks exactly like missing (as on /mcp).
      const tool = server.listTools(guarded.caller).find((t) => t.name === name);
      if (tool === undefined) throw notFound('tool', name);
      const input = (await readJsonBody(req, server.settings, guarded.rawBody)) ?? {};
      if (!tool.validateInput(input)) {
        throw new HttpError(400, 'invalid_params', `input of tool ${name} does not match its schema`, {}, -32602, {
          errors: validationErrors(tool.validateInput.errors),
        });
      }
      const result = await server.callTool(name, input, options);
      if (result.isError === true) {
        const first = result.content.find((block) => block.type === 'text');
        outcome.error = 'tool_error';
        sendError(res, 422, {
          code: 'tool_error',
          message: first !== undefined && 'text' in first ? first.text : `tool ${name} reported an error`,
          data: { content: result.content },
        });
        return;
      }
      json(res, tool.outputSchema !== undefined && result.structuredContent !== undefined ? result.structuredContent : result);
    }),
  );

  router.get(
    '/resources/:name',
    route(server, async (req, res, guarded, options) => {
      const name = paramName(req);
      const resource = server.listResources(guarded.caller).find((r) => r.name === name);
      if (resource === undefined) throw notFound('resource', name);
      json(res, await server.readResource(resource.uri, options));
    }),
  );

  const templates = new Map<string, ResourceTemplate>();
  router.get(
    '/resource-templates/:name',
    route(server, async (req, res, guarded, options) => {
      const name = paramName(req);
      const def = server.listResourceTemplates(guarded.caller).find((t) => t.name === name);
      if (def === undefined) throw notFound('resource template', name);
      let template = templates.get(def.uriTemplate);
      if (template === undefined) {
        template = new ResourceTemplate(def.uriTemplate);
        templates.set(def.uriTemplate, template);
      }
      const vars: Record<string, string> = {};
      const missing: string[] = [];
      for (const variable of template.variables) {
        const value = req.query[variable];
        if (typeof value === 'string') vars[variable] = value;
        else if (value === undefined) missing.push(variable);
        else throw new HttpError(400, 'invalid_params', `query parameter ${variable} must be given once, as a plain value`);
      }
      if (missing.length > 0) {
        throw new HttpError(400, 'invalid_params', `missing URI template variable(s): ${missing.join(', ')}`, {}, -32602, { missing });
      }
      // The core matches the URI back to the template, coerces and validates the variables.
      json(res, await server.readResource(template.expand(vars), options));
    }),
  );

  router.post(
    '/prompts/:name',
    route(server, async (req, res, guarded, options) => {
      const name = paramName(req);
      const prompt = server.listPrompts(guarded.caller).find((p) => p.name === name);
      if (prompt === undefined) throw notFound('prompt', name);
      const body = (await readJsonBody(req, server.settings, guarded.rawBody)) ?? {};
      if (body === null || typeof body !== 'object' || Array.isArray(body) || Object.values(body).some((v) => typeof v !== 'string')) {
        throw new HttpError(400, 'invalid_params', `arguments of prompt ${name} must be an object of strings`, {}, -32602);
      }
      json(res, await server.getPrompt(name, body as Record<string, string>, options));
    }),
  );
};
