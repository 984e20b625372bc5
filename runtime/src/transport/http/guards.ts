/**
 * Running HTTP guards: synchronous guards cost one call each; the body is read only when the first
 * guard that needs it comes up (so guard order is kept), or later by the endpoint.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError, type GuardRequest, type HttpGuard } from '../../middleware/types.js';
import { readBodyLimited } from '../../middleware/limits/index.js';
import type { CallerIdentity } from '../../handler/context.js';

let counter = 0;
const prefix = Math.random().toString(36).slice(2, 8);

/** The guard view of a request. `rawBody` may already be known (a body parser ran first). */
export class GuardContext implements GuardRequest {
  rawBody?: Buffer;
  caller?: CallerIdentity;
  readonly requestId: string;
  readonly ip: string;
  readonly method: string;

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    readonly path: string,
  ) {
    const given = req.headers['x-request-id'];
    this.requestId = typeof given === 'string' && /^[\w.:-]{1,128}$/.test(given) ? given : `${prefix}-${(++counter).toString(36)}`;
    this.ip = req.socket.remoteAddress ?? '';
    this.method = req.method ?? 'GET';
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

export { HttpError };
