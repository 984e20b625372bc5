/**
 * The Streamable HTTP endpoint (2025-03-26, 2025-06-18, 2025-11-25, and 2026-07-28 requests) served straight from
 * node:http: guards, then POST (post.ts: JSON or SSE replies), GET (session-streams.ts: the session's SSE stream,
 * resumption with Last-Event-ID; registry-events.ts: the sessionless `curl -N /mcp` stream), DELETE (end the
 * session), OPTIONS. Also the legacy routes `/mcp/list`, `/mcp/call`, `/mcp/batch` (legacy-routes.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError } from '../../middleware/types.js';
import { SERVER_ERROR } from '../../protocol/errors.js';
import { isStatelessVersionHeader } from '../../protocol/rev2026/http.js';
import { REV_2026 as STATELESS_VERSION } from '../../protocol/rev2026/constants.js';
import type { Engine } from '../../server/engine.js';
import { clientAddressOf } from '../../http/client-address/index.js';
import { consumedBody } from './consumed-body.js';
import { Endpoint, httpError } from './endpoint.js';
import { sendErrorBody } from './error-body.js';
import { FinishedRequest } from './finished-request.js';
import { GuardContext, runGuards } from './guards.js';
import { ALLOW, ALLOW_STATELESS, JSON_HEADERS } from './headers.js';
import { handleLegacy } from './legacy-routes.js';
import { servePost } from './post.js';
import { RegistryEvents } from './registry-events.js';
import { SessionStreams } from './session-streams.js';

/** Where an observed response keeps its request's guard view until 'finish' (see `observe`). */
const GUARD_VIEW = Symbol('mcp-gen.guardView');
type ObservedResponse = ServerResponse & { [GUARD_VIEW]?: GuardContext };

/** Which route of the MCP mount a request is for. */
export type McpRoute = 'mcp' | 'list' | 'call' | 'batch';

export interface McpHttpHandler {
  /**
   * Serve one request. `route` says which MCP route it is; `parsedBody` is the body when a body
   * parser already consumed the stream (Express), else the raw body is read here.
   */
  (req: IncomingMessage, res: ServerResponse, route?: McpRoute, parsedBody?: unknown): void;
  /** Close open GET streams and stop keep-alives. */
  close(): void;
}

/** Writes an HTTP error as a JSON-RPC error object (id null) with the machine-readable name in `data.error`. */
export function sendHttpError(res: ServerResponse, err: HttpError): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const data = typeof err.data === 'object' && err.data !== null ? { error: err.code, ...(err.data as object) } : { error: err.code };
  const body = JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: err.rpcCode, message: err.message, data } });
  res.writeHead(err.status, { ...JSON_HEADERS, ...err.headers });
  res.end(body);
}

/**
 * @example
 * const handle = createMcpHttpHandler(engine);
 * http.createServer((req, res) => req.url === '/mcp' ? handle(req, res) : other(req, res));
 */
