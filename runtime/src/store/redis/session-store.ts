/**
 * Sessions as Redis hashes (`<prefix>session:<id>`, one JSON value per field) with an idle TTL, plus a
 * sorted set of ids by expiry for `count()`. Every update or delete publishes the change (the patch)
 * on an internal channel: other instances apply it to their in-process sessions (`watch`) and drop
 * cached records. The optional record cache (`sessionCacheMs`) is bypassed whenever that channel is not
 * live (changes could have been missed).
 */
import { randomBytes } from 'node:crypto';
import type { SessionChange, SessionRecord, SessionStore } from '../types.js';
import type { RedisConnection, ScriptCall } from './connection.js';
import type { RedisMessageBus } from './message-bus.js';
import type { ResolvedRedisStoresOptions } from './options.js';
import { SESSION_COUNT, SESSION_CREATE, SESSION_DELETE, SESSION_TOUCH, SESSION_UPDATE } from './scripts.js';

interface CacheEntry {
  readonly record: SessionRecord;
  readonly until: number;
}

export class RedisSessionStore implements SessionStore {
  private readonly cache = new Map<string, CacheEntry>();
  /** Last idle-expiry refresh this instance sent per session: touches closer than this are skipped. */
  private readonly touchedAt = new Map<string, number>();
  private readonly watchers = new Set<(change: SessionChange) => void>();
  /** Tells this instance's own change messages apart from other instances'. */
  private readonly origin = randomBytes(8).toString('hex');
  /** Bumped on every invalidation: a read that overlapped one is not cached (it may predate the change). */
  private invalidations = 0;
  private readonly indexKey: string;
  private readonly invalidationChannel: string;
  private readonly createScript: ScriptCall;
  private readonly updateScript: ScriptCall;
  private readonly touchScript: ScriptCall;
  private readonly deleteScript: ScriptCall;
  private readonly countScript: ScriptCall;

  constructor(
    private readonly connection: RedisConnection,
    private readonly bus: RedisMessageBus,
    private readonly options: ResolvedRedisStoresOptions,
  ) {
    this.indexKey = `${connection.prefix}sessions`;
    this.invalidationChannel = `${connection.prefix}internal:session-changed`;
    this.createScript = connection.script(2, SESSION_CREATE);
    this.updateScript = connection.script(2, SESSION_UPDATE);
    this.touchScript = connection.script(2, SESSION_TOUCH);
    this.deleteScript = connection.script(2, SESSION_DELETE);
    this.countScript = connection.script(1, SESSION_COUNT);
    bus.listenRaw(this.invalidationChannel, (message) => this.onChange(message));
    bus.onDrop(() => this.cache.clear());
  }

  /** Listeners of {@link SessionStore.watch}: changes from other instances, in publication order. */
  watch(listener: (change: SessionChange) => void): void {
    this.watchers.add(listener);
  }

  private onChange(message: string): void {
    let change: { o?: unknown; id?: unknown; patch?: unknown; deleted?: unknown };
    try {
      change = JSON.parse(message) as typeof change;
    } catch {
      return;
    }
    if (typeof change.id !== 'string') return;
    const id = change.id;
    this.invalidations++;
    this.cache.delete(id);
    if (change.deleted === true) this.touchedAt.delete(id);
    if (change.o === this.origin) return;
    const event: SessionChange =
      change.deleted === true ? { id, deleted: true } : { id, patch: (change.patch ?? {}) as Partial<SessionRecord> };
    for (const listener of this.watchers) {
      try {
        listener(event);
      } catch (error) {
        this.connection.logger?.warn({ session: id, err: error instanceof Error ? error.message : String(error) }, 'session watcher threw');
      }
    }
  }

  async create(record: SessionRecord, ttlMs: number): Promise<void> {
    const fields = encode(record);
    await this.connection.run('session create', () =>
      this.createScript([this.key(record.id), this.indexKey], [ttl(ttlMs), Date.now() + ttl(ttlMs), record.id, ...fields]),
    );
    this.touchedAt.set(record.id, Date.now());
  }

