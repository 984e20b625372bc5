/**
 * Runtime settings, loaded and validated once at start-up from the environment (MCP_* variables,
 * mirroring flask-mcp-server's FLASK_MCP_*) over the non-secret defaults of mcp.yaml `settings:`.
 * See settings/load.ts for the variable names, forms and defaults.
 */

import type { BlockList } from 'node:net';

export type AuthMode = 'none' | 'apikey' | 'hmac' | 'oauth';

export interface RateLimitSpec {
  /** The text as written, e.g. `100/m`. */
  readonly spec: string;
  readonly limit: number;
  readonly windowMs: number;
}

/**
 * Which `X-Forwarded-For` entries to believe (MCP_TRUST_PROXY): the N closest hops, or addresses inside the
 * listed proxy IPs/CIDRs. Unset: the socket's address is the client's.
 */
export type TrustProxy =
  | { readonly kind: 'hops'; readonly spec: string; readonly hops: number }
  | { readonly kind: 'proxies'; readonly spec: string; readonly proxies: BlockList };

export interface OAuthSettings {
  /** Expected `iss`. */
  readonly issuer: string;
  /** Expected `aud` (RFC 8707 resource indicator), usually this server's canonical URL. */
  readonly audience: string;
  readonly jwksUrl: string;
  /** Public URL of this resource, for RFC 9728 metadata and WWW-Authenticate. */
  readonly resourceUrl: string;
  readonly authorizationServers: readonly string[];
  /** Scope -> roles. */
  readonly scopeRoles: ReadonlyMap<string, readonly string[]>;
  /** Scopes every request must carry. */
  readonly requiredScopes: readonly string[];
}

export interface Settings {
  readonly host: string;
  readonly port: number;
  readonly authMode: AuthMode;
  /** Plain keys (`MCP_API_KEYS=k1,k2`); each gets the default roles. */
  readonly apiKeys: readonly string[];
  /** Keys with roles (`MCP_API_KEYS_MAP=k1:admin|user;k2:user`). */
  readonly apiKeysMap: ReadonlyMap<string, readonly string[]>;
  readonly hmacSecret: string | undefined;
  /**
   * Signs `requestState` of 2026-07-28 input-required results (MCP_STATE_SECRET; environment only).
   * Unset: instances on one Redis agree on a random secret stored there; alone, random per process.
   */
  readonly stateSecret?: string | undefined;
  /** Accepted clock skew for signed timestamps, seconds. */
  readonly hmacWindowSec: number;
  /** Accept flask-mcp-server's body-only signature (no X-Timestamp, no replay protection). */
  readonly hmacAllowBodyOnly: boolean;
  readonly oauth: OAuthSettings | undefined;
  /**
   * Roles of a caller that authenticated without explicit roles, and of anonymous callers
   * (MCP_DEFAULT_ROLES; default `user`; set it empty for none).
   */
  readonly defaultRoles: readonly string[];
  readonly rateLimit: RateLimitSpec | undefined;
  /** Failed authentications allowed per ip before it is refused without a check (MCP_AUTH_FAIL_LIMIT); off when undefined. */
  readonly authFailLimit?: RateLimitSpec | undefined;
  readonly rateScope: 'ip' | 'key';
  readonly rateLimitFailMode: 'open' | 'closed';
  /**
   * Proxies whose `X-Forwarded-For` names the client (MCP_TRUST_PROXY: a hop count or proxy IPs/CIDRs);
   * undefined (default): the socket's address. Per-ip rate limits and logs use the resulting address.
   */
  readonly trustProxy?: TrustProxy | undefined;
  /** Origins allowed to call (403 `origin_not_allowed` otherwise). Empty: same-host only when on loopback. */
  readonly allowedOrigins: readonly string[];
  /** Host header values accepted (DNS rebinding); empty means: loopback names when bound to loopback, else any. */
  readonly allowedHosts: readonly string[];
  readonly corsOrigin: string | undefined;
  readonly logFormat: 'json' | 'pretty';
  readonly logLevel: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';
  /** Module specifiers of service providers. */
  readonly providers: readonly string[];
  readonly redisUrl: string | undefined;
  readonly maxBodyBytes: number;
  readonly maxJsonDepth: number;
  readonly requestTimeoutMs: number;
  readonly toolTimeoutMs: number;
  readonly sessionIdleMs: number;
  readonly maxSessions: number;
  readonly maxStreamsPerSession: number;
  /**
   * Most open TCP connections per listening server (MCP_MAX_CONNECTIONS; default 16384; 0 = no cap).
   * Beyond it new connections are closed at once and idle keep-alive connections are let go, so idle
   * or slow clients cannot use up the process's file descriptors (Redis, logs and JWKS need some).
   */
  readonly maxConnections: number;
  readonly maxConcurrentCalls: number;
  readonly cacheMaxEntries: number;
  readonly shutdownGraceMs: number;
  /**
   * Lease on each running 2026-07-28 task, ms (default 15 000, renewed every third of it): when the
   * instance running a task stops renewing (it died), the next tasks/get on any instance fails the task.
   */
  readonly taskLeaseMs: number;
  /** Serve /docs.json and /swagger. */
  readonly docs: boolean;
  /**
   * Serve /docs.json and /swagger without credentials even when MCP_AUTH_MODE is not `none`
   * (MCP_DOCS_PUBLIC; default false). The document is still filtered by the caller's roles.
   */
  readonly docsPublic: boolean;
  /** Serve /metrics (MCP_METRICS; default true). It needs credentials like every route when auth is on. */
  readonly metrics: boolean;
}
