/**
 * In-memory session store: records with idle expiry, swept lazily on access and count.
 */
import type { SessionRecord, SessionStore } from '../types.js';

interface Entry {
  record: SessionRecord;
  expiresAt: number;
}

/**
 * @example
 * const sessions = new MemorySessionStore();
 * await sessions.create({ id: 's1', protocolVersion: '2025-11-25', principal: 'anonymous', roles: [], createdAt: Date.now(), lastSeenAt: Date.now() }, 60_000);
 */
export class MemorySessionStore implements SessionStore {
  readonly #entries = new Map<string, Entry>();
  readonly #now: () => number;
  #lastSweep = 0;

  constructor(options: { now?: () => number } = {}) {
    this.#now = options.now ?? Date.now;
  }

  create(record: SessionRecord, ttlMs: number): Promise<void> {
    this.#entries.set(record.id, { record: { ...record }, expiresAt: this.#now() + ttlMs });
    return Promise.resolve();
  }

  get(id: string): Promise<SessionRecord | undefined> {
    return Promise.resolve(this.#live(id)?.record);
  }

  update(id: string, patch: Partial<SessionRecord>, ttlMs: number): Promise<void> {
    const e = this.#live(id);
    if (e !== undefined) {
      e.record = { ...e.record, ...patch, id: e.record.id };
      e.expiresAt = this.#now() + ttlMs;
    }
    return Promise.resolve();
  }

  touch(id: string, ttlMs: number): Promise<void> {
    const e = this.#live(id);
    if (e !== undefined) {
      e.expiresAt = this.#now() + ttlMs;
      e.record.lastSeenAt = this.#now();
    }
    return Promise.resolve();
  }

  delete(id: string): Promise<boolean> {
    return Promise.resolve(this.#entries.delete(id));
  }

  count(): Promise<number> {
    this.#sweep();
    return Promise.resolve(this.#entries.size);
  }

  #live(id: string): Entry | undefined {
    const e = this.#entries.get(id);
    if (e === undefined) return undefined;
    if (e.expiresAt <= this.#now()) {
      this.#entries.delete(id);
      return undefined;
    }
    return e;
  }

  /** Drop expired records; at most once a second so count() stays cheap. */
  #sweep(): void {
    const now = this.#now();
    if (now - this.#lastSweep < 1000) return;
    this.#lastSweep = now;
    for (const [id, e] of this.#entries) if (e.expiresAt <= now) this.#entries.delete(id);
  }
}