  async get(id: string): Promise<SessionRecord | undefined> {
    const cached = this.cache.get(id);
    const now = Date.now();
    if (cached !== undefined) {
      if (cached.until > now && this.connection.healthy() && this.bus.isLive(this.invalidationChannel)) {
        return { ...cached.record };
      }
      this.cache.delete(id);
    }
    const generation = this.invalidations;
    const hash = await this.connection.run('session get', (client) => client.hgetall(this.key(id)));
    const record = decode(id, hash);
    const cacheable = generation === this.invalidations && this.options.sessionCacheMs > 0 && this.bus.isLive(this.invalidationChannel);
    if (record !== undefined && cacheable) {
      if (this.cache.size >= this.options.sessionCacheMax) this.evictOldest();
      this.cache.set(id, { record, until: now + this.options.sessionCacheMs });
      return { ...record };
    }
    return record;
  }

  async update(id: string, patch: Partial<SessionRecord>, ttlMs: number): Promise<void> {
    const fields = encode(patch, true);
    this.cache.delete(id);
    await this.connection.run('session update', () =>
      this.updateScript([this.key(id), this.indexKey], [ttl(ttlMs), Date.now() + ttl(ttlMs), id, ...fields]),
    );
    this.touchedAt.set(id, Date.now());
    await this.publishChange({ o: this.origin, id, patch: withoutId(patch) });
  }

  async touch(id: string, ttlMs: number): Promise<void> {
    const now = Date.now();
    const last = this.touchedAt.get(id);
    // Refreshing a TTL on every request costs a round trip; the expiry may come this much early at most.
    if (last !== undefined && now - last < Math.min(1000, ttlMs / 10)) return;
    if (this.touchedAt.size >= 100_000) this.touchedAt.clear();
    this.touchedAt.set(id, now);
    await this.connection.run('session touch', () => this.touchScript([this.key(id), this.indexKey], [ttl(ttlMs), now + ttl(ttlMs), id]));
  }

  async delete(id: string): Promise<boolean> {
    this.cache.delete(id);
    this.touchedAt.delete(id);
    const removed = await this.connection.run('session delete', () => this.deleteScript([this.key(id), this.indexKey], [id]));
    await this.publishChange({ o: this.origin, id, deleted: true });
    return Number(removed) > 0;
  }

  async count(): Promise<number> {
    const live = await this.connection.run('session count', () => this.countScript([this.indexKey], [Date.now()]));
    return Number(live);
  }

  private key(id: string): string {
    return this.connection.key('session', id);
  }

  /**
   * Tell the other instances (their session caches and watchers). Published after the write, before the
   * caller's reply: Redis delivers it ahead of anything this instance publishes later.
   */
  private async publishChange(change: { o: string; id: string; patch?: Partial<SessionRecord>; deleted?: true }): Promise<void> {
    this.invalidations++;
    await this.bus.publishRaw(this.invalidationChannel, JSON.stringify(change));
  }

  private evictOldest(): void {
    const now = Date.now();
    for (const [id, entry] of this.cache) {
      if (entry.until <= now || this.cache.size >= this.options.sessionCacheMax) this.cache.delete(id);
      else break;
    }
  }
}

function withoutId(patch: Partial<SessionRecord>): Partial<SessionRecord> {
  if (!('id' in patch)) return patch;
  const { id: _id, ...rest } = patch;
  return rest;
}

function ttl(ttlMs: number): number {
  if (!Number.isFinite(ttlMs) || ttlMs < 1) throw new RangeError(`session ttlMs must be a positive number of ms, got ${String(ttlMs)}`);
  return Math.ceil(ttlMs);
}

/** Field/value pairs for HSET; `id` is the key and never rewritten by an update. */
function encode(record: Partial<SessionRecord>, skipId = false): string[] {
  const fields: string[] = [];
  for (const [name, value] of Object.entries(record)) {
    if (value === undefined || (skipId && name === 'id')) continue;
    fields.push(name, JSON.stringify(value));
  }
  return fields;
}

function decode(id: string, hash: Record<string, string>): SessionRecord | undefined {
  const names = Object.keys(hash);
  if (names.length === 0) return undefined;
  const record: Record<string, unknown> = {};
  for (const name of names) {
    const raw = hash[name];
    if (raw === undefined) continue;
    try {
      record[name] = JSON.parse(raw);
    } catch {
      throw new Error(`redis session ${id}: field ${name} is not JSON (written by something else than mcp-gen?)`);
    }
  }
  if (typeof record['principal'] !== 'string' || typeof record['protocolVersion'] !== 'string') {
    throw new Error(`redis session ${id}: record lacks principal/protocolVersion (written by something else than mcp-gen?)`);
  }
  record['id'] = id;
  return record as unknown as SessionRecord;
}
