/**
 * Streamable HTTP for 2026-07-28: one POST per request, no session, no GET stream. The envelope is
 * checked before dispatch (headers against body, `_meta`, version); the reply is JSON unless the
 * handler streams related notifications, then SSE; closing the response stream cancels the request.
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { CallerIdentity } from '../../handler/context.js';
import { INVALID_REQUEST, RpcError } from '../errors.js';
import { classify, failure } from '../jsonrpc.js';
import type { JsonRpcResponse, RequestId } from '../types.js';
import type { Engine } from '../../server/engine.js';
import { CancelledError } from '../../server/session.js';
import type { MessageContext, Outbound } from '../../server/types.js';
import { SseStream } from '../../transport/http/sse-stream.js';
import { META_PROTOCOL_VERSION } from './constants.js';
import { STATELESS_VERSIONS } from './discover.js';
import { declaredVersion, readEnvelope } from './envelope.js';
import { EnvelopeError, headerMismatch, httpStatusOf, unsupportedVersion } from './errors.js';
import { checkRoutingHeaders, headerValue } from './headers.js';

/** Revisions that use sessions and `initialize`; a request naming one of them is 2025 traffic. */
const SESSION_ERA = /^20(24|25)-\d\d-\d\d$/;

/**
 * True when a POST belongs to the stateless revision: no session id, and the body declares a
 * protocol version in `_meta`, or the version header names a supported stateless version.
 *
 * @example
 * isStatelessRequest({ 'mcp-protocol-version': '2026-07-28' }, { jsonrpc: '2.0', id: 1, method: 'tools/list' }); // true
 */
export function isStatelessRequest(headers: IncomingHttpHeaders, message: unknown): boolean {
  if (headers['mcp-session-id'] !== undefined) return false;
  if (Array.isArray(message)) return false;
  if (declaredVersion(message) !== undefined) return true;
  // Without `_meta`, only a supported stateless version in the header makes it one; any other unknown
  // version stays on the session path, which answers 400 unsupported_protocol_version like the reference.
  const hv = headerValue(headers, 'mcp-protocol-version');
  return hv !== undefined && !SESSION_ERA.test(hv) && STATELESS_VERSIONS.includes(hv);
}

/** True when a GET/DELETE names the stateless revision (answered 405: it has neither). */
export function isStatelessVersionHeader(headers: IncomingHttpHeaders): boolean {
  const hv = headerValue(headers, 'mcp-protocol-version');
  return hv !== undefined && STATELESS_VERSIONS.includes(hv);
}

const JSON_TYPE = { 'content-type': 'application/json' } as const;

/** Comment lines on long SSE replies (listen streams, slow calls) so idle proxies keep them open. */
const KEEPALIVE_MS = 15_000;

/** The reply of one stateless POST: JSON, or SSE from the first related message on. */
class StatelessReply implements Outbound {
  private sse: SseStream | undefined;
  private keepalive: NodeJS.Timeout | undefined;
  done = false;

  constructor(
    private readonly res: ServerResponse,
    private readonly retryMs: number,
  ) {
    res.once('close', () => this.stopKeepalive());
  }

  send(message: object): void {
    if (this.done) return;
    if (this.sse === undefined) {
      const sse = new SseStream({ retryMs: this.retryMs });
      sse.open(this.res);
      this.sse = sse;
      this.keepalive = setInterval(() => sse.comment('keep-alive'), KEEPALIVE_MS);
      this.keepalive.unref();
    }
    this.sse.send(message);
  }

  private stopKeepalive(): void {
    if (this.keepalive !== undefined) clearInterval(this.keepalive);
    this.keepalive = undefined;
  }

  finish(body: JsonRpcResponse, status: number): void {
    if (this.done) return;
    this.done = true;
    this.stopKeepalive();
    if (this.sse !== undefined) {
      this.sse.complete([body]);
      return;
    }
    if (this.res.destroyed) return;
    this.res.writeHead(status, JSON_TYPE);
    this.res.end(JSON.stringify(body));
  }

  finishEmpty(status: number): void {
    if (this.done) return;
    this.done = true;
    this.stopKeepalive();
    if (this.sse !== undefined) this.sse.complete([]);
    else if (!this.res.destroyed) {
      this.res.writeHead(status);
      this.res.end();
    }
  }
}

function sendError(res: ServerResponse, id: RequestId | null, err: RpcError, status: number): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.writeHead(status, JSON_TYPE);
  res.end(JSON.stringify(failure(id, err.code, err.message, err.data)));
}

/**
 * Check the envelope of a stateless request before it is dispatched. Order: version header present,
 * `_meta` complete, header equals `_meta`, version supported, routing headers match the body.
 */
export function checkEnvelope(headers: IncomingHttpHeaders, method: string, params: Record<string, unknown> | undefined): void {
  const hv = headerValue(headers, 'mcp-protocol-version');
  if (hv === undefined || hv === '') throw headerMismatch('the MCP-Protocol-Version header is required', { header: 'MCP-Protocol-Version' });
  const env = readEnvelope(params);
  if (hv !== env.protocolVersion) {
    throw headerMismatch(`MCP-Protocol-Version "${hv}" does not match params._meta["${META_PROTOCOL_VERSION}"] "${env.protocolVersion}"`, { header: 'MCP-Protocol-Version' });
  }
  if (!STATELESS_VERSIONS.includes(env.protocolVersion)) throw unsupportedVersion(env.protocolVersion, STATELESS_VERSIONS);
  checkRoutingHeaders(headers, method, params);
}

/**
 * Serve one stateless POST whose body is already parsed. Guards (origin, auth, rate limit) ran before.
 *
 * @example
 * if (isStatelessRequest(req.headers, body)) return serveStatelessPost(engine, req, res, body, caller, ip);
 */
export async function serveStatelessPost(engine: Engine, req: IncomingMessage, res: ServerResponse, message: unknown, caller: CallerIdentity, ip: string | undefined): Promise<void> {
  const c = classify(message);
  if (c.kind === 'invalid' || c.kind === 'response') {
    const id = c.kind === 'invalid' ? c.id : c.id;
    sendError(res, id, new RpcError(INVALID_REQUEST, c.kind === 'invalid' ? `Invalid Request: ${c.reason}` : 'Invalid Request: the 2026-07-28 revision has no server-to-client requests to answer'), 400);
    return;
  }
  const id = c.kind === 'request' ? c.id : null;
  if (c.kind === 'request') {
    try {
      checkEnvelope(req.headers, c.method, c.params);
    } catch (err) {
      if (err instanceof EnvelopeError) {
        sendError(res, id, err, httpStatusOf(err.code, true));
        return;
      }
      throw err;
    }
  }
  const controller = new AbortController();
  const reply = new StatelessReply(res, engine.sseRetryMs);
  // Closing the response stream before the reply is the client's cancellation (2026-07-28).
  res.once('close', () => {
    if (!reply.done) controller.abort(new CancelledError('the client closed the response stream'));
  });
  const context: MessageContext = {
    transport: 'http',
    caller,
    ip,
    protocolVersion: c.kind === 'request' ? readEnvelope(c.params).protocolVersion : STATELESS_VERSIONS[0]!,
    session: undefined,
    outbound: reply,
    headers: req.headers,
    signal: controller.signal,
  };
  const out = await engine.handleMessage(message, context);
  if (c.kind === 'notification' || out === undefined) {
    reply.finishEmpty(202);
    return;
  }
  const status = 'error' in out ? httpStatusOf(out.error.code, false) : 200;
  reply.finish(out, status);
}
