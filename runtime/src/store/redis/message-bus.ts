/**
 * MessageBus on Redis pub/sub. Messages go to every subscribed instance, this one included, at most
 * once, and only while connected: pub/sub keeps nothing, so anything that must survive an outage or a
 * dead instance goes to the EventStore first. Channels are re-subscribed by the bus itself after every
 * reconnection, including channels added while Redis was away (internal ones).
 *
 * Outages (docs/notes/bus-outage.md): a message published with `retain` (an idempotent fan-out signal)
 * that cannot go out now waits in a bounded, coalescing {@link BusOutbox} and is published once the
 * connection is back; anything else rejects with 503 as before. After the subscription itself dropped,
 * `onReconnect` listeners run once, when every channel is live again, so the engine can re-announce what
 * it may have missed.
 */
import type { MessageBus, PublishOptions } from '../types.js';
import type { RedisConnection } from './connection.js';
import { isStoreUnavailable } from './errors.js';
import { BusOutbox, type OutboxEntry, type OutboxLimits } from './outbox.js';

type Handler = (message: string) => void;

interface ChannelState {
  readonly handlers: Set<Handler>;
  /** Internal channels stay subscribed for the life of the stores, whatever the connection does. */
  readonly permanent: boolean;
  live: boolean;
  pending: Promise<void> | undefined;
}

export class RedisMessageBus implements MessageBus {
  private readonly channels = new Map<string, ChannelState>();
  private readonly dropListeners = new Set<() => void>();
  private readonly liveListeners = new Set<() => void>();
  private readonly reconnectListeners = new Set<() => void>();
  private readonly outbox: BusOutbox;
  /** The subscription was live once, then dropped: messages may have been missed until the next resubscription. */
  private everLive = false;
  private missed = false;
  private flushing: Promise<void> | undefined;
  private flushAgain = false;
  /** The first drop of an outage is logged, the rest counted in the flush summary. */
  private dropLogged = false;

  constructor(
    private readonly connection: RedisConnection,
    outboxLimits?: OutboxLimits,
  ) {
    this.outbox = new BusOutbox(outboxLimits);
    const { subscriber } = connection;
    subscriber.on('message', (channel: string, message: string) => this.deliver(channel, message));
    subscriber.on('close', () => {
      if (this.everLive) this.missed = true;
      for (const state of this.channels.values()) state.live = false;
      for (const listener of this.dropListeners) listener();
    });
    connection.onReady(() => void this.resubscribeAll());
    // Publishing needs only the main connection: flush as soon as it is back, whatever the subscriber does.
    connection.main.on('ready', () => void this.flushOutbox());
  }

  /** Full Redis channel name of a bus channel. */
  channel(name: string): string {
    return `${this.connection.prefix}bus:${name}`;
  }

  /**
   * Publish to every subscribed instance. With `retain` (idempotent signals only) a message that cannot
   * go out now is kept and published when Redis is back, and this resolves; otherwise it rejects with
   * 503 `store_unavailable` while Redis is away.
   */
  async publish(channel: string, message: string, options?: PublishOptions): Promise<void> {
    await this.publishRaw(this.channel(channel), message, options);
  }

  /**
   * Listen to a channel. Resolves once Redis confirmed the subscription; rejects with 503
   * `store_unavailable` (and keeps nothing) while Redis is away.
   */
  async subscribe(channel: string, onMessage: (message: string) => void): Promise<() => Promise<void>> {
    const full = this.channel(channel);
    const state = this.stateOf(full, false);
    state.handlers.add(onMessage);
    try {
      await this.ensureLive(full, state);
    } catch (error) {
      await this.removeHandler(full, state, onMessage);
      throw error;
    }
    let done = false;
    return async () => {
      if (done) return;
      done = true;
      await this.removeHandler(full, state, onMessage);
    };
  }

  /** Publish on a full (already prefixed) channel name; used by the stores for internal channels. */
  async publishRaw(fullChannel: string, message: string, options?: PublishOptions): Promise<void> {
    if (options?.retain !== true) {
      await this.connection.run('publish', (client) => client.publish(fullChannel, message));
      return;
    }
    // Not connected (waiting for the first connection would only delay the caller), or signals are
    // still waiting: keep it, behind them, so the flush publishes in the order they were raised.
    if (this.connection.main.status !== 'ready' || this.outbox.size > 0) {
      this.keep(fullChannel, message);
      if (this.connection.main.status === 'ready') void this.flushOutbox();
      return;
    }
    try {
      await this.connection.run('publish', (client) => client.publish(fullChannel, message));
    } catch (error) {
      // Lost with the connection (in flight at the drop): publish it again later. A duplicate is harmless.
      if (!isStoreUnavailable(error)) throw error;
      this.keep(fullChannel, message);
    }
  }

  /** Signals waiting for Redis to come back (for tests and metrics). */
  outboxSize(): number {
    return this.outbox.size;
  }

  /**
   * Run `listener` once after each reconnection that followed a drop of the subscription, when every
   * channel is live again (not on the first connection, and not per channel).
   */
  onReconnect(listener: () => void): () => void {
    this.reconnectListeners.add(listener);
    return () => {
      this.reconnectListeners.delete(listener);
    };
  }

  /** A permanent internal listener; subscribed now if possible, else as soon as Redis is back. */
  listenRaw(fullChannel: string, onMessage: Handler): void {
    const state = this.stateOf(fullChannel, true);
    state.handlers.add(onMessage);
    this.ensureLive(fullChannel, state).catch(() => {
      /* subscribed by resubscribeAll on the next `ready` */
    });
  }

