/**
 * The default security and operations pipeline of a server, built from its settings:
 * HTTP guards (CORS, host, origin, body size, auth, rate limit), call middleware (roles, concurrency,
 * per-element rate limit, cache, timeout) and observers (logs, metrics).
 *
 * The core runs `guards` in order on every HTTP request (a guard with `needsBody` gets the raw body),
 * wraps every element call in `callMiddleware` (first = outermost) and reports to `observers`.
 */
import type { LogSink } from '../logger/index.js';
import type { Settings } from '../settings/types.js';
import type { Stores } from '../store/types.js';
import { apiKeyGuard } from './auth/apikey/index.js';
import { hmacGuard } from './auth/hmac/index.js';
import { oauthGuard, type OAuthGuardOptions } from './auth/oauth/index.js';
import { cacheMiddleware } from './cache/index.js';
import { concurrencyMiddleware } from './concurrency/index.js';
import { corsGuard } from './cors/index.js';
import { bodySizeGuard } from './limits/index.js';
import { loggingObserver } from './logging/index.js';
import { createMetrics, type Metrics } from './metrics/index.js';
import { hostGuard, originGuard } from './origin/index.js';
import { elementRateLimit, limitAuthFailures, rateLimitGuard } from './rate-limit/index.js';
import { rolesMiddleware } from './roles/index.js';
import { timeoutMiddleware } from './timeout/index.js';
import type { CallMiddleware, HttpGuard, Observer } from './types.js';

export interface Security {
  readonly guards: HttpGuard[];
  readonly callMiddleware: CallMiddleware[];
  readonly observers: Observer[];
  /** Prometheus metrics (when settings.metrics); /metrics serves `metrics.registry`. */
  readonly metrics: Metrics | undefined;
}

export interface SecurityOptions {
  /** OAuth key source override (tests, custom key management). */
  readonly oauthKeys?: OAuthGuardOptions['keys'];
  /** Clock override for tests. */
  readonly now?: () => number;
}

/**
 * Paths the auth and rate-limit guards let through: health probes and OAuth discovery are public.
 * `/metrics` is not (counters reveal traffic and element names): Prometheus sends
 * `Authorization: Bearer <key>` in apikey mode. Docs follow auth unless MCP_DOCS_PUBLIC (http/docs).
 */
export const PUBLIC_PATHS: readonly string[] = ['/healthz', '/readyz', '/.well-known/'];

/**
 * True for a path that needs no credentials (health, readiness, RFC 9728 metadata).
 *
 * @example
 * isPublicPath('/healthz'); // true
 * isPublicPath('/metrics'); // false: it needs credentials when auth is on
 */
export function isPublicPath(path: string): boolean {
  return path === '/healthz' || path === '/readyz' || path.startsWith('/.well-known/');
}

/** Wraps a guard so paths for which `skip` is true bypass it (public paths by default). */
function protectedOnly(g: HttpGuard, skip: (path: string) => boolean = isPublicPath): HttpGuard {
  const inner = g.check.bind(g);
  return {
    name: g.name,
    ...(g.needsBody === true ? { needsBody: true } : {}),
    // batches only reach /mcp and /mcp/batch, never a skipped path
    ...(g.chargeBatch !== undefined ? { chargeBatch: g.chargeBatch.bind(g) } : {}),
    check: (r) => (skip(r.path) ? undefined : inner(r)),
  };
}

/**
 * Paths the server-wide rate limit does not count: the public ones and `/metrics` (it needs credentials,
 * but a scraper must neither eat a caller's quota nor go blind while clients are being limited).
 */
export function isRateLimitExempt(path: string): boolean {
  return isPublicPath(path) || path === '/metrics';
}

const securityByStores = new WeakMap<object, Security>();

/** The security bundle created for these stores (lets /metrics find its registry). */
export function securityFor(stores: Stores): Security | undefined {
  return securityByStores.get(stores);
}

/**
 * Builds the default pipeline. Guards order: CORS (answers preflights), Host, Origin, body size,
 * rate limit (ip scope), auth (by MCP_AUTH_MODE; braked per ip by MCP_AUTH_FAIL_LIMIT), rate limit (key scope).
 * Call middleware order: roles, concurrency cap, per-element rate limit, cache, timeout.
 *
 * @example
 * const security = createSecurity(settings, stores, logger);
 * const server = createMcpServer(registry, { guards: security.guards, callMiddleware: security.callMiddleware, observers: security.observers });
 */
