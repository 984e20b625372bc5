/**
 * In-memory fixed-window rate-limit counters. Exact within one process; the Redis store gives the
 * same semantics across instances. Memory is bounded: expired windows are swept lazily and the oldest
 * keys are evicted past `maxKeys`.
 */
import type { RateLimitStore } from '../types.js';

export interface MemoryRateLimitOptions {
  /** Most keys kept at once (default 100,000). */
  readonly maxKeys?: number;
  /** Clock, for tests. */
  readonly now?: () => number;
}

interface Window {
  count: number;
  resetAt: number;
}

/**
 * @example
 * const store = new MemoryRateLimitStore();
 * const { count, resetAt } = store.hitSync('ip:127.0.0.1', 60_000);
 */
export class MemoryRateLimitStore implements RateLimitStore {
  readonly #windows = new Map<string, Window>();
  readonly #maxKeys: number;
  readonly #now: () => number;
  #nextSweep = 0;

  constructor(options: MemoryRateLimitOptions = {}) {
    this.#maxKeys = options.maxKeys ?? 100_000;
    this.#now = options.now ?? Date.now;
  }

  /** Synchronous hit: the guards use it to stay off the promise path. */
  hitSync(key: string, windowMs: number): { count: number; resetAt: number } {
    const now = this.#now();
    let w = this.#windows.get(key);
    if (w === undefined || now >= w.resetAt) {
      if (w !== undefined) this.#windows.delete(key);
      // Windows align to the epoch so every key's window has a predictable reset.
      w = { count: 0, resetAt: Math.floor(now / windowMs) * windowMs + windowMs };
      this.#windows.set(key, w);
      if (this.#windows.size > this.#maxKeys) this.#sweep(now);
    }
    w.count++;
    return { count: w.count, resetAt: w.resetAt };
  }

  hit(key: string, windowMs: number): Promise<{ count: number; resetAt: number }> {
    return Promise.resolve(this.hitSync(key, windowMs));
  }

  /** Number of live keys (for tests and metrics). */
  get size(): number {
    return this.#windows.size;
  }

  #sweep(now: number): void {
    if (now >= this.#nextSweep) {
      this.#nextSweep = now + 1000;
      for (const [k, w] of this.#windows) if (now >= w.resetAt) this.#windows.delete(k);
    }
    // Still over: drop the oldest keys (Map keeps insertion order).
    let excess = this.#windows.size - this.#maxKeys;
    if (excess > 0) {
      for (const k of this.#windows.keys()) {
        this.#windows.delete(k);
        if (--excess <= 0) break;
      }
    }
  }
}
