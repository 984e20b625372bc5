/**
 * POST /mcp: one JSON-RPC message or a 2025-03-26 batch, answered with JSON or an SSE stream (PostReply), or
 * 202 for notifications and responses only; a 2026-07-28 request (its own envelope, no session) goes to that
 * revision's handler.
 */
import { assertJsonDepth } from '../../middleware/limits/index.js';
import { INVALID_REQUEST, PARSE_ERROR } from '../../protocol/errors.js';
import { classify } from '../../protocol/jsonrpc.js';
import type { JsonRpcResponse } from '../../protocol/types.js';
import { isStatelessRequest, serveStatelessPost } from '../../protocol/rev2026/http.js';
import type { Session } from '../../server/session.js';
import type { MessageContext } from '../../server/types.js';
import { type Endpoint, header, httpError } from './endpoint.js';
import { type GuardContext, chargeBatch, ensureBody } from './guards.js';
import { accepts, isJsonContentType } from './headers.js';
import { PostReply } from './post-reply.js';

/** Most messages in one JSON-RPC batch (2025-03-26), and calls in one legacy `/mcp/batch`. */
export const MAX_BATCH = 100;

/**
 * @param parsedBody the body when a host app's parser already read it (mounted router), else undefined
 * @example
 * servePost(ep, r, undefined).catch((err) => fail(r, err));
 */
export async function servePost(ep: Endpoint, r: GuardContext, parsedBody: unknown): Promise<void> {
  const { engine } = ep;
  const { req, res } = r;
  const acc = accepts(header(req, 'accept'));
  if (!acc.json || !acc.sse) throw httpError(406, 'not_acceptable', 'Not Acceptable: Client must accept both application/json and text/event-stream');
  let message: unknown;
  if (parsedBody !== undefined && typeof parsedBody === 'object') {
    message = parsedFrom(ep, r, parsedBody);
  } else {
    if (!isJsonContentType(header(req, 'content-type'))) throw httpError(415, 'unsupported_media_type', 'Unsupported Media Type: Content-Type must be application/json');
    message = parseBody(ep, await ensureBody(r, engine.settings.maxBodyBytes));
  }
  const caller = ep.callerOf(r);
  if (isStatelessRequest(req.headers, message)) {
    // 2026-07-28: the request carries its own envelope (no session, no initialize)
    const m = (message as { method?: unknown }).method;
    if (typeof m === 'string') r.rpcMethod = m;
    r.applyReplyHeaders();
    await serveStatelessPost(engine, req, res, message, caller, r.ip);
    return;
  }
  const batch = Array.isArray(message);
  const messages: unknown[] = batch ? (message as unknown[]) : [message];
  if (batch && messages.length === 0) throw httpError(400, 'invalid_request', 'Invalid Request: empty batch', INVALID_REQUEST);
  if (batch && messages.length > MAX_BATCH) throw httpError(400, 'invalid_request', `Invalid Request: a JSON-RPC batch holds at most ${MAX_BATCH} messages`, INVALID_REQUEST);
  let hasRequest = false;
  let isInit = false;
  let legacyOnly = true;
  for (const m of messages) {
    const c = classify(m);
    if (c.kind === 'request' || c.kind === 'invalid') hasRequest = true;
    // only the reference's mcp.* methods may come without a session; responses always need one
    if (!((c.kind === 'request' || c.kind === 'notification') && c.method.startsWith('mcp.'))) legacyOnly = false;
    if (c.kind === 'request' && c.method === 'initialize') isInit = true;
    if (c.kind === 'request' || c.kind === 'notification') r.rpcMethod = c.method;
  }
  if (isInit && batch) throw httpError(400, 'invalid_request', 'Invalid Request: initialize must not be part of a JSON-RPC batch', INVALID_REQUEST);
  const headerVersion = ep.versionHeader(r);
  let session: Session | undefined;
  if (!engine.stateless && !isInit) {
    const found = ep.sessionFor(r, caller, !legacyOnly);
    session = found instanceof Promise ? await found : found;
  }
  const version = headerVersion ?? session?.protocolVersion ?? '2025-03-26';
  if (batch && version !== '2025-03-26') {
    throw httpError(400, 'invalid_request', `Invalid Request: JSON-RPC batches are not supported in protocol ${version}`, INVALID_REQUEST);
  }
  if (batch && messages.length > 1) {
    // a batch of N counts N requests against the rate limit before any of them runs
    const charged = chargeBatch(engine.guards, r, messages.length);
    if (charged !== undefined) await charged;
  }
  if (session !== undefined && hasRequest) ep.tooManyStreams(session);
  const reply = hasRequest ? new PostReply(engine, res, session, version, true, r) : undefined;
  const context: MessageContext = {
    transport: 'http',
    caller,
    ip: r.ip,
    protocolVersion: version,
    session,
    outbound: reply,
    headers: req.headers,
  };
  if (reply === undefined) {
    for (const m of messages) await engine.handleMessage(m, context);
    r.applyReplyHeaders();
    res.writeHead(202);
    res.end();
    return;
  }
  const force = engine.sseReplies === 'always';
  if (!batch) {
    if (force && !isInit) reply.preferSse();
    const out = await engine.handleMessage(message, context);
    if (isInit && context.session === undefined) unavailable(out);
    if (isInit && context.session !== undefined) reply.sessionHeader = context.session.id;
    if (force && !reply.streaming && out !== undefined) reply.preferSse();
    if (out === undefined) reply.finishEmpty();
    else reply.finish(out);
    return;
  }
  if (force) reply.preferSse();
  const outs = await Promise.all(messages.map((m) => engine.handleMessage(m, context)));
  const responses = outs.filter((o): o is JsonRpcResponse => o !== undefined);
  if (responses.length === 0) reply.finishEmpty();
  else reply.finish(responses);
}

/** A body a host parser read (mounted router): the same depth limit, on the bytes it came from. */
function parsedFrom(ep: Endpoint, r: GuardContext, parsed: unknown): unknown {
  if (r.rawBody !== undefined) assertJsonDepth(r.rawBody, ep.engine.settings.maxJsonDepth);
  return parsed;
}

/** The body as JSON: 400 `json_too_deep` past MCP_MAX_JSON_DEPTH, -32700 when it does not parse. */
function parseBody(ep: Endpoint, raw: Buffer): unknown {
  assertJsonDepth(raw, ep.engine.settings.maxJsonDepth);
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw httpError(400, 'parse_error', 'Parse error: the body is not valid JSON', PARSE_ERROR);
  }
}

/**
 * initialize could not open its session because the shared store is down or the server is full:
 * answer HTTP 503 (with the JSON-RPC error as body) so clients and balancers see an outage, not a 200.
 */
function unavailable(out: JsonRpcResponse | undefined): void {
  const error = out !== undefined && 'error' in out ? out.error : undefined;
  const code = (error?.data as { error?: unknown } | undefined)?.error;
  if (error === undefined || (code !== 'store_unavailable' && code !== 'too_many_sessions')) return;
  throw httpError(503, code, error.message, error.code, undefined, { 'retry-after': '1' });
}
