/**
 * In-process message bus: channels with synchronous fan-out on a microtask.
 * With one instance there is nothing to cross; Redis replaces it for several.
 */
import type { MessageBus } from '../types.js';

/**
 * @example
 * const bus = new MemoryMessageBus();
 * const off = await bus.subscribe('news', (m) => console.log(m));
 * await bus.publish('news', 'hello');
 * await off();
 */
export class MemoryMessageBus implements MessageBus {
  readonly #channels = new Map<string, Set<(message: string) => void>>();

  publish(channel: string, message: string): Promise<void> {
    const subs = this.#channels.get(channel);
    if (subs !== undefined) {
      for (const fn of [...subs]) {
        queueMicrotask(() => {
          try {
            fn(message);
          } catch {
            // a subscriber's failure is its own; the bus keeps delivering
          }
        });
      }
    }
    return Promise.resolve();
  }

  subscribe(channel: string, onMessage: (message: string) => void): Promise<() => Promise<void>> {
    let subs = this.#channels.get(channel);
    if (subs === undefined) this.#channels.set(channel, (subs = new Set()));
    const fn = (m: string): void => onMessage(m);
    subs.add(fn);
    return Promise.resolve(() => {
      subs.delete(fn);
      if (subs.size === 0) this.#channels.delete(channel);
      return Promise.resolve();
    });
  }
}
