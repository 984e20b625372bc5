/**
 * `@mcp-gen/runtime/redis`: every piece of shared state in Redis, so several instances of one app can
 * serve the same clients (sessions, resumable streams, rate limits, cache, nonces, cross-instance messages).
 * See docs/deployment.md.
 */
import type { Settings } from '../../settings/types.js';
import type { Stores } from '../types.js';
import { RedisCacheStore } from './cache-store.js';
import { RedisConnection } from './connection.js';
import { RedisEventStore } from './event-store.js';
import { RedisMessageBus } from './message-bus.js';
import { RedisNonceStore } from './nonce-store.js';
import { resolveOptions, type RedisStoresOptions, type StoreLogger } from './options.js';
import { RedisRateLimitStore } from './rate-limit-store.js';
import { RedisSessionStore } from './session-store.js';
import { RedisTaskStore } from './tasks.js';

export type { RedisStoresOptions, StoreLogger } from './options.js';
export { STORE_UNAVAILABLE, isStoreUnavailable, storeUnavailable } from './errors.js';

/** Redis-backed {@link Stores}, plus a way to wait for the connection. */
export interface RedisStores extends Stores {
  readonly tasks: RedisTaskStore;
  /** Resolve once Redis is reachable; reject after `timeoutMs` with an error naming the (password-free) URL. */
  whenReady(timeoutMs?: number): Promise<void>;
}

/**
 * Create Redis stores. Connecting starts at once; commands issued before the first connection wait up to
 * `connectTimeoutMs`. While Redis is away `healthy()` is false and store calls reject with 503
 * `store_unavailable`; everything resumes by itself when Redis returns.
 *
 * @example
 * import { createRedisStores } from '@mcp-gen/runtime/redis';
 * const stores = createRedisStores(process.env.MCP_REDIS_URL!, { keyPrefix: 'billing:' });
 * await stores.whenReady();
 * const app = createApp(createMcpServer(registry, { stores }));
 */
export function createRedisStores(url: string, options: RedisStoresOptions = {}): RedisStores {
  if (typeof url !== 'string' || !/^rediss?:\/\//.test(url)) {
    throw new TypeError(`MCP_REDIS_URL must be a redis:// or rediss:// URL, got ${JSON.stringify(String(url).replace(/:[^:@/]*@/, ':***@'))}`);
  }
  const resolved = resolveOptions(options);
  const connection = new RedisConnection(url, resolved);
  const bus = new RedisMessageBus(connection);
  const stores: RedisStores = {
    sessions: new RedisSessionStore(connection, bus, resolved),
    events: new RedisEventStore(connection, resolved),
    rateLimits: new RedisRateLimitStore(connection, resolved),
    cache: new RedisCacheStore(connection),
    nonces: new RedisNonceStore(connection),
    tasks: new RedisTaskStore(connection),
    bus,
    healthy: () => connection.healthy(),
    whenReady: (timeoutMs = resolved.connectTimeoutMs) => connection.whenReady(timeoutMs),
    close: () => connection.close(),
  };
  return stores;
}

/**
 * Create Redis stores and wait until Redis answers; on failure the connections are closed and the
 * error names the URL, so a misconfigured `MCP_REDIS_URL` stops start-up with a clear message.
 *
 * @example
 * const stores = await connectRedisStores('redis://127.0.0.1:6379', { rateLimitFailMode: 'open' });
 */
export async function connectRedisStores(url: string, options: RedisStoresOptions = {}, timeoutMs?: number): Promise<RedisStores> {
  const stores = createRedisStores(url, options);
  try {
    await stores.whenReady(timeoutMs);
  } catch (error) {
    await stores.close();
    throw error;
  }
  return stores;
}

/**
 * Stores for an app whose settings name a Redis (`MCP_REDIS_URL`), or undefined when they do not.
 * `MCP_RATE_LIMIT_FAIL` maps to `rateLimitFailMode`; the key prefix comes from `MCP_REDIS_PREFIX`
 * (default `mcp:`) so several apps can share one Redis.
 *
 * @example
 * const redis = redisStoresFromSettings(settings, logger);
 * const server = createMcpServer(registry, { settings, ...(redis ? { stores: redis } : {}) });
 */
export function redisStoresFromSettings(
  settings: Pick<Settings, 'redisUrl' | 'rateLimitFailMode'>,
  logger?: StoreLogger,
  env: Readonly<Record<string, string | undefined>> = process.env,
): RedisStores | undefined {
  if (settings.redisUrl === undefined) return undefined;
  const prefix = env['MCP_REDIS_PREFIX'];
  return createRedisStores(settings.redisUrl, {
    rateLimitFailMode: settings.rateLimitFailMode,
    ...(prefix !== undefined && prefix !== '' ? { keyPrefix: prefix } : {}),
    ...(logger !== undefined ? { logger } : {}),
  });
}
