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

/** How a message is published (see {@link MessageBus.publish}). */
export interface PublishOptions {
  /**
   * The message is an idempotent fan-out signal (sending it twice means the same as once: "the tool list
   * changed", "resource X was updated"). A networked bus that cannot publish it now keeps it in a small
   * bounded outbox (identical pending messages coalesce) and publishes it when the connection is back,
   * instead of rejecting. Never set it for messages that are only meaningful now (responses, routing).
   */
  readonly retain?: boolean;
}

/** Cross-instance messages: list_changed, resource updates, messages for a stream held elsewhere. */
export interface MessageBus {
  publish(channel: string, message: string, options?: PublishOptions): Promise<void>;
  subscribe(channel: string, onMessage: (message: string) => void): Promise<() => Promise<void>>;
  /**
   * Networked buses: `listener` runs once after each reconnection that followed a drop of the
   * subscription, when every channel is subscribed again. Messages published meanwhile were missed, so
   * listeners re-announce what may have changed. Returns a function that removes the listener.
   */
  onReconnect?(listener: () => void): () => void;
}

/** Status of a task (SEP-2663 tasks of the 2026-07-28 revision). */
export type StoredTaskStatus = 'working' | 'input_required' | 'completed' | 'failed' | 'cancelled';

/** A task as every instance sees it: plain JSON, the result stored with it. */
export interface StoredTask {
  readonly taskId: string;
  /** Principal id of the creator: nobody else sees the task. */
  readonly owner: string;
  readonly toolName: string;
  readonly status: StoredTaskStatus;
  readonly statusMessage?: string;
  /** ISO-8601. */
  readonly createdAt: string;
  readonly lastUpdatedAt: string;
  readonly ttlMs: number;
  readonly pollIntervalMs: number;
  /** The tool result once `completed`. */
  readonly result?: unknown;
  /** The error once `failed`. */
  readonly error?: { readonly code: number; readonly message: string; readonly data?: unknown };
  /** Input the task waits for while `input_required`, by key. */
  readonly inputRequests?: Readonly<Record<string, { readonly method: string; readonly params: object }>>;
  /**
   * Set when the instance running the handler holds a lease on the task (stores with
   * {@link TaskStore.renewLeases}): while `working`/`input_required`, the task is alive only as long as
   * that instance renews the lease; a reader that finds it lapsed turns the task `failed`.
   */
  readonly leaseMs?: number;
}

/** A stored task and its version, for optimistic updates ({@link TaskStore.replace}). */
export interface VersionedTask {
  readonly task: StoredTask;
  readonly version: number;
  /** Stores with leases: whether a lease on the task is live at the time of the read. */
  readonly leased?: boolean;
}

/**
 * Why {@link TaskStore.renewLeases} did not renew a task's lease: the task `ended` (terminal: finished,
 * cancelled, or failed by a reader that found the lease lapsed) or its record is `gone` (expired).
 */
export type LeaseLoss = 'ended' | 'gone';

/**
 * Tasks shared by every instance: the record expires `ttlMs` after its last write (or touch); every
 * change is a compare-and-set on a version, so two instances never overwrite each other's transition.
 */
export interface TaskStore {
  /**
   * Store a new task (version 1), readable for `ttlMs`. False when the id is taken. A running task with
   * `leaseMs` gets its lease in the same atomic step (stores with leases).
   */
  create(task: StoredTask, ttlMs: number): Promise<boolean>;
  /** The task and its version; undefined when unknown, expired, or (with `owner`) another principal's. */
  get(taskId: string, owner?: string): Promise<VersionedTask | undefined>;
  /**
   * Replace the task if its version is still `version`, and refresh its expiry to `ttlMs`.
   * Returns the new version, or undefined when it changed meanwhile or is gone (re-read and retry).
   */
  replace(task: StoredTask, version: number, ttlMs: number): Promise<number | undefined>;
  /** Keep a running task readable for another `ttlMs`. */
  touch(taskId: string, ttlMs: number): Promise<void>;
  /**
   * Leases (optional; a store without them keeps tasks alive with {@link TaskStore.touch} only): set the
   * lease of each running task to `leaseMs` from now and extend its record to `ttlMs`, in one round trip.
   * A lapsed lease nobody acted on is taken again (the task is still running); a task a reader failed
   * meanwhile is `ended`. Returns the tasks not renewed and why; the others were renewed.
   */
  renewLeases?(taskIds: readonly string[], leaseMs: number, ttlMs: number): Promise<ReadonlyMap<string, LeaseLoss>>;
  /**
   * A secret every instance on this store agrees on (signs `requestState`): the first candidate
   * stored wins and later callers get it back. In memory: the first candidate of this process.
   */
  sharedSecret(candidate: string): Promise<string>;
}

/** All stores of one server. */
export interface Stores {
  readonly sessions: SessionStore;
  readonly events: EventStore;
  readonly rateLimits: RateLimitStore;
  readonly cache: CacheStore;
  readonly nonces: NonceStore;
  readonly bus: MessageBus;
  /** Tasks and the shared `requestState` secret (2026-07-28); optional so custom store sets compile. */
  readonly tasks?: TaskStore;
  /** False while a networked backend is unreachable (readiness turns false). */
  healthy(): boolean;
  close(): Promise<void>;
}
