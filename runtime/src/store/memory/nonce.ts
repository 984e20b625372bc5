/**
 * In-memory seen-once values for HMAC replay protection. Only verified signatures are remembered,
 * so only holders of the secret can fill it; past `maxEntries` the oldest are forgotten.
 */
import type { NonceStore } from '../types.js';

export interface MemoryNonceOptions {
  /** Most nonces kept (default 500,000). */
  readonly maxEntries?: number;
  readonly now?: () => number;
}

/**
 * @example
 * const nonces = new MemoryNonceStore();
 * nonces.rememberSync('abc', 600_000); // true
 * nonces.rememberSync('abc', 600_000); // false: replay
 */
export class MemoryNonceStore implements NonceStore {
  readonly #seen = new Map<string, number>();
  readonly #maxEntries: number;
  readonly #now: () => number;
  #nextSweep = 0;

  constructor(options: MemoryNonceOptions = {}) {
    this.#maxEntries = options.maxEntries ?? 500_000;
    this.#now = options.now ?? Date.now;
  }

  rememberSync(nonce: string, ttlMs: number): boolean {
    const now = this.#now();
    const until = this.#seen.get(nonce);
    if (until !== undefined && now < until) return false;
    if (until !== undefined) this.#seen.delete(nonce);
    this.#seen.set(nonce, now + ttlMs);
    if (now >= this.#nextSweep || this.#seen.size > this.#maxEntries) this.#sweep(now);
    return true;
  }

  remember(nonce: string, ttlMs: number): Promise<boolean> {
    return Promise.resolve(this.rememberSync(nonce, ttlMs));
  }

  get size(): number {
    return this.#seen.size;
  }

  #sweep(now: number): void {
    this.#nextSweep = now + 5000;
    for (const [k, until] of this.#seen) if (now >= until) this.#seen.delete(k);
    let excess = this.#seen.size - this.#maxEntries;
    if (excess > 0) {
      for (const k of this.#seen.keys()) {
        this.#seen.delete(k);
        if (--excess <= 0) break;
      }
    }
  }
}
