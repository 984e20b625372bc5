/**
 * What one instance tells the others and hears from them over the message bus (several instances on Redis;
 * in memory the bus has no one else to reach): list changes and resource updates for their sessions,
 * client responses and cancellations for a request another instance is running, and hand-overs of SSE
 * streams. After a bus outage it re-announces what may have been missed.
 */
import { randomUUID } from 'node:crypto';
import type { JsonRpcErrorObject, RequestId } from '../protocol/types.js';
import type { Engine } from './engine.js';
import type { ListKind } from './live-registry.js';
import type { Session } from './session.js';

const BROADCAST_CHANNEL = 'mcp:broadcast';
/** Messages for a session whose in-flight state another instance holds (responses, cancellations, streams). */
const SESSION_CHANNEL = 'mcp:session-msg';

/** The lists `initialize` advertises with `listChanged: true` (protocol/methods/lifecycle.ts). */
const LIST_CHANGED_KINDS = ['tools', 'resources', 'prompts'] as const;

/** A message about a resumable POST stream between instances (see {@link InstanceBus.publishStream}). */
export interface StreamMessage {
  readonly k: 'take' | 'tail';
  /** Session id. */
  readonly s: string;
  readonly stream: string;
  /** `tail` only: the stream completed. */
  readonly end?: boolean;
}

/** A client's answer to, or cancellation of, a request that another instance sent or runs. */
export interface ForwardedMessage {
  readonly k: 'response' | 'cancel';
  readonly id: RequestId;
  readonly result?: unknown;
  readonly error?: JsonRpcErrorObject | undefined;
  readonly reason?: string;
}

/** The notification that a list changed. */
export function listChanged(kind: ListKind): object {
  return { jsonrpc: '2.0', method: `notifications/${kind}/list_changed` };
}

/**
 * @example
 * const instances = new InstanceBus(engine);
 * await instances.notifyListChanged('tools'); // this instance's sessions now, the others' through the bus
 */
export class InstanceBus {
  private readonly id = randomUUID();
  /** Subscriptions made so far (one still pending at close is left to the stores' own close). */
  private readonly unsubscribes: Array<() => Promise<void>> = [];
  private readonly offReconnect: (() => void) | undefined;

  constructor(private readonly engine: Engine) {
    const { bus } = engine.stores;
    const subscribe = (channel: string, onMessage: (raw: string) => void, what: string): void => {
      bus
        .subscribe(channel, onMessage)
        .then((u) => this.unsubscribes.push(u))
        .catch((err: unknown) => engine.logger.warn({ err }, `${what} subscription failed`));
    };
    subscribe(BROADCAST_CHANNEL, (m) => this.onBroadcast(m), 'broadcast');
    subscribe(SESSION_CHANNEL, (m) => this.onSessionMessage(m), 'session channel');
    this.offReconnect = bus.onReconnect?.(() => void this.catchUp());
  }

  /** Send a notification to this instance's sessions that are past their handshake (and pass `filter`). */
  local(message: object, filter?: (s: Session) => boolean): void {
    for (const tap of this.engine.notificationTaps) tap(message);
    const send = (s: Session): void => {
      const g = s.getStream;
      // sessions still in their handshake get no notifications (lifecycle: only pings and logging)
      if (g !== undefined && !g.closed && s.initialized && (filter === undefined || filter(s))) g.send(message);
    };
    this.eachSession(send);
  }

  /** Every session this instance holds: HTTP sessions in the manager's cache, and local ones (stdio). */
  private eachSession(fn: (s: Session) => void): void {
    for (const s of this.engine.sessions.local.values()) fn(s);
    for (const s of this.engine.localSessions) fn(s);
  }

  // Both are idempotent fan-out signals ("re-read X"): `retain` keeps them while the bus is down and
  // publishes them when it is back, coalesced, instead of losing them (docs/notes/bus-outage.md).
  async notifyResourceUpdated(uri: string): Promise<void> {
    this.localUpdated(uri);
    await this.engine.stores.bus.publish(BROADCAST_CHANNEL, JSON.stringify({ i: this.id, t: 'updated', uri }), { retain: true });
  }

  async notifyListChanged(kind: ListKind): Promise<void> {
    this.local(listChanged(kind));
    await this.engine.stores.bus.publish(BROADCAST_CHANNEL, JSON.stringify({ i: this.id, t: 'list', kind }), { retain: true });
  }

  /** A client's response or cancellation, for the instance holding the session's in-flight request. */
  forward(sessionId: string, message: ForwardedMessage): void {
    this.publishSession({ s: sessionId, ...message });
  }

