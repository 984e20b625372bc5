/**
 * The Streamable HTTP endpoint (2025-03-26, 2025-06-18, 2025-11-25) served straight from node:http:
 * POST (JSON or SSE replies), GET (the session's SSE stream, or resumption with Last-Event-ID),
 * DELETE (end the session), OPTIONS. Also the legacy routes `/mcp/list`, `/mcp/call`, `/mcp/batch`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CallerIdentity } from '../../handler/context.js';
import { assertJsonDepth } from '../../middleware/limits/index.js';
import { HttpError } from '../../middleware/types.js';
import { INVALID_REQUEST, PARSE_ERROR, SERVER_ERROR } from '../../protocol/errors.js';
import { classify } from '../../protocol/jsonrpc.js';
import { SUPPORTED_REVISIONS, isSupportedRevision } from '../../protocol/revisions.js';
import type { JsonRpcResponse } from '../../protocol/types.js';
import type { Engine, StreamMessage } from '../../server/engine.js';
import type { Session } from '../../server/session.js';
import type { MessageContext } from '../../server/types.js';
import { clientAddressOf } from '../../http/client-address/index.js';
import { FinishedRequest } from './finished-request.js';
import { GuardContext, ensureBody, runGuards } from './guards.js';
import { ALLOW, ALLOW_STATELESS, JSON_HEADERS, accepts, isJsonContentType } from './headers.js';
import { PostReply } from './post-reply.js';
import { SseStream } from './sse-stream.js';
import { RemoteTail } from './remote-tail.js';
import { sseEvent } from './sse.js';
import { handleLegacy } from './legacy-routes.js';
import { sendErrorBody } from './error-body.js';
import { consumedBody } from './consumed-body.js';
import { isStatelessRequest, isStatelessVersionHeader, serveStatelessPost } from '../../protocol/rev2026/http.js';
import { REV_2026 as STATELESS_VERSION } from '../../protocol/rev2026/constants.js';

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

const KEEPALIVE_MS = 15_000;
/** What a sessionless registry-event stream carries. */
const LIST_CHANGED: ReadonlySet<string> = new Set(['notifications/tools/list_changed', 'notifications/resources/list_changed', 'notifications/prompts/list_changed']);

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

