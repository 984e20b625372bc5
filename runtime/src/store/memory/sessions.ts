/**
 * In-memory session store: records with idle expiry, swept lazily on access and count.
 */
import type { SessionRecord, SessionStore } from '../types.js';

/**
 * One object per session, always the same shape (every field set, `undefined` when absent): records
 * built with spreads got a hidden class (and descriptor array) of their own, ~400 bytes per idle session.
 * The expiry lives in the record so a session costs one object, not a record plus a wrapper.
 */
class StoredSession {
  readonly id: string;
  readonly protocolVersion: string;
  readonly principal: string;
  readonly roles: readonly string[];
  readonly clientInfo: Readonly<Record<string, unknown>> | undefined;
  readonly clientCapabilities: Readonly<Record<string, unknown>> | undefined;
  logLevel: string | undefined;
  subscriptions: string[] | undefined;
  initialized: boolean | undefined;
  readonly createdAt: number;
  lastSeenAt: number;
  expiresAt: number;

  constructor(r: SessionRecord, expiresAt: number) {
    this.id = r.id;
    this.protocolVersion = r.protocolVersion;
    this.principal = r.principal;
    this.roles = r.roles;
    this.clientInfo = r.clientInfo;
    this.clientCapabilities = r.clientCapabilities;
    this.logLevel = r.logLevel;
    this.subscriptions = r.subscriptions;
    this.initialized = r.initialized;
    this.createdAt = r.createdAt;
    this.lastSeenAt = r.lastSeenAt;
    this.expiresAt = expiresAt;
  }
}

/**
 * @example
 * const sessions = new MemorySessionStore();
 * await sessions.create({ id: 's1', protocolVersion: '2025-11-25', principal: 'anonymous', roles: [], createdAt: Date.now(), lastSeenAt: Date.now() }, 60_000);
 */
export class MemorySessionStore implements SessionStore {
  readonly #entries = new Map<string, StoredSession>();
  readonly #now: () => number;
  #lastSweep = 0;

  constructor(options: { now?: () => number } = {}) {
    this.#now = options.now ?? Date.now;
  }

  create(record: SessionRecord, ttlMs: number): Promise<void> {
    this.#entries.set(record.id, new StoredSession(record, this.#now() + ttlMs));
    return Promise.resolve();
  }

  get(id: string): Promise<SessionRecord | undefined> {
    // Absent optional fields read as `undefined`, as they would on a record without them.
    return Promise.resolve(this.#live(id) as SessionRecord | undefined);
  }

  update(id: string, patch: Partial<SessionRecord>, ttlMs: number): Promise<void> {
    const e = this.#live(id);
    if (e !== undefined) {
      // Only the mutable fields change in place (no copy of the record per update).
      if ('logLevel' in patch) e.logLevel = patch.logLevel;
      if ('subscriptions' in patch) e.subscriptions = patch.subscriptions;
      if ('initialized' in patch) e.initialized = patch.initialized;
      if (patch.lastSeenAt !== undefined) e.lastSeenAt = patch.lastSeenAt;
      e.expiresAt = this.#now() + ttlMs;
    }
    return Promise.resolve();
  }

  touch(id: string, ttlMs: number): Promise<void> {
    const e = this.#live(id);
    if (e !== undefined) {
      e.lastSeenAt = this.#now();
      e.expiresAt = e.lastSeenAt + ttlMs;
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

  #live(id: string): StoredSession | undefined {
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
