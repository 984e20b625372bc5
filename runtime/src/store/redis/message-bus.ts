/**
 * MessageBus on Redis pub/sub. Messages go to every subscribed instance, this one included, at most
 * once, and only while connected: pub/sub keeps nothing, so anything that must survive an outage or a
 * dead instance goes to the EventStore first. Channels are re-subscribed by the bus itself after every
 * reconnection, including channels added while Redis was away (internal ones).
 */
import type { MessageBus } from '../types.js';
import type { RedisConnection } from './connection.js';

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

  constructor(private readonly connection: RedisConnection) {
    const { subscriber } = connection;
    subscriber.on('message', (channel: string, message: string) => this.deliver(channel, message));
    subscriber.on('close', () => {
      for (const state of this.channels.values()) state.live = false;
      for (const listener of this.dropListeners) listener();
    });
    connection.onReady(() => void this.resubscribeAll());
  }

  /** Full Redis channel name of a bus channel. */
  channel(name: string): string {
    return `${this.connection.prefix}bus:${name}`;
  }

  async publish(channel: string, message: string): Promise<void> {
    await this.publishRaw(this.channel(channel), message);
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
  async publishRaw(fullChannel: string, message: string): Promise<void> {
    await this.connection.run('publish', (client) => client.publish(fullChannel, message));
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
      for (const listener of this.liveListeners) listener();
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
    for (const listener of this.liveListeners) listener();
  }
}