  /**
   * This instance now holds the session's GET stream: the others drop their (detached) copy, which would
   * otherwise keep storing every notification a second time in the shared event store.
   */
  releaseGetStream(sessionId: string): void {
    this.publishSession({ s: sessionId, k: 'release' });
  }

  /**
   * Tell the other instances about a resumable POST stream: `take` (a client resumed it here: stop delivering
   * it, send `tail` pokes instead) or `tail` (new events are in the event store; `end` once it completed).
   */
  publishStream(message: StreamMessage): void {
    this.publishSession(message);
  }

  /**
   * The bus was disconnected and is back: list changes and resource updates other instances raised
   * meanwhile never reached this one, and nothing says which. So act as if all of them fired: every
   * local stream gets list_changed for each list the server advertises with `listChanged`, and
   * resources/updated for each URI its session subscribed to (the client re-reads; a spurious
   * notification is allowed, a missing one leaves it stale). Once per outage; the local sessions are
   * first re-read from the store (subscriptions may have changed elsewhere), then one pass over them,
   * one message per list and subscription.
   */
  async catchUp(): Promise<void> {
    const { engine } = this;
    if (engine.closing) return;
    await engine.sessions.resync().catch((err: unknown) => engine.logger.warn({ err }, 'sessions could not be re-read after the bus reconnected'));
    if (engine.closing) return;
    let streams = 0;
    let updates = 0;
    for (const kind of LIST_CHANGED_KINDS) for (const tap of engine.notificationTaps) tap(listChanged(kind));
    const announce = (s: Session): void => {
      const g = s.getStream;
      if (g === undefined || g.closed || !s.initialized) return;
      streams++;
      for (const kind of LIST_CHANGED_KINDS) g.send(listChanged(kind));
      for (const uri of s.subscriptions ?? []) {
        g.send(updatedNotification(uri));
        updates++;
      }
    };
    this.eachSession(announce);
    for (const hook of engine.busReconnectHooks) {
      try {
        hook();
      } catch (err) {
        engine.logger.warn({ err }, 'bus reconnect hook failed');
      }
    }
    engine.logger.info({ streams, updates }, 'message bus reconnected: list changes and resource updates re-announced to local streams');
  }

  /** Stop listening to the other instances. */
  async close(): Promise<void> {
    this.offReconnect?.();
    for (const unsubscribe of this.unsubscribes.splice(0)) await unsubscribe().catch(() => undefined);
  }

  private localUpdated(uri: string): void {
    this.local(updatedNotification(uri), (s) => s.subscriptions?.has(uri) ?? false);
  }

  private publishSession(payload: object): void {
    this.engine.stores.bus
      .publish(SESSION_CHANNEL, JSON.stringify({ i: this.id, ...payload }))
      .catch((err: unknown) => this.engine.logger.warn({ err }, 'session message publish failed'));
  }

  private onBroadcast(raw: string): void {
    let m: { i?: string; t?: string; kind?: ListKind; uri?: string };
    try {
      m = JSON.parse(raw) as typeof m;
    } catch {
      return;
    }
    if (m.i === this.id) return;
    if (m.t === 'list' && (m.kind === 'tools' || m.kind === 'resources' || m.kind === 'prompts')) this.local(listChanged(m.kind));
    else if (m.t === 'updated' && typeof m.uri === 'string') this.localUpdated(m.uri);
  }

  private onSessionMessage(raw: string): void {
    let m: { i?: string; s?: string; k?: string; id?: RequestId; result?: unknown; error?: JsonRpcErrorObject; reason?: string; stream?: unknown; end?: unknown };
    try {
      m = JSON.parse(raw) as typeof m;
    } catch {
      return;
    }
    if (m.i === this.id || typeof m.s !== 'string') return;
    const { sessions, streamListeners } = this.engine;
    if (m.k === 'release') {
      sessions.local.get(m.s)?.getStream?.close();
      return;
    }
    if ((m.k === 'take' || m.k === 'tail') && typeof m.stream === 'string') {
      const message: StreamMessage = { k: m.k, s: m.s, stream: m.stream, end: m.end === true };
      for (const listener of streamListeners) listener(message);
      return;
    }
    if (typeof m.id !== 'string' && typeof m.id !== 'number') return;
    const session = sessions.local.get(m.s);
    if (session === undefined) return;
    if (m.k === 'response') session.settle(m.id, m.result, m.error);
    else if (m.k === 'cancel') session.cancel(m.id, m.reason ?? 'cancelled by the client');
  }
}

function updatedNotification(uri: string): object {
  return { jsonrpc: '2.0', method: 'notifications/resources/updated', params: { uri } };
}