export function createMcpHttpHandler(engine: Engine): McpHttpHandler {
  const ep = new Endpoint(engine);
  const streams = new SessionStreams(ep, new RegistryEvents(ep));
  const addressOf = clientAddressOf(engine.settings);
  const maxBytes = engine.settings.maxBodyBytes;
  /** A guard checks the body's exact bytes (HMAC): a body a host parser consumed must come with its raw bytes. */
  const exactBodyNeeded = engine.guards.some((g) => g.needsBody === true);
  const observing = engine.observers.some((o) => o.requestDone !== undefined);

  /** One 'finish' listener for every response (no closure per request): the guard view rides on the response. */
  const onFinish = function (this: ServerResponse): void {
    const r = (this as ObservedResponse)[GUARD_VIEW];
    if (r === undefined) return;
    const record = new FinishedRequest(r, performance.now());
    for (const o of engine.observers) {
      try {
        o.requestDone?.(record);
      } catch {
        // observers must not break requests
      }
    }
  };
  const observe = (r: GuardContext): void => {
    r.startedAt = performance.now();
    (r.res as ObservedResponse)[GUARD_VIEW] = r;
    r.res.on('finish', onFinish);
  };

  /**
   * Answer a failure: a JSON-RPC error object on /mcp, `{ error: { code, message } }` on the legacy routes.
   * Headers guards queued (RateLimit-*) go on it too; the error's own headers win on equal names.
   */
  const fail = (r: GuardContext, err: unknown, route: McpRoute = 'mcp'): void => {
    const res = r.res;
    r.applyReplyHeaders();
    const send = route === 'mcp' ? sendHttpError : sendErrorBody;
    if (err instanceof HttpError) {
      r.errorName = err.code;
      // a 500 the runtime names (a configuration fault) is the operator's to fix: say it in the log too
      if (err.status === 500) engine.logger.error({ code: err.code }, err.message);
      send(res, err);
      return;
    }
    engine.logger.error({ err }, 'HTTP request failed');
    r.errorName = 'internal_error';
    send(res, httpError(500, 'internal_error', 'Internal server error', -32603));
  };

  const del = async (r: GuardContext): Promise<void> => {
    if (engine.stateless) throw httpError(405, 'method_not_allowed', 'Method Not Allowed: this server is stateless (no sessions)', SERVER_ERROR, undefined, { allow: ALLOW_STATELESS });
    ep.versionHeader(r);
    const session = (await ep.sessionFor(r, ep.callerOf(r), true))!;
    await engine.sessions.terminate(session);
    r.res.writeHead(200, JSON_HEADERS);
    r.res.end('{}');
  };

  const handler = ((req: IncomingMessage, res: ServerResponse, route: McpRoute = 'mcp', parsedBody?: unknown): void => {
    const path = route === 'mcp' ? '/mcp' : `/mcp/${route}`;
    // /mcp writes guard headers within its own writeHead; the legacy routes set them at once
    const r = new GuardContext(req, res, path, route === 'mcp', addressOf);
    if (observing) observe(r);
    const after = (): void => {
      if (engine.closing) throw httpError(503, 'shutting_down', 'Server is shutting down', SERVER_ERROR, undefined, { connection: 'close' });
      if (route !== 'mcp') {
        handleLegacy(engine, r, route, parsedBody, ep.callerOf(r)).catch((err: unknown) => fail(r, err, route));
        return;
      }
      // only POST replies take guard headers into their own writeHead (PostReply); the rest set them now
      if (r.method !== 'POST') r.applyReplyHeaders();
      switch (r.method) {
        case 'POST':
          servePost(ep, r, parsedBody).catch((err: unknown) => fail(r, err));
          return;
        case 'GET':
        case 'DELETE':
          if (isStatelessVersionHeader(req.headers)) {
            throw httpError(405, 'method_not_allowed', `Method Not Allowed: protocol ${STATELESS_VERSION} has no ${r.method} on /mcp (no sessions, no GET stream)`, SERVER_ERROR, undefined, { allow: ALLOW_STATELESS });
          }
          if (r.method === 'GET') streams.serveGet(r).catch((err: unknown) => fail(r, err));
          else del(r).catch((err: unknown) => fail(r, err));
          return;
        case 'OPTIONS':
          res.writeHead(204, { allow: engine.stateless ? ALLOW_STATELESS : ALLOW });
          res.end();
          return;
        default:
          throw httpError(405, 'method_not_allowed', `Method ${r.method} is not allowed on /mcp`, SERVER_ERROR, undefined, { allow: engine.stateless ? ALLOW_STATELESS : ALLOW });
      }
    };
    try {
      if (parsedBody !== undefined) {
        r.rawBody = consumedBody(req, parsedBody, exactBodyNeeded);
        // a text/raw parser left bytes, not JSON: they are parsed here like an unread body
        if (typeof parsedBody !== 'object' || Buffer.isBuffer(parsedBody)) parsedBody = undefined;
      }
      const g = runGuards(engine.guards, r, maxBytes);
      if (g === undefined) after();
      else if (g !== 'handled') {
        g.then((v) => {
          if (v !== 'handled') after();
        }).catch((err: unknown) => fail(r, err, route));
      }
    } catch (err) {
      fail(r, err, route);
    }
  }) as McpHttpHandler;

  handler.close = () => streams.close();
  return handler;
}
