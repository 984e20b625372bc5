/**
 * The in-process side of a session: what only this instance can hold (open streams, in-flight
 * calls, pending server-to-client requests). The durable part lives in `stores.sessions`.
 * Maps are created on first use so an idle session stays small.
 */
import { randomBytes } from 'node:crypto';
import type { LoggingLevel, RequestId } from '../protocol/types.js';
import type { SessionRecord } from '../store/types.js';

/** An open SSE connection the engine can push to (the session's GET stream). */
export interface PushStream {
  send(message: object): void;
  close(): void;
  readonly closed: boolean;
}

/** Something a cancellation can abort (an in-flight request creates its AbortController lazily). */
export interface Abortable {
  abort(reason?: unknown): void;
}

interface Pending {
  resolve(result: unknown): void;
  reject(error: Error): void;
}

/** Makes stream ids unique across instances sharing one event store (each counts from 0). */
const INSTANCE_TAG = randomBytes(4).toString('hex');
/** Session objects made by this process: two engines in one process (or a re-loaded session) never share a tag. */
let sessionObjects = 0;

export class Session {
  readonly id: string;
  readonly principal: string;
  protocolVersion: string;
  clientCapabilities: Readonly<Record<string, unknown>> | undefined;
  clientInfo: Readonly<Record<string, unknown>> | undefined;
  logLevel: LoggingLevel | undefined;
  initialized = false;
  lastSeenAt: number;
  /** Last time the store's idle expiry was refreshed. */
  touchedAt: number;
  subscriptions: Set<string> | undefined;
  getStream: PushStream | undefined;
  /** SSE streams of this session held open by this instance (POST replies that switched to SSE, the GET stream). */
  openStreams = 0;
  /** Streams held by this instance that may still be resumed (2025-11-25). */
  streams: Map<string, unknown> | undefined;
  private inflight: Map<RequestId, Abortable> | undefined;
  private pending: Map<RequestId, Pending> | undefined;
  private nextId = 0;
  private streamSeq = 0;
  /**
   * This process's (and this object's) tag in the ids it issues: stream ids and server-to-client request ids
   * of one session stay unique across the instances serving it, which all count from 0.
   */
  private get tag(): string {
    return `${INSTANCE_TAG}${this.serial.toString(36)}`;
  }
  /** A small integer, not the tag string: idle sessions (most never open a stream) do not pay for the tag. */
  private readonly serial = sessionObjects++;
  /** Local sessions (stdio, in-process) are never stored. */
  readonly local: boolean;
  closed = false;

  constructor(record: Pick<SessionRecord, 'id' | 'principal' | 'protocolVersion'> & Partial<SessionRecord>, local = false) {
    this.id = record.id;
    this.principal = record.principal;
    this.protocolVersion = record.protocolVersion;
    this.clientCapabilities = record.clientCapabilities;
    this.clientInfo = record.clientInfo;
    this.logLevel = record.logLevel as LoggingLevel | undefined;
    this.initialized = record.initialized ?? false;
    if (record.subscriptions && record.subscriptions.length > 0) this.subscriptions = new Set(record.subscriptions);
    this.lastSeenAt = Date.now();
    this.touchedAt = this.lastSeenAt;
    this.local = local;
  }

  /** A new stream id for this session: `<sessionId>.<tag>-<n>` so event ids say whose they are. */
  newStreamId(): string {
    return `${this.id}.${this.tag}-${(this.streamSeq++).toString(36)}`;
  }

  /** True when this object (this instance) issued `streamId`. */
  issuedHere(streamId: string): boolean {
    return streamId.startsWith(`${this.id}.${this.tag}-`);
  }

  /** True when `streamId` was issued for this session. */
  ownsStream(streamId: string): boolean {
    return streamId.startsWith(this.id + '.');
  }

  track(id: RequestId, controller: Abortable): void {
    (this.inflight ??= new Map()).set(id, controller);
  }

  untrack(id: RequestId): void {
    this.inflight?.delete(id);
  }

  /** Abort an in-flight request (notifications/cancelled); false when unknown. */
  cancel(id: RequestId, reason: string): boolean {
    const c = this.inflight?.get(id);
    if (c === undefined) return false;
    c.abort(new CancelledError(reason));
    return true;
  }

  get inflightCount(): number {
    return this.inflight?.size ?? 0;
  }

  /**
   * Register a server-to-client request; returns its id (`<tag>-<n>`: a response posted to another instance
   * can never settle this instance's request of the same number) and the promise of the client's answer.
   */
  expect(): { id: string; promise: Promise<unknown> } {
    const id = `${this.tag}-${(this.nextId++).toString(36)}`;
    const promise = new Promise<unknown>((resolve, reject) => {
      (this.pending ??= new Map()).set(id, { resolve, reject });
    });
    return { id, promise };
  }

  /** Settle a pending server-to-client request with the client's response; false when unknown. */
  settle(id: RequestId, result: unknown, error: { code: number; message: string; data?: unknown } | undefined): boolean {
    const p = this.pending?.get(id);
    if (p === undefined) return false;
    this.pending!.delete(id);
    if (error !== undefined) p.reject(new ClientRequestError(error.code, error.message, error.data));
    else p.resolve(result);
    return true;
  }

  forget(id: RequestId): void {
    this.pending?.delete(id);
  }

  /** End everything this instance holds for the session. */
  close(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.getStream?.close();
    this.getStream = undefined;
    if (this.inflight) for (const c of this.inflight.values()) c.abort(new CancelledError(reason));
    if (this.pending) for (const p of this.pending.values()) p.reject(new Error(`session closed: ${reason}`));
    this.inflight = undefined;
    this.pending = undefined;
  }
}

/** Abort reason for cancelled requests. */
export class CancelledError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'CancelledError';
  }
}

/** The client answered a server-to-client request with an error. */
export class ClientRequestError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
    this.name = 'ClientRequestError';
  }
}
