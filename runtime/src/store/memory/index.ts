/**
 * The in-memory stores: the zero-setup default for one instance.
 */
import type { Stores } from '../types.js';
import { MemoryCacheStore } from './cache.js';
import { MemoryNonceStore } from './nonce.js';
import { MemoryRateLimitStore } from './rate-limit.js';
import { MemorySessionStore } from './sessions.js';
import { MemoryEventStore } from './events.js';
import { MemoryMessageBus } from './bus.js';
import { MemoryTaskStore } from './tasks.js';

export { MemoryCacheStore, MemoryNonceStore, MemoryRateLimitStore, MemorySessionStore, MemoryEventStore, MemoryMessageBus, MemoryTaskStore };

export interface MemoryStoresOptions {
  readonly cacheMaxEntries?: number;
}

/**
 * All stores in memory.
 *
 * @example
 * const server = createMcpServer(registry, { stores: createMemoryStores() });
 */
export function createMemoryStores(options: MemoryStoresOptions = {}): Stores {
  return {
    sessions: new MemorySessionStore(),
    events: new MemoryEventStore(),
    rateLimits: new MemoryRateLimitStore(),
    cache: new MemoryCacheStore(options.cacheMaxEntries !== undefined ? { maxEntries: options.cacheMaxEntries } : {}),
    nonces: new MemoryNonceStore(),
    bus: new MemoryMessageBus(),
    tasks: new MemoryTaskStore(),
    healthy: () => true,
    close: () => Promise.resolve(),
  };
}
