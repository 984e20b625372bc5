/**
 * In-memory TTL cache with least-recently-used eviction, bounded in entries and in bytes.
 */
import type { CacheStore } from '../types.js';

export interface MemoryCacheOptions {
  /** Most entries (default 10,000; MCP_CACHE_MAX_ENTRIES). */
  readonly maxEntries?: number;
  /** Largest single value kept, in UTF-16 code units (default 1 MiB); bigger values are not cached. */
  readonly maxValueLength?: number;
  readonly now?: () => number;
}

interface Entry {
  readonly value: string;
  readonly expiresAt: number;
}

/**
 * @example
 * const cache = new MemoryCacheStore({ maxEntries: 1000 });
 * await cache.set('k', '{"a":1}', 30_000);
 * await cache.get('k'); // '{"a":1}'
 */
export class MemoryCacheStore implements CacheStore {
  readonly #entries = new Map<string, Entry>();
  readonly #maxEntries: number;
  readonly #maxValueLength: number;
  readonly #now: () => number;

  constructor(options: MemoryCacheOptions = {}) {
    this.#maxEntries = Math.max(1, options.maxEntries ?? 10_000);
    this.#maxValueLength = options.maxValueLength ?? 1 << 20;
    this.#now = options.now ?? Date.now;
  }

  getSync(key: string): string | undefined {
    const e = this.#entries.get(key);
    if (e === undefined) return undefined;
    if (this.#now() >= e.expiresAt) {
      this.#entries.delete(key);
      return undefined;
    }
    // Refresh recency: re-insert at the end.
    this.#entries.delete(key);
    this.#entries.set(key, e);
    return e.value;
  }

  setSync(key: string, value: string, ttlMs: number): void {
    if (ttlMs <= 0 || value.length > this.#maxValueLength) return;
    this.#entries.delete(key);
    this.#entries.set(key, { value, expiresAt: this.#now() + ttlMs });
    while (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done === true) break;
      this.#entries.delete(oldest.value);
    }
  }

  get(key: string): Promise<string | undefined> {
    return Promise.resolve(this.getSync(key));
  }

  set(key: string, value: string, ttlMs: number): Promise<void> {
    this.setSync(key, value, ttlMs);
    return Promise.resolve();
  }

  get size(): number {
    return this.#entries.size;
  }
}
