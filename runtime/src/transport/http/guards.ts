/**
 * Running HTTP guards: synchronous guards cost one call each; the body is read only when the first
 * guard that needs it comes up (so guard order is kept), or later by the endpoint.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError, type GuardRequest, type HttpGuard } from '../../middleware/types.js';
import { readBodyLimited } from '../../middleware/limits/index.js';
import type { CallerIdentity } from '../../handler/context.js';
import type { ClientAddressOf } from '../../http/client-address/index.js';

let counter = 0;
const prefix = Math.random().toString(36).slice(2, 8);

/** The guard view of a request. `rawBody` may already be known (a body parser ran first). */
export class GuardContext implements GuardRequest {
  rawBody?: Buffer;
  caller?: CallerIdentity;
  readonly method: string;
  /**
   * Reply headers guards queued (flat name/value pairs), until the transport writes them: the /mcp hot path
   * inside its own `writeHead`, every other answer through {@link applyReplyHeaders}.
   */
  private queued: string[] | undefined;
  /** Set once queued headers were applied (or when the route writes through `res.setHeader` at once). */
  private direct: boolean;
  private address: string | undefined;
  private id: string | undefined;
  /** For observers: when the request arrived (performance.now), the JSON-RPC method(s), the refusal's name. */
  startedAt = 0;
  rpcMethod: string | undefined = undefined;
  errorName: string | undefined = undefined;

  /**
   * @param deferHeaders true when the caller writes {@link takeReplyHeaders} into its own reply (the /mcp
   *   endpoint); false: `replyHeader` is `res.setHeader` (Express routes, which answer through `res` anyway).
   * @param addressOf computes the client address on first use (MCP_TRUST_PROXY); default: the socket's.
   */
  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    readonly path: string,
    deferHeaders = false,
    private readonly addressOf?: ClientAddressOf,
  ) {
    this.method = req.method ?? 'GET';
    this.direct = !deferHeaders;
  }

  /**
   * The client's `X-Request-Id` when it is a sane token, else a new id; made on first use (logs at info
   * level and error answers read it; a plain successful call never does).
   */
  get requestId(): string {
    if (this.id === undefined) {
      const given = this.req.headers['x-request-id'];
      this.id = typeof given === 'string' && /^[\w.:-]{1,128}$/.test(given) ? given : `${prefix}-${(++counter).toString(36)}`;
    }
    return this.id;
  }

  /** The client address (see http/client-address), computed on first use. */
  get ip(): string {
    return (this.address ??= this.addressOf === undefined ? (this.req.socket.remoteAddress ?? '') : this.addressOf(this.req));
  }

  replyHeader(name: string, value: string): void {
    if (this.direct) {
      if (!this.res.headersSent) this.res.setHeader(name, value);
      return;
    }
    const q = (this.queued ??= []);
    for (let i = 0; i < q.length; i += 2) {
      const n = q[i]!;
      if (n.length === name.length && n.toLowerCase() === name.toLowerCase()) {
        q[i + 1] = value;
        return;
      }
    }
    q.push(name, value);
  }

  /**
   * Hands the queued headers to a transport that writes them with its reply (flat name/value pairs, or
   * undefined when none); later `replyHeader` calls go straight to the response.
   */
  takeReplyHeaders(): readonly string[] | undefined {
    const q = this.queued;
    this.queued = undefined;
    this.direct = true;
    return q;
  }

  /** Applies queued headers with `res.setHeader`, for answers other than the hot path (errors, streams, 202). */
  applyReplyHeaders(): void {
    const q = this.takeReplyHeaders();
    if (q === undefined || this.res.headersSent) return;
    for (let i = 0; i < q.length; i += 2) this.res.setHeader(q[i]!, q[i + 1]!);
  }
}

/** Read the raw body once (bounded by maxBytes; 413 past it). */
export async function ensureBody(r: GuardContext, maxBytes: number): Promise<Buffer> {
  if (r.rawBody === undefined) r.rawBody = await readBodyLimited(r.req, maxBytes);
  return r.rawBody;
}

/**
 * Run guards in order. Returns 'handled' when a guard answered the request itself.
 * Synchronous unless a guard returns a promise or needs the body.
 */
export function runGuards(guards: readonly HttpGuard[], r: GuardContext, maxBytes: number, from = 0): void | 'handled' | Promise<void | 'handled'> {
  for (let i = from; i < guards.length; i++) {
    const g = guards[i]!;
    if (g.needsBody === true && r.rawBody === undefined) {
      return ensureBody(r, maxBytes).then(() => runGuards(guards, r, maxBytes, i));
    }
    const out = g.check(r);
    if (out === 'handled') return 'handled';
    if (out !== undefined && typeof (out as Promise<unknown>).then === 'function') {
      return (out as Promise<void | 'handled'>).then((v) => (v === 'handled' ? 'handled' : runGuards(guards, r, maxBytes, i + 1)));
    }
  }
  return undefined;
}

/**
 * The request carries `calls` > 1 calls (a batch): every guard with a `chargeBatch` hook counts them, in order.
 * Synchronous unless a hook returns a promise; throws (or rejects) with the first refusal.
 */
export function chargeBatch(guards: readonly HttpGuard[], r: GuardContext, calls: number, from = 0): void | Promise<void> {
  for (let i = from; i < guards.length; i++) {
    const out = guards[i]!.chargeBatch?.(r, calls);
    if (out !== undefined) return out.then(() => chargeBatch(guards, r, calls, i + 1));
  }
  return undefined;
}

export { HttpError };