function httpError(status: number, code: string, message: string, rpcCode = SERVER_ERROR, data?: unknown, headers: Record<string, string> = {}): HttpError {
  return new HttpError(status, code, message, headers, rpcCode, data);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * @example
 * const handle = createMcpHttpHandler(engine);
 * http.createServer((req, res) => req.url === '/mcp' ? handle(req, res) : other(req, res));
 */
export function createMcpHttpHandler(engine: Engine): McpHttpHandler {
  const addressOf = clientAddressOf(engine.settings);
  const getStreams = new Set<SseStream>();
  /** Session of each open GET stream: an open stream keeps its session alive. */
  const owners = new WeakMap<SseStream, Session>();
  const keepalive = setInterval(() => {
    for (const s of getStreams) {
      s.comment('keep-alive');
      const owner = owners.get(s);
      if (owner !== undefined && s.attached) engine.sessions.seen(owner);
    }
  }, KEEPALIVE_MS);
  keepalive.unref();
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

  const callerOf = (r: GuardContext): CallerIdentity => {
    r.caller ??= { id: 'anonymous', roles: engine.settings.defaultRoles, scheme: 'none' };
    return r.caller;
  };

  const handler = ((req: IncomingMessage, res: ServerResponse, route: McpRoute = 'mcp', parsedBody?: unknown): void => {
    const path = route === 'mcp' ? '/mcp' : `/mcp/${route}`;
    // /mcp writes guard headers within its own writeHead; the legacy routes set them at once
    const r = new GuardContext(req, res, path, route === 'mcp', addressOf);
    if (observing) observe(r);
    const after = (): void => {
      if (engine.closing) throw httpError(503, 'shutting_down', 'Server is shutting down', SERVER_ERROR, undefined, { connection: 'close' });
      if (route !== 'mcp') {
        handleLegacy(engine, r, route, parsedBody, callerOf(r)).catch((err: unknown) => fail(r, err, route));
        return;
      }
      // only POST replies take guard headers into their own writeHead (PostReply); the rest set them now
      if (r.method !== 'POST') r.applyReplyHeaders();
      switch (r.method) {
        case 'POST':
          post(r, parsedBody).catch((err: unknown) => fail(r, err));
          return;
        case 'GET':
        case 'DELETE':
          if (isStatelessVersionHeader(req.headers)) {
            throw httpError(405, 'method_not_allowed', `Method Not Allowed: protocol ${STATELESS_VERSION} has no ${r.method} on /mcp (no sessions, no GET stream)`, SERVER_ERROR, undefined, { allow: ALLOW_STATELESS });
          }
          if (r.method === 'GET') get(r).catch((err: unknown) => fail(r, err));
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

  /** The session a non-initialize request names; 400 without the header, 404 when unknown. */
  const sessionFor = (r: GuardContext, caller: CallerIdentity, required: boolean): Session | undefined | Promise<Session | undefined> => {
    const sid = header(r.req, 'mcp-session-id');
    if (sid === undefined || sid === '') {
      if (required) throw httpError(400, 'session_required', 'Bad Request: Mcp-Session-Id header is required', SERVER_ERROR);
      return undefined;
    }
    // Synchronous when this instance holds the session (the common case): no promise, no extra microtask.
    const found = engine.sessions.find(sid, caller);
    return found instanceof Promise ? found.then(foundSession) : foundSession(found);
  };
  const foundSession = (found: Session | 'missing' | 'forbidden'): Session => {
    if (found === 'missing' || found === 'forbidden') throw httpError(404, 'session_not_found', 'Session not found', -32001);
    return found;
  };

  /**
   * initialize could not open its session because the shared store is down or the server is full:
   * answer HTTP 503 (with the JSON-RPC error as body) so clients and balancers see an outage, not a 200.
   */
  const unavailable = (out: JsonRpcResponse | undefined): void => {
    const error = out !== undefined && 'error' in out ? out.error : undefined;
    const code = (error?.data as { error?: unknown } | undefined)?.error;
    if (error === undefined || (code !== 'store_unavailable' && code !== 'too_many_sessions')) return;
    throw httpError(503, code, error.message, error.code, undefined, { 'retry-after': '1' });
  };

  /** Every version this endpoint serves: the negotiated ones, and the stateless revision when registered. */
  const servedVersions = (): string[] => [...SUPPORTED_REVISIONS, ...(engine.revision(STATELESS_VERSION) !== undefined && !SUPPORTED_REVISIONS.includes(STATELESS_VERSION) ? [STATELESS_VERSION] : [])].sort();
  const versionHeader = (r: GuardContext): string | undefined => {
    const v = header(r.req, 'mcp-protocol-version');
    if (v === undefined) return undefined;
    if (!isSupportedRevision(v)) {
      const supported = servedVersions();
      throw httpError(400, 'unsupported_protocol_version', `Bad Request: Unsupported protocol version: ${v} (supported versions: ${supported.join(', ')})`, SERVER_ERROR, {
        supported,
      });
    }
    return v;
  };

  const post = async (r: GuardContext, parsedBody: unknown): Promise<void> => {
    const { req, res } = r;
    const acc = accepts(header(req, 'accept'));
    if (!acc.json || !acc.sse) throw httpError(406, 'not_acceptable', 'Not Acceptable: Client must accept both application/json and text/event-stream');
    let message: unknown;
    if (parsedBody !== undefined && typeof parsedBody === 'object') {
      // a host parser read it (mounted router): the same depth limit, on the bytes it came from
      if (r.rawBody !== undefined) assertJsonDepth(r.rawBody, engine.settings.maxJsonDepth);
      message = parsedBody;
    } else {
      if (!isJsonContentType(header(req, 'content-type'))) throw httpError(415, 'unsupported_media_type', 'Unsupported Media Type: Content-Type must be application/json');
      const raw = await ensureBody(r, maxBytes);
      assertJsonDepth(raw, engine.settings.maxJsonDepth);
      try {
        message = JSON.parse(raw.toString('utf8'));
      } catch {
        throw httpError(400, 'parse_error', 'Parse error: the body is not valid JSON', PARSE_ERROR);
      }
    }
    const caller = callerOf(r);
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
    const headerVersion = versionHeader(r);
    let session: Session | undefined;
    if (!engine.stateless && !isInit) {
      const found = sessionFor(r, caller, !legacyOnly);
      session = found instanceof Promise ? await found : found;
    }
    const version = headerVersion ?? session?.protocolVersion ?? '2025-03-26';
    if (batch && version !== '2025-03-26') {
      throw httpError(400, 'invalid_request', `Invalid Request: JSON-RPC batches are not supported in protocol ${version}`, INVALID_REQUEST);
    }
    if (session !== undefined && hasRequest) tooManyStreams(session);
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
  };

  const get = async (r: GuardContext): Promise<void> => {
    const { req, res } = r;
    if (engine.stateless) throw httpError(405, 'method_not_allowed', 'Method Not Allowed: this server is stateless (no GET stream)', SERVER_ERROR, undefined, { allow: ALLOW_STATELESS });
    if (!accepts(header(req, 'accept')).sse) throw httpError(406, 'not_acceptable', 'Not Acceptable: Client must accept text/event-stream');
    versionHeader(r);
    const lastEventId = header(req, 'last-event-id');
    const sid = header(req, 'mcp-session-id');
    if ((sid === undefined || sid === '') && (lastEventId === undefined || lastEventId === '')) {
      // flask-mcp-server's `curl -N /mcp`: a sessionless stream of registry change events
      openRegistryEvents(r);
      return;
    }
    const session = (await sessionFor(r, callerOf(r), true))!;
    // the GET stream carries notifications only once initialized: make sure a change made elsewhere is known
    if (!session.initialized) await engine.initializedElsewhere(session);
    if (lastEventId !== undefined && lastEventId !== '') {
      resume(r, session, lastEventId);
      return;
    }
    const existing = session.getStream;
    if (existing instanceof SseStream && existing.attached && !existing.closed) {
      throw httpError(409, 'conflict', 'Conflict: Only one SSE stream is allowed per session');
    }
    existing?.close();
    tooManyStreams(session);
    const stream = holdGetStream(session, res);
    stream.open(res, undefined, ': stream opened\n\n');
    if (stream.resumable) engine.releaseGetStreamElsewhere(session.id);
    gauge();
  };

  /** Open sessionless registry-event streams, per principal (anonymous callers: per ip), and in all. */
  const registryStreamsBy = new Map<string, number>();
  let registryStreamCount = 0;

  /**
   * A GET without a session (the reference's `curl -N /mcp`): an `event: hello` first (MCP clients only
   * read `message` events), then `notifications/{tools,resources,prompts}/list_changed` as plain SSE
   * messages. Not resumable, never carries requests or responses. Bounded: MCP_MAX_STREAMS_PER_SESSION
   * per principal (or per ip for anonymous callers) and MCP_MAX_SESSIONS in all (429 `too_many_streams`).
   */
  const openRegistryEvents = (r: GuardContext): void => {
    const caller = callerOf(r);
    const key = caller.scheme === 'none' || caller.id === 'anonymous' ? `ip:${r.ip}` : `id:${caller.id}`;
    const held = registryStreamsBy.get(key) ?? 0;
    const max = engine.settings.maxStreamsPerSession;
    const total = engine.settings.maxSessions;
    if ((max > 0 && held >= max) || (total > 0 && registryStreamCount >= total)) {
      const why = max > 0 && held >= max ? `${held} registry event streams are open for this client (MCP_MAX_STREAMS_PER_SESSION=${max})` : `${registryStreamCount} registry event streams are open (MCP_MAX_SESSIONS=${total})`;
      throw httpError(429, 'too_many_streams', `Too Many Requests: ${why}`, SERVER_ERROR, undefined, { 'retry-after': '1' });
    }
    registryStreamsBy.set(key, held + 1);
    registryStreamCount++;
    const tap = (message: object): void => {
      const method = (message as { method?: unknown }).method;
      if (typeof method === 'string' && LIST_CHANGED.has(method)) stream.send(message);
    };
    const stream: SseStream = new SseStream({
      retryMs: engine.sseRetryMs,
      onDone: () => {
        engine.notificationTaps.delete(tap);
        getStreams.delete(stream);
        registryStreamCount--;
        const left = (registryStreamsBy.get(key) ?? 1) - 1;
        if (left > 0) registryStreamsBy.set(key, left);
        else registryStreamsBy.delete(key);
        gauge();
      },
    });
    const hello = { server: { name: engine.info.name, version: engine.info.version }, stream: 'registry-events', events: [...LIST_CHANGED] };
    stream.open(r.res, undefined, sseEvent(JSON.stringify(hello), undefined, 'hello'));
    engine.notificationTaps.add(tap);
    getStreams.add(stream);
    gauge();
  };

  /** Make this instance the holder of the session's GET stream (`<session>.g`), served on `res`. */
  const holdGetStream = (session: Session, res: ServerResponse): SseStream => {
    const resumable = session.protocolVersion >= '2025-11-25';
    const streamId = `${session.id}.g`;
    const stream: SseStream = new SseStream({
      ...(resumable ? { store: engine.stores.events, streamId } : {}),
      retryMs: engine.sseRetryMs,
      onError: (err) => engine.logger.warn({ err }, 'SSE event store failed'),
      onDone: () => {
        getStreams.delete(stream);
        session.openStreams--;
        if (session.getStream === stream) session.getStream = undefined;
        gauge();
      },
    });
    session.openStreams++;
    session.getStream = stream;
    getStreams.add(stream);
    owners.set(stream, session);
    res.once('close', () => {
      // a resumable stream stays registered (events are stored for the client's return) but stops keep-alives
      if (stream.resumable) getStreams.delete(stream);
      gauge();
    });
    return stream;
  };

  const resume = (r: GuardContext, session: Session, lastEventId: string): void => {
    const cut = lastEventId.lastIndexOf('_');
    const streamId = cut > 0 ? lastEventId.slice(0, cut) : '';
    if (!session.ownsStream(streamId)) throw httpError(400, 'invalid_last_event_id', 'Bad Request: Last-Event-ID does not belong to this session', SERVER_ERROR);
    const local = streamId === `${session.id}.g` ? session.getStream : session.streams?.get(streamId);
    if (local instanceof SseStream) {
      if (streamId === `${session.id}.g`) {
        getStreams.add(local);
        engine.releaseGetStreamElsewhere(session.id);
      }
      local.resume(r.res, lastEventId);
      // a copy of this POST stream followed elsewhere (an earlier resume there) must stop: one stream, one connection
      if (streamId !== `${session.id}.g`) engine.publishStream({ k: 'take', s: session.id, stream: streamId });
      return;
    }
    if (streamId === `${session.id}.g` && session.protocolVersion >= '2025-11-25') {
      // The GET stream was held by another instance (several instances on Redis; it may have died):
      // take it over here - replay what the client missed from the shared event store, then go on live.
      holdGetStream(session, r.res).resume(r.res, lastEventId);
      engine.releaseGetStreamElsewhere(session.id);
      gauge();
      return;
    }
    // A POST stream not held here (its request runs on another instance, or it finished): take it over -
    // replay from the shared event store, then follow what the running instance stores next.
    followRemote(session, streamId, r.res, lastEventId);
  };

  /** POST streams resumed here while another instance runs their request, by stream id. */
  const followers = new Map<string, RemoteTail>();

  const followRemote = (session: Session, streamId: string, res: ServerResponse, lastEventId: string): void => {
    followers.get(streamId)?.finish();
    session.openStreams++;
    const follower: RemoteTail = new RemoteTail(res, lastEventId, {
      store: engine.stores.events,
      streamId,
      onError: (err) => engine.logger.warn({ err }, 'SSE event store failed'),
      onDone: () => {
        session.openStreams--;
        if (followers.get(streamId) === follower) followers.delete(streamId);
        gauge();
      },
    });
    followers.set(streamId, follower);
    // announce first, then read: an event stored in between is announced by a `tail` poke
    engine.publishStream({ k: 'take', s: session.id, stream: streamId });
    // issued here but no longer held: it completed, the store has all of it
    follower.pull(session.issuedHere(streamId));
    gauge();
  };

  /** Another instance took a POST stream over, or stored new events of one this instance follows. */
  const onStreamMessage = (m: StreamMessage): void => {
    if (m.k === 'tail') {
      followers.get(m.stream)?.pull(m.end === true);
      return;
    }
    // take: whoever delivered the stream here stops; the instance running its request pokes the new holder
    followers.get(m.stream)?.finish();
    const session = engine.sessions.local.get(m.s);
    if (session === undefined) return;
    const held = session.streams?.get(m.stream);
    if (held instanceof SseStream) {
      held.tail = (end) => engine.publishStream({ k: 'tail', s: m.s, stream: m.stream, end });
      held.closeConnection();
    } else if (session.issuedHere(m.stream)) {
      // it already completed here (its events are all stored): the new holder can finish
      engine.publishStream({ k: 'tail', s: m.s, stream: m.stream, end: true });
    }
  };
  engine.streamListeners.add(onStreamMessage);
  // `tail` pokes published while the bus was down were lost: re-read every followed stream at once
  // instead of at its next periodic check.
  const pullFollowers = (): void => {
    for (const f of followers.values()) f.pull();
  };
  engine.busReconnectHooks.add(pullFollowers);

  const del = async (r: GuardContext): Promise<void> => {
    if (engine.stateless) throw httpError(405, 'method_not_allowed', 'Method Not Allowed: this server is stateless (no sessions)', SERVER_ERROR, undefined, { allow: ALLOW_STATELESS });
    versionHeader(r);
    const session = (await sessionFor(r, callerOf(r), true))!;
    await engine.sessions.terminate(session);
    r.res.writeHead(200, JSON_HEADERS);
    r.res.end('{}');
  };

  /** 429 when the session already holds MCP_MAX_STREAMS_PER_SESSION open SSE streams here. */
  const tooManyStreams = (session: Session): void => {
    const max = engine.settings.maxStreamsPerSession;
    if (max > 0 && session.openStreams >= max) {
      throw httpError(429, 'too_many_streams', `Too Many Requests: this session already has ${session.openStreams} open streams (MCP_MAX_STREAMS_PER_SESSION=${max})`, SERVER_ERROR, undefined, { 'retry-after': '1' });
    }
  };

  const gauge = (): void => {
    for (const o of engine.observers) o.gauge?.('streams', getStreams.size);
  };

  handler.close = () => {
    clearInterval(keepalive);
    engine.streamListeners.delete(onStreamMessage);
    engine.busReconnectHooks.delete(pullFollowers);
    for (const f of [...followers.values()]) f.finish();
    for (const s of getStreams) s.close();
    getStreams.clear();
  };
  return handler;
}
