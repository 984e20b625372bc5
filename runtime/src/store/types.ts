/**
 * Shared state behind interfaces. The in-memory implementations (store/memory/) are the zero-setup
 * default; store/redis/ implements the same interfaces so several instances can share state.
 * Every method is async so a networked store fits; memory stores resolve at once.
 */

/** What a session remembers across requests and instances. */
export interface SessionRecord {
  readonly id: string;
  readonly protocolVersion: string;
  /** The identity the session was opened by; later requests must present the same one. */
  readonly principal: string;
  readonly roles: readonly string[];
  readonly clientInfo?: Readonly<Record<string, unknown>>;
  readonly clientCapabilities?: Readonly<Record<string, unknown>>;
  /** Level set by logging/setLevel. */
  logLevel?: string;
  /** Subscribed resource URIs. */
  subscriptions?: string[];
  initialized?: boolean;
  readonly createdAt: number;
  lastSeenAt: number;
}

/** A change another instance made to a session (see {@link SessionStore.watch}). */
export interface SessionChange {
  readonly id: string;
  /** The fields written by `update` (merged into the record). */
  readonly patch?: Partial<SessionRecord>;
  /** Set when the session was deleted. */
  readonly deleted?: boolean;
}

export interface SessionStore {
  create(record: SessionRecord, ttlMs: number): Promise<void>;
  get(id: string): Promise<SessionRecord | undefined>;
  /** Merge fields and refresh idle expiry. */
  update(id: string, patch: Partial<SessionRecord>, ttlMs: number): Promise<void>;
  /** Refresh idle expiry only. */
  touch(id: string, ttlMs: number): Promise<void>;
  delete(id: string): Promise<boolean>;
  count(): Promise<number>;
  /**
   * Networked stores only: hear about updates and deletes made by OTHER instances, in the order they
   * happened, so in-process copies of a session stay current. Absent on single-instance stores.
   */
  watch?(listener: (change: SessionChange) => void): void;
}

/** One stored SSE event, for resumption with Last-Event-ID. */
export interface StoredEvent {
  readonly id: string;
  readonly data: string;
}

/** Resumability: events are kept per stream for a bounded time/count. */
export interface EventStore {
  /** Append a message to a stream; returns its event id (encodes the stream id). */
  append(streamId: string, data: string): Promise<string>;
  /** Events of the stream that `lastEventId` belongs to, after it, in order. */
  replayAfter(lastEventId: string): Promise<{ streamId: string; events: StoredEvent[] } | undefined>;
  /** Forget a stream (after its final response was delivered and the retention passed). */
  drop(streamId: string): Promise<void>;
}

/** Rate-limit counters: exact fixed windows, atomic across instances. */
export interface RateLimitStore {
  /** Count one hit of `key` in a window of `windowMs`; returns the count and when the window resets. */
  hit(key: string, windowMs: number): Promise<{ count: number; resetAt: number }>;
}

/** TTL cache of results. */
export interface CacheStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
}

/** Seen-once values (HMAC replay protection). */
export interface NonceStore {
  /** True when `nonce` was not seen before (and is now remembered for ttlMs). */
  remember(nonce: string, ttlMs: number): Promise<boolean>;
}

/** Cross-instance messages: list_changed, resource updates, messages for a stream held elsewhere. */
export interface MessageBus {
  publish(channel: string, message: string): Promise<void>;
  subscribe(channel: string, onMessage: (message: string) => void): Promise<() => Promise<void>>;
}

/** All stores of one server. */
export interface Stores {
  readonly sessions: SessionStore;
  readonly events: EventStore;
  readonly rateLimits: RateLimitStore;
  readonly cache: CacheStore;
  readonly nonces: NonceStore;
  readonly bus: MessageBus;
  /** False while a networked backend is unreachable (readiness turns false). */
  healthy(): boolean;
  close(): Promise<void>;
}