  /** True while Redis confirms the channel is subscribed (messages on it are being received). */
  isLive(fullChannel: string): boolean {
    return this.channels.get(fullChannel)?.live === true && this.connection.subscriber.status === 'ready';
  }

  /** Called when the subscriber connection drops (messages may be missed from now on). */
  onDrop(listener: () => void): void {
    this.dropListeners.add(listener);
  }

  /** Called after every successful re-subscription of all channels. */
  onLive(listener: () => void): void {
    this.liveListeners.add(listener);
  }

  /** Channels with at least one handler (for tests and metrics). */
  channelCount(): number {
    return this.channels.size;
  }

  private stateOf(fullChannel: string, permanent: boolean): ChannelState {
    let state = this.channels.get(fullChannel);
    if (state === undefined) {
      state = { handlers: new Set(), permanent, live: false, pending: undefined };
      this.channels.set(fullChannel, state);
    }
    return state;
  }

  private async ensureLive(fullChannel: string, state: ChannelState): Promise<void> {
    if (state.live && this.connection.subscriber.status === 'ready') return;
    if (state.pending !== undefined) return state.pending;
    if (this.connection.subscriber.status !== 'ready') await this.connection.waitFirstConnection('subscribe');
    if (state.live) return; // subscribed by resubscribeAll while we waited
    const pending = this.connection.subscriber.subscribe(fullChannel).then(
      () => {
        state.live = true;
      },
      (error: unknown) => {
        throw this.connection.translate('subscribe', error);
      },
    );
    state.pending = pending;
    try {
      await pending;
    } finally {
      state.pending = undefined;
    }
  }

  private async removeHandler(fullChannel: string, state: ChannelState, handler: Handler): Promise<void> {
    state.handlers.delete(handler);
    if (state.handlers.size > 0 || state.permanent || this.channels.get(fullChannel) !== state) return;
    this.channels.delete(fullChannel);
    if (this.connection.subscriber.status !== 'ready') return;
    try {
      await this.connection.subscriber.unsubscribe(fullChannel);
    } catch {
      // Losing the connection drops every subscription anyway.
    }
  }

  private deliver(fullChannel: string, message: string): void {
    const state = this.channels.get(fullChannel);
    if (state === undefined) return;
    for (const handler of [...state.handlers]) {
      try {
        handler(message);
      } catch (error) {
        this.connection.logger?.warn({ channel: fullChannel, err: error instanceof Error ? error.message : String(error) }, 'message bus handler threw');
      }
    }
  }

  private async resubscribeAll(): Promise<void> {
    const names = [...this.channels.keys()];
    if (names.length === 0) {
      this.wentLive();
      return;
    }
    try {
      await this.connection.subscriber.subscribe(...names);
    } catch {
      return; // dropped again; the next `ready` retries
    }
    for (const name of names) {
      const state = this.channels.get(name);
      if (state !== undefined) state.live = true;
    }
    // Channels removed meanwhile must not stay subscribed.
    const stale = names.filter((name) => !this.channels.has(name));
    if (stale.length > 0) await this.connection.subscriber.unsubscribe(...stale).catch(() => undefined);
    this.wentLive();
  }

  /** Every channel is subscribed: tell the live listeners, and the reconnect listeners once per outage. */
  private wentLive(): void {
    // A drop while resubscribing leaves `missed` set: the next successful resubscription reports it.
    if (this.connection.subscriber.status !== 'ready') return;
    this.everLive = true;
    for (const listener of this.liveListeners) listener();
    if (!this.missed) return;
    this.missed = false;
    for (const listener of [...this.reconnectListeners]) {
      try {
        listener();
      } catch (error) {
        this.connection.logger?.warn({ err: error instanceof Error ? error.message : String(error) }, 'message bus reconnect listener threw');
      }
    }
  }

  private keep(fullChannel: string, message: string): void {
    if (this.outbox.add(fullChannel, message) && !this.dropLogged) {
      this.dropLogged = true;
      this.connection.logger?.warn(
        { limit: this.outbox.limits.maxMessages },
        'message bus outbox full while redis is away: the oldest cross-instance signals are dropped',
      );
    }
  }

  /** Publish what the outbox holds, oldest first, in one pipelined batch; whatever fails goes back. */
  private async flushOutbox(): Promise<void> {
    if (this.flushing !== undefined) {
      this.flushAgain = true;
      return this.flushing;
    }
    this.flushing = (async () => {
      let failures: number;
      do {
        this.flushAgain = false;
        if (this.connection.main.status !== 'ready' || this.outbox.size === 0) break;
        const entries = this.outbox.take();
        const failed = new Set<OutboxEntry>();
        let published = 0;
        // Issued in one tick: ioredis auto-pipelining sends them in one write, in this order.
        await Promise.all(
          entries.map((entry) =>
            this.connection.main.publish(entry.channel, entry.message).then(
              () => void published++,
              () => void failed.add(entry),
            ),
          ),
        );
        // Keep the original order for the retry (the promises may settle in any order).
        const retry = failed.size === 0 ? [] : entries.filter((entry) => failed.has(entry));
        this.outbox.restore(retry);
        failures = retry.length;
        const drops = this.outbox.takeDrops();
        if (failures === 0) this.dropLogged = false;
        this.connection.logger?.info(
          { published, pending: this.outbox.size, droppedFull: drops.full, droppedAged: drops.aged },
          'message bus: signals kept while redis was away are published',
        );
        // A failure means the connection dropped again: the next `ready` flushes; no retry loop here.
      } while (failures === 0 && this.flushAgain);
    })().finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }
}
