/**
 * Sessions: cryptographically random ids, a small in-process cache in front of `stores.sessions`
 * (so another instance's sessions work too), idle expiry, a maximum count, and principal binding.
 */
import { randomUUID } from 'node:crypto';
import type { CallerIdentity } from '../handler/context.js';
import type { Logger } from '../logger/index.js';
import type { Observer } from '../middleware/types.js';
import type { LoggingLevel } from '../protocol/types.js';
import type { MessageBus, SessionChange, SessionRecord, SessionStore } from '../store/types.js';
import { Session } from './session.js';

const CLOSED_CHANNEL = 'mcp:session-closed';

export type FindResult = Session | 'missing' | 'forbidden';

export class SessionManager {
  private readonly cache = new Map<string, Session>();
  /**
   * Changes from other instances that arrived while this instance was reading the session from the store:
   * the read may predate them, so they are applied once the session is cached (else they would be lost).
   */
  private readonly loading = new Map<string, { readonly changes: SessionChange[]; readers: number }>();
  private sweeper: NodeJS.Timeout | undefined;
  /**
   * Changes of local sessions the store refused (Redis away): written again by {@link resync}, which
   * must not overwrite them with the store's older copy.
   */
  private readonly unsaved = new Map<string, Partial<SessionRecord>>();
  /** Sessions changed (here or by another instance) while a resync read them: its read may be older. */
  private readonly changedDuringResync = new Set<string>();
  private resyncing = 0;
  private unsubscribe: (() => Promise<void>) | undefined;

  constructor(
    private readonly store: SessionStore,
    private readonly bus: MessageBus,
    private readonly idleMs: number,
    private readonly maxSessions: number,
    private readonly logger: Logger,
    private readonly observers: readonly Observer[],
  ) {
    const every = Math.max(1000, Math.min(60_000, Math.floor(idleMs / 2)));
    this.sweeper = setInterval(() => this.sweep(), every);
    this.sweeper.unref();
    // Several instances (Redis): apply what other instances change (subscriptions, log level, initialized).
    this.store.watch?.((change) => this.applyRemote(change));
    void this.bus
      .subscribe(CLOSED_CHANNEL, (id) => this.evict(id, 'terminated elsewhere'))
      .then((u) => (this.unsubscribe = u))
      .catch((err: unknown) => this.logger.warn({ err }, 'session bus subscription failed'));
  }

  /** Sessions held by this instance. */
  get local(): ReadonlyMap<string, Session> {
    return this.cache;
  }

  /** Open a session for `caller`; throws {@link TooManySessionsError} at the limit. */
  async open(caller: CallerIdentity, protocolVersion: string, clientInfo: Record<string, unknown> | undefined, clientCapabilities: Record<string, unknown> | undefined): Promise<Session> {
    if (this.cache.size >= this.maxSessions || (await this.store.count()) >= this.maxSessions) throw new TooManySessionsError(this.maxSessions);
    const now = Date.now();
    // One literal shape (no conditional spreads, which make a hidden class per field combination); the
    // store keeps its own record and the Session keeps references, so this object is short-lived.
    const record: SessionRecord = {
      id: randomUUID().replace(/-/g, ''),
      protocolVersion,
      principal: caller.id,
      roles: caller.roles,
      clientInfo,
      clientCapabilities,
      createdAt: now,
      lastSeenAt: now,
    } as SessionRecord;
    await this.store.create(record, this.idleMs);
    const session = new Session(record);
    this.cache.set(session.id, session);
    this.gauge();
    return session;
  }

  /** The session `id` for `caller`: from the cache, else from the store (another instance opened it). */
  find(id: string, caller: CallerIdentity): FindResult | Promise<FindResult> {
    let hit = this.cache.get(id);
    if (hit !== undefined && Date.now() - hit.lastSeenAt > this.idleMs && hit.inflightCount === 0 && (hit.getStream === undefined || hit.getStream.closed)) {
      this.evict(id, 'idle'); // expired here; the store decides whether another instance kept it alive
      hit = undefined;
    }
    if (hit !== undefined) {
      if (hit.principal !== caller.id) return 'forbidden';
      this.seen(hit);
      return hit;
    }
    return this.load(id, caller);
  }

  private async load(id: string, caller: CallerIdentity): Promise<FindResult> {
    let pending = this.loading.get(id);
    if (pending === undefined) this.loading.set(id, (pending = { changes: [], readers: 0 }));
    pending.readers++;
    let record: SessionRecord | undefined;
    try {
      record = await this.store.get(id);
    } finally {
      if (--pending.readers === 0) this.loading.delete(id);
    }
    if (record === undefined) return 'missing';
    if (record.principal !== caller.id) return 'forbidden';
    const session = this.cache.get(id) ?? new Session(record);
    this.cache.set(id, session);
    for (const change of pending.changes) this.applyRemote(change);
    this.gauge();
    this.seen(session);
    return session;
  }

