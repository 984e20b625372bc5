/**
 * The middleware contract. Two layers, both ordered arrays the user can extend:
 * - HTTP guards run once per HTTP request before the body is parsed (origin, CORS, auth, rate limit, size).
 *   They are synchronous where they can be: the hot path pays one call each, no promise.
 * - Call middleware wraps each JSON-RPC request dispatch (roles, per-element rate limit, cache, timeout, metrics).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CallerIdentity } from '../handler/context.js';

/** The HTTP request as guards see it. `rawBody` is set for guards with `needsBody`. */
export interface GuardRequest {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  /** Path relative to the MCP mount (e.g. `/mcp`, `/mcp/call`, `/tools/math.add`). */
  readonly path: string;
  readonly method: string;
  readonly ip: string;
  /** Raw request body (only for guards declaring `needsBody`). */
  rawBody?: Buffer;
  /** The caller, once an auth guard has identified it. */
  caller?: CallerIdentity;
  /** Request id for logs (from `X-Request-Id` or generated). */
  readonly requestId: string;
  /**
   * Adds a header to whatever answer this request gets (success, error, stream). Prefer it to
   * `res.setHeader`: on /mcp the transport writes queued headers within its own `writeHead`, which keeps
   * node's fast path (a `setHeader` before it costs every reply a header merge). The same name again
   * (case-insensitive) replaces the value. Absent on hand-built requests: fall back to `res.setHeader`.
   *
   * @example
   * check(r) { setReplyHeader(r, 'X-Served-By', 'edge-1'); } // uses replyHeader when present
   */
  replyHeader?(name: string, value: string): void;
}

/**
 * Adds a reply header from a guard: through {@link GuardRequest.replyHeader} when the transport offers it,
 * else `res.setHeader` (hand-built requests, older transports).
 *
 * @example
 * const stamp: HttpGuard = { name: 'stamp', check: (r) => setReplyHeader(r, 'X-Served-By', 'edge-1') };
 */
export function setReplyHeader(r: GuardRequest, name: string, value: string): void {
  if (r.replyHeader !== undefined) r.replyHeader(name, value);
  else r.res.setHeader(name, value);
}

/**
 * An HTTP guard. Throw {@link HttpError} to reject; return a promise only when you must wait.
 *
 * @example
 * const denyTrace: HttpGuard = { name: 'no-trace', check: (r) => { if (r.method === 'TRACE') throw new HttpError(405, 'method_not_allowed', 'TRACE is not allowed'); } };
 */
export interface HttpGuard {
  readonly name: string;
  /** Set when the guard needs the raw body (HMAC signatures); the body is read before it runs. */
  readonly needsBody?: boolean;
  /**
   * Return `'handled'` when the guard answered the request itself (e.g. a CORS preflight). Such a guard writes
   * its own headers: what earlier guards queued with `replyHeader` is written only by the transport's answers.
   */
  check(request: GuardRequest): void | 'handled' | Promise<void | 'handled'>;
  /**
   * Called by the transport once a request turned out to carry `calls` > 1 calls (a 2025-03-26 JSON-RPC batch,
   * the legacy `/mcp/batch`), after every guard's `check` passed and before any call runs: a guard that counts
   * requests charges the other `calls - 1` here. Throw (or reject) to refuse the whole batch. Costs nothing for
   * single messages, which never reach it.
   */
  chargeBatch?(request: GuardRequest, calls: number): void | Promise<void>;
}

/** An HTTP rejection with a machine-readable error name (the reference's codes: `invalid_api_key`, ...). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
    /** JSON-RPC error code to use when the reply is a JSON-RPC error object. */
    readonly rpcCode: number = -32000,
    readonly data?: unknown,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** What call middleware sees of one JSON-RPC request. */
export interface CallInfo {
  readonly method: string;
  readonly params: Record<string, unknown> | undefined;
  readonly caller: CallerIdentity;
  /** The element the call targets (tool/prompt/resource name), when there is one. */
  readonly target?: { readonly kind: 'tool' | 'resource' | 'resourceTemplate' | 'prompt'; readonly name: string; readonly policy: import('../registry/types.js').ElementPolicy };
  readonly transport: 'http' | 'stdio';
  readonly ip: string | undefined;
  readonly signal: AbortSignal;
  /** Aborts the handler's signal (timeouts); the core provides it, middleware may call it. */
  readonly abort?: (reason?: unknown) => void;
}

/** Wraps one dispatch; call `next()` to continue, or return/throw without calling it. */
export type CallMiddleware = (call: CallInfo, next: () => Promise<unknown>) => Promise<unknown>;

/** Mark of a call middleware that also takes a plain value from `next` (see {@link acceptsSyncNext}). */
export const SYNC_NEXT: unique symbol = Symbol('mcp-gen.syncNext');

/**
 * Marks a built-in call middleware whose `next()` may return the result itself when the handler finished
 * without awaiting (the common tool call): no promise per layer and no timer for a call that is already over.
 * The engine gives unmarked middleware (yours) a promise from `next()`, as {@link CallMiddleware} says.
 *
 * @example
 * const passThrough = acceptsSyncNext((call, next) => next());
 */
export function acceptsSyncNext(mw: (call: CallInfo, next: () => unknown) => unknown): CallMiddleware {
  return Object.assign(mw, { [SYNC_NEXT]: true as const }) as unknown as CallMiddleware;
}

/** True for middleware marked by {@link acceptsSyncNext}. */
export function takesSyncNext(mw: CallMiddleware): boolean {
  return (mw as { [SYNC_NEXT]?: true })[SYNC_NEXT] === true;
}

/** What the HTTP layer reports when a request ends (for logs and metrics). */
export interface RequestRecord {
  readonly requestId: string;
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly durationMs: number;
  readonly ip: string;
  readonly caller?: CallerIdentity;
  /** JSON-RPC method(s) served, when known. */
  readonly rpcMethod?: string;
  /** Machine-readable error name when rejected (`invalid_api_key`, `rate_limited`, ...). */
  readonly error?: string;
}

/** What the protocol core reports when a tool/resource/prompt call ends. */
export interface CallRecord {
  readonly kind: 'tool' | 'resource' | 'resourceTemplate' | 'prompt' | 'completion';
  readonly name: string;
  readonly outcome: 'ok' | 'error' | 'rejected' | 'cached' | 'timeout' | 'cancelled';
  readonly durationMs: number;
}

/** Observers are told about every request and call; logging and metrics are observers. Must not throw. */
export interface Observer {
  requestDone?(record: RequestRecord): void;
  callDone?(record: CallRecord): void;
  /** Gauges: open sessions and streams changed. */
  gauge?(name: 'sessions' | 'streams', value: number): void;
  /** A rate-limit rejection happened. */
  rateLimited?(scope: string): void;
}
