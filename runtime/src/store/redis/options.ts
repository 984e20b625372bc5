/** Options of {@link createRedisStores}; every field has a production default. */
export interface RedisStoresOptions {
  /** Prefix of every key and channel, so several apps can share one Redis. Default `mcp:`. */
  readonly keyPrefix?: string;
  /** Give up a (re)connection attempt after this long. Default 2000 ms. */
  readonly connectTimeoutMs?: number;
  /** A command without a reply after this long fails (a hung Redis must not hang requests). Default 2000 ms. */
  readonly commandTimeoutMs?: number;
  /** Longest pause between reconnection attempts. Default 1000 ms. */
  readonly reconnectMaxDelayMs?: number;
  /**
   * Keep session records in process this long to save a round trip per request. Updates and deletes on
   * any instance invalidate the copies through the message bus, but that message races the client: a
   * request that reaches another instance right after an update may still see the old record (for the
   * bus latency, bounded by this value). 0 (the default) reads Redis on every `get`: exact.
   */
  readonly sessionCacheMs?: number;
  /** Most session records kept in the in-process cache. Default 10000. */
  readonly sessionCacheMax?: number;
  /** How long stored SSE events stay resumable after the last append. Default 300000 ms (5 min). */
  readonly eventRetentionMs?: number;
  /** Events kept per stream (approximate trim, Redis `MAXLEN ~`). Default 1000. */
  readonly maxEventsPerStream?: number;
  /** Most events returned by one replay. Default 10000. */
  readonly maxReplayEvents?: number;
  /**
   * What rate limiting does while Redis is unreachable: `open` admits the request, `closed` rejects it
   * with 503 `store_unavailable` (MCP_RATE_LIMIT_FAIL). Default `closed`.
   */
  readonly rateLimitFailMode?: 'open' | 'closed';
  /** Where connection loss/recovery is reported (pino-compatible). Default: nothing is logged. */
  readonly logger?: StoreLogger;
}

/** The slice of a pino logger the stores use. */
export interface StoreLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/** Options with defaults applied. */
export type ResolvedRedisStoresOptions = Required<Omit<RedisStoresOptions, 'logger'>> & { readonly logger: StoreLogger | undefined };

/** Apply defaults and reject nonsense early, naming the option. */
export function resolveOptions(options: RedisStoresOptions = {}): ResolvedRedisStoresOptions {
  const resolved: ResolvedRedisStoresOptions = {
    keyPrefix: options.keyPrefix ?? 'mcp:',
    connectTimeoutMs: options.connectTimeoutMs ?? 2000,
    commandTimeoutMs: options.commandTimeoutMs ?? 2000,
    reconnectMaxDelayMs: options.reconnectMaxDelayMs ?? 1000,
    sessionCacheMs: options.sessionCacheMs ?? 0,
    sessionCacheMax: options.sessionCacheMax ?? 10_000,
    eventRetentionMs: options.eventRetentionMs ?? 300_000,
    maxEventsPerStream: options.maxEventsPerStream ?? 1000,
    maxReplayEvents: options.maxReplayEvents ?? 10_000,
    rateLimitFailMode: options.rateLimitFailMode ?? 'closed',
    logger: options.logger,
  };
  const positive: (keyof ResolvedRedisStoresOptions)[] = [
    'connectTimeoutMs', 'commandTimeoutMs', 'reconnectMaxDelayMs', 'eventRetentionMs', 'maxEventsPerStream', 'maxReplayEvents',
  ];
  for (const name of positive) {
    const value = resolved[name];
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      throw new TypeError(`createRedisStores: option ${name} must be a positive number, got ${String(value)}`);
    }
  }
  for (const name of ['sessionCacheMs', 'sessionCacheMax'] as const) {
    if (!Number.isFinite(resolved[name]) || resolved[name] < 0) {
      throw new TypeError(`createRedisStores: option ${name} must be a number >= 0, got ${String(resolved[name])}`);
    }
  }
  if (resolved.rateLimitFailMode !== 'open' && resolved.rateLimitFailMode !== 'closed') {
    throw new TypeError(`createRedisStores: option rateLimitFailMode must be 'open' or 'closed', got ${String(resolved.rateLimitFailMode)}`);
  }
  if (/[\s*?[\]]/.test(resolved.keyPrefix)) {
    throw new TypeError(`createRedisStores: option keyPrefix must not contain spaces or glob characters, got ${JSON.stringify(resolved.keyPrefix)}`);
  }
  return resolved;
}