  /** Refresh idle expiry; the store is touched at most every tenth of the idle time. */
  seen(session: Session): void {
    const now = Date.now();
    session.lastSeenAt = now;
    if (now - session.touchedAt > this.idleMs / 10) {
      session.touchedAt = now;
      this.store.touch(session.id, this.idleMs).catch((err: unknown) => this.logger.warn({ err, session: session.id }, 'session touch failed'));
    }
  }

  /**
   * Persist fields that changed (log level, subscriptions, initialized). Await it before replying when
   * another instance must see the change for the client's next request.
   */
  save(session: Session, patch: Partial<SessionRecord>): Promise<void> {
    if (session.local) return Promise.resolve();
    if (this.resyncing > 0) this.changedDuringResync.add(session.id);
    return this.store.update(session.id, patch, this.idleMs).then(
      () => {
        const pending = this.unsaved.get(session.id);
        if (pending === undefined) return;
        for (const field of Object.keys(patch)) delete (pending as Record<string, unknown>)[field];
        if (Object.keys(pending).length === 0) this.unsaved.delete(session.id);
      },
      (err: unknown) => {
        this.logger.warn({ err, session: session.id }, 'session update failed');
        if (this.unsaved.size < 100_000) this.unsaved.set(session.id, { ...this.unsaved.get(session.id), ...patch });
      },
    );
  }

  /**
   * After the message bus was disconnected (changes other instances made meanwhile were not heard),
   * bring the local sessions in line with the store: changes the store refused during the outage are
   * written again (and so announced to the others), the rest are re-read (subscriptions, log level,
   * `initialized`), and sessions the store no longer has are closed (deleted elsewhere, or Redis lost
   * its data: the client gets 404 and initializes again). One store read per local session, at most 500
   * at a time.
   */
  async resync(): Promise<void> {
    this.resyncing++;
    try {
      const ids = [...this.cache.keys()];
      for (let i = 0; i < ids.length; i += 500) {
        await Promise.all(ids.slice(i, i + 500).map((id) => this.resyncOne(id)));
      }
    } finally {
      if (--this.resyncing === 0) this.changedDuringResync.clear();
    }
  }

  private async resyncOne(id: string): Promise<void> {
    const session = this.cache.get(id);
    if (session === undefined) return;
    const pending = this.unsaved.get(id);
    if (pending !== undefined) {
      await this.save(session, pending);
      return;
    }
    let record: SessionRecord | undefined;
    try {
      record = await this.store.get(id);
    } catch (err) {
      this.logger.warn({ err, session: id }, 'session re-read after the bus reconnected failed');
      return;
    }
    if (this.changedDuringResync.has(id)) return; // newer than what was read
    if (record === undefined) {
      this.evict(id, 'gone from the shared store');
      return;
    }
    session.logLevel = record.logLevel as LoggingLevel | undefined;
    if (record.initialized === true) session.initialized = true;
    session.subscriptions = record.subscriptions !== undefined && record.subscriptions.length > 0 ? new Set(record.subscriptions) : undefined;
  }

  /** A change made on another instance, applied to this instance's copy of the session. */
  private applyRemote(change: SessionChange): void {
    if (this.resyncing > 0) this.changedDuringResync.add(change.id);
    const s = this.cache.get(change.id);
    if (s === undefined) {
      this.loading.get(change.id)?.changes.push(change);
      return;
    }
    if (change.deleted === true) {
      this.evict(change.id, 'terminated elsewhere');
      return;
    }
    const p = change.patch ?? {};
    if (p.logLevel !== undefined) s.logLevel = p.logLevel as LoggingLevel;
    if (p.initialized !== undefined) s.initialized = p.initialized;
    if (p.subscriptions !== undefined) s.subscriptions = p.subscriptions.length > 0 ? new Set(p.subscriptions) : undefined;
  }

  /** Terminate a session everywhere (DELETE). True when it existed. */
  async terminate(session: Session): Promise<boolean> {
    this.evict(session.id, 'terminated');
    const existed = await this.store.delete(session.id);
    // Idempotent (ids are never reused): kept while the bus is down, published when it is back.
    await this.bus.publish(CLOSED_CHANNEL, session.id, { retain: true }).catch(() => undefined);
    return existed;
  }

  private evict(id: string, reason: string): void {
    this.unsaved.delete(id);
    const s = this.cache.get(id);
    if (s === undefined) return;
    this.cache.delete(id);
    s.close(reason);
    this.gauge();
  }

  private sweep(): void {
    const cutoff = Date.now() - this.idleMs;
    for (const s of this.cache.values()) {
      if (s.lastSeenAt < cutoff && s.inflightCount === 0 && (s.getStream === undefined || s.getStream.closed)) this.evict(s.id, 'idle');
    }
  }

  private gauge(): void {
    for (const o of this.observers) o.gauge?.('sessions', this.cache.size);
  }

  /** Close every local session and stop timers (store contents stay: other instances may serve them). */
  async close(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = undefined;
    for (const s of this.cache.values()) s.close('server shutting down');
    this.cache.clear();
    await this.unsubscribe?.().catch(() => undefined);
  }
}

export class TooManySessionsError extends Error {
  constructor(limit: number) {
    super(`too many sessions (limit ${limit})`);
    this.name = 'TooManySessionsError';
  }
}
