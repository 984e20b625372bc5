/**
 * What every part of the /mcp endpoint shares: the engine, the open GET streams, and the request checks
 * (protocol version header, session lookup, stream limits) that POST, GET and DELETE all make.
 */
import type { IncomingMessage } from 'node:http';
import type { CallerIdentity } from '../../handler/context.js';
import { HttpError } from '../../middleware/types.js';
import { SERVER_ERROR } from '../../protocol/errors.js';
import { SUPPORTED_REVISIONS, isSupportedRevision } from '../../protocol/revisions.js';
import { REV_2026 as STATELESS_VERSION } from '../../protocol/rev2026/constants.js';
import type { Engine } from '../../server/engine.js';
import type { Session } from '../../server/session.js';
import type { GuardContext } from './guards.js';
import type { SseStream } from './sse-stream.js';

/** An HttpError with the endpoint's argument order (status, name, message, JSON-RPC code, data, headers). */
export function httpError(status: number, code: string, message: string, rpcCode = SERVER_ERROR, data?: unknown, headers: Record<string, string> = {}): HttpError {
  return new HttpError(status, code, message, headers, rpcCode, data);
}

/** A request header's first value. */
export function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function foundSession(found: Session | 'missing' | 'forbidden'): Session {
  if (found === 'missing' || found === 'forbidden') throw httpError(404, 'session_not_found', 'Session not found', -32001);
  return found;
}

/**
 * @example
 * const ep = new Endpoint(engine);
 * const session = await ep.sessionFor(r, ep.callerOf(r), true);
 */
export class Endpoint {
  /** GET streams open on this instance (keep-alives, the streams gauge, close). */
  readonly getStreams = new Set<SseStream>();

  constructor(readonly engine: Engine) {}

  /** The caller the guards identified, else anonymous with the default roles. */
  callerOf(r: GuardContext): CallerIdentity {
    r.caller ??= { id: 'anonymous', roles: this.engine.settings.defaultRoles, scheme: 'none' };
    return r.caller;
  }

  /** The session a non-initialize request names; 400 without the header (when required), 404 when unknown. */
  sessionFor(r: GuardContext, caller: CallerIdentity, required: boolean): Session | undefined | Promise<Session | undefined> {
    const sid = header(r.req, 'mcp-session-id');
    if (sid === undefined || sid === '') {
      if (required) throw httpError(400, 'session_required', 'Bad Request: Mcp-Session-Id header is required', SERVER_ERROR);
      return undefined;
    }
    // Synchronous when this instance holds the session (the common case): no promise, no extra microtask.
    const found = this.engine.sessions.find(sid, caller);
    return found instanceof Promise ? found.then(foundSession) : foundSession(found);
  }

  /** The MCP-Protocol-Version header; 400 naming every served version when it is not one of them. */
  versionHeader(r: GuardContext): string | undefined {
    const v = header(r.req, 'mcp-protocol-version');
    if (v === undefined) return undefined;
    if (!isSupportedRevision(v)) {
      const supported = this.servedVersions();
      throw httpError(400, 'unsupported_protocol_version', `Bad Request: Unsupported protocol version: ${v} (supported versions: ${supported.join(', ')})`, SERVER_ERROR, {
        supported,
      });
    }
    return v;
  }

  /** 429 when the session already holds MCP_MAX_STREAMS_PER_SESSION open SSE streams here. */
  tooManyStreams(session: Session): void {
    const max = this.engine.settings.maxStreamsPerSession;
    if (max > 0 && session.openStreams >= max) {
      throw httpError(429, 'too_many_streams', `Too Many Requests: this session already has ${session.openStreams} open streams (MCP_MAX_STREAMS_PER_SESSION=${max})`, SERVER_ERROR, undefined, { 'retry-after': '1' });
    }
  }

  /** Tell the observers (metrics) how many GET streams are open. */
  gauge(): void {
    for (const o of this.engine.observers) o.gauge?.('streams', this.getStreams.size);
  }

  /** Every version this endpoint serves: the negotiated ones, and the stateless revision when registered. */
  private servedVersions(): string[] {
    const stateless = this.engine.revision(STATELESS_VERSION) !== undefined && !SUPPORTED_REVISIONS.includes(STATELESS_VERSION);
    return [...SUPPORTED_REVISIONS, ...(stateless ? [STATELESS_VERSION] : [])].sort();
  }
}