export function createSecurity(settings: Settings, stores: Stores, logger: LogSink, options: SecurityOptions = {}): Security {
  const metrics = settings.metrics ? createMetrics() : undefined;
  const observers: Observer[] = [loggingObserver(logger)];
  if (metrics !== undefined) observers.push(metrics.observer);
  const clock = options.now !== undefined ? { now: options.now } : {};

  const guards: HttpGuard[] = [];
  const cors = corsGuard(settings);
  if (cors !== undefined) guards.push(cors);
  const host = hostGuard(settings);
  if (host !== undefined) guards.push(host);
  guards.push(originGuard(settings));
  guards.push(bodySizeGuard(settings));
  const limit = settings.rateLimit;
  const rateGuard = limit === undefined ? undefined : protectedOnly(rateLimitGuard(settings, stores.rateLimits, { observers, ...clock }), isRateLimitExempt);
  // Per-ip limits run before auth: floods are refused before any signature or token is checked.
  if (rateGuard !== undefined && settings.rateScope === 'ip') guards.push(rateGuard);
  let auth: HttpGuard | undefined;
  switch (settings.authMode) {
    case 'apikey':
      auth = apiKeyGuard(settings);
      break;
    case 'hmac':
      auth = hmacGuard(settings, stores.nonces, clock);
      break;
    case 'oauth':
      auth = oauthGuard(settings, { ...clock, ...(options.oauthKeys !== undefined ? { keys: options.oauthKeys } : {}) });
      break;
    case 'none':
      break;
  }
  if (auth !== undefined) {
    // MCP_AUTH_FAIL_LIMIT brakes key/signature guessing per ip (opt-in: behind a proxy every caller shares one ip).
    const brake = settings.authFailLimit;
    guards.push(protectedOnly(brake === undefined ? auth : limitAuthFailures(auth, brake, stores.rateLimits, { observers, ...clock })));
  }
  // Per-key limits need the caller, so they run after auth.
  if (rateGuard !== undefined && settings.rateScope === 'key') guards.push(rateGuard);

  const callMiddleware: CallMiddleware[] = [
    rolesMiddleware(),
    concurrencyMiddleware(settings),
    elementRateLimit(settings, stores.rateLimits, { observers, ...clock }),
    ...(settings.cacheMaxEntries > 0 ? [cacheMiddleware(stores.cache, { onStoreError: (err) => logger.warn({ err: String(err) }, 'cache store error') })] : []),
    timeoutMiddleware(settings),
  ];

  const security: Security = { guards, callMiddleware, observers, metrics };
  securityByStores.set(stores, security);
  return security;
}

export { HttpError, setReplyHeader, acceptsSyncNext } from './types.js';
export type { CallInfo, CallMiddleware, CallRecord, GuardRequest, HttpGuard, Observer, RequestRecord } from './types.js';
export { canUse, filterVisible, hiddenElementError, rolesMiddleware } from './roles/index.js';
export { apiKeyGuard, apiKeyVerifier } from './auth/apikey/index.js';
export { hmacGuard, signRequest } from './auth/hmac/index.js';
export { oauthGuard, protectedResourceMetadata, resourceMetadataUrl } from './auth/oauth/index.js';
export { corsGuard, CORS_ALLOW_HEADERS, CORS_EXPOSE_HEADERS } from './cors/index.js';
export { hostGuard, originGuard, isLoopbackHost } from './origin/index.js';
export { bodySizeGuard, readBodyLimited, jsonDepthExceeds, assertJsonDepth } from './limits/index.js';
export { rateLimitGuard, elementRateLimit, limitAuthFailures, parseRateLimit } from './rate-limit/index.js';
export { cacheMiddleware, canonicalJson, wasCached } from './cache/index.js';
export { timeoutMiddleware } from './timeout/index.js';
export { concurrencyMiddleware } from './concurrency/index.js';
export { loggingObserver } from './logging/index.js';
export { createMetrics, type Metrics } from './metrics/index.js';
export { runGuards, composeCallChain, composeCallMiddleware, httpErrorReply } from './pipeline.js';

