/**
 * The HTTP guards (CORS, Host, Origin, body size, auth, rate limit, user guards) for requests served by
 * Express routes. createApp sends only `/mcp*` through the guarded fast path, so REST (and docs) routes
 * run the guards here. When something already ran them for this request it may leave a
 * {@link GuardedRequest} behind ({@link markGuarded}) and they never run twice.
 */
import type { IncomingMessage } from 'node:http';
import type { Request, Response } from 'express';
import type { CallerIdentity } from '../../handler/context.js';
import type { HttpGuard } from '../../middleware/types.js';
import type { McpServer } from '../../server/types.js';
import { GuardContext, runGuards } from '../../transport/http/guards.js';
import { clientAddressOf } from '../client-address/index.js';

/** What the guards established about one request. */
export interface GuardedRequest {
  readonly caller: CallerIdentity;
  readonly requestId: string;
  /** The client address (MCP_TRUST_PROXY applied; see http/client-address). */
  readonly ip?: string;
  /** The raw body when a guard needed it (HMAC): the stream is consumed, read it from here. */
  readonly rawBody?: Buffer;
}

const GUARDED = Symbol.for('mcp-gen.guarded-request');

/**
 * Records that the guards ran for `req`.
 *
 * @example
 * markGuarded(req, { caller, requestId, rawBody });
 */
export function markGuarded(req: IncomingMessage, guarded: GuardedRequest): void {
  (req as unknown as Record<symbol, GuardedRequest>)[GUARDED] = guarded;
}

const requestIds = new WeakMap<IncomingMessage, string>();

/** The request id the guards used for `req` (also when they refused it), for logs. */
export function requestIdOf(req: IncomingMessage): string | undefined {
  return guardedOf(req)?.requestId ?? requestIds.get(req);
}

/** The guard outcome recorded on `req`, if any. */
export function guardedOf(req: IncomingMessage): GuardedRequest | undefined {
  return (req as unknown as Record<symbol, GuardedRequest | undefined>)[GUARDED];
}

/**
 * Runs the server's guards (or those `select` keeps) for a request, or returns what an earlier run
 * established. Resolves to undefined when a guard answered the request itself (a CORS preflight).
 * Rejects with the guard's HttpError.
 *
 * @example
 * const guarded = await guardRequest(req, res, server);
 * if (guarded === undefined) return; // already answered
 */
export async function guardRequest(
  req: Request,
  res: Response,
  server: McpServer,
  select?: (guard: HttpGuard) => boolean,
): Promise<GuardedRequest | undefined> {
  const earlier = guardedOf(req);
  if (earlier !== undefined) return earlier;
  // The guards see the path relative to the app's MCP mount: the router's mount plus the route path.
  // Express answers through `res`: guard reply headers are set on it at once (no deferred writeHead here)
  const context = new GuardContext(req, res, `${req.baseUrl}${req.path}`, false, clientAddressOf(server.settings));
  requestIds.set(req, context.requestId);
  const guards = select === undefined ? server.guards : server.guards.filter(select);
  const verdict = await runGuards(guards, context, server.settings.maxBodyBytes);
  if (verdict === 'handled') return undefined;
  const guarded: GuardedRequest = {
    caller: context.caller ?? { id: 'anonymous', roles: server.settings.defaultRoles, scheme: 'none' },
    requestId: context.requestId,
    ip: context.ip,
    ...(context.rawBody !== undefined ? { rawBody: context.rawBody } : {}),
  };
  // Only a full run counts for later handlers of the same request.
  if (select === undefined) markGuarded(req, guarded);
  return guarded;
}
