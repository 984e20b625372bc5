/**
 * In-memory event store for SSE resumption. Event ids are `<streamId>_<seq>`, so an id says which
 * stream it belongs to. Bounded per stream (oldest dropped), in time (idle streams expire), and in bytes
 * across all streams (the least recently written streams go first), so large messages cannot fill memory.
 */
import type { EventStore, StoredEvent } from '../types.js';

export interface MemoryEventStoreOptions {
  /** Events kept per stream (default 1000). */
  readonly maxEventsPerStream?: number;
  /** A stream untouched this long is forgotten (default 5 minutes). */
  readonly retentionMs?: number;
  /** Most streams kept; the least recently written is dropped first (default 10,000). */
  readonly maxStreams?: number;
  /** Most bytes of event data kept across all streams (default 64 MiB); see {@link DEFAULT_EVENT_STORE_BYTES}. */
  readonly maxBytes?: number;
  readonly now?: () => number;
}

/** Default byte budget of the memory event store: what resumption may hold in one process. */
export const DEFAULT_EVENT_STORE_BYTES = 64 * 1024 * 1024;

interface Stream {
  seq: number;
  events: StoredEvent[];
  touchedAt: number;
  /** Bytes of `events` (data length; ids are small and bounded). */
  bytes: number;
}

/**
 * @example
 * const events = new MemoryEventStore();
 * const id = await events.append('s1.0', '{"jsonrpc":"2.0","method":"ping"}');
 * await events.replayAfter(id); // { streamId: 's1.0', events: [] }
 */
export class MemoryEventStore implements EventStore {
  readonly #streams = new Map<string, Stream>();
  readonly #max: number;
  readonly #retention: number;
  readonly #maxStreams: number;
  readonly #maxBytes: number;
  readonly #now: () => number;
  #bytes = 0;
  #lastSweep = 0;

  constructor(options: MemoryEventStoreOptions = {}) {
    this.#max = Math.max(1, options.maxEventsPerStream ?? 1000);
    this.#retention = options.retentionMs ?? 300_000;
    this.#maxStreams = Math.max(1, options.maxStreams ?? 10_000);
    this.#maxBytes = Math.max(1, options.maxBytes ?? DEFAULT_EVENT_STORE_BYTES);
    this.#now = options.now ?? Date.now;
  }

  append(streamId: string, data: string): Promise<string> {
    const now = this.#now();
    let s = this.#streams.get(streamId);
    if (s === undefined) {
      this.#sweep(now);
      if (this.#streams.size >= this.#maxStreams) {
        const oldest = this.#streams.keys().next().value;
        if (oldest !== undefined) this.#forget(oldest);
      }
      s = { seq: 0, events: [], touchedAt: now, bytes: 0 };
    } else {
      this.#streams.delete(streamId); // re-insert: the map stays in least-recently-written order
    }
    this.#streams.set(streamId, s);
    s.touchedAt = now;
    const id = `${streamId}_${++s.seq}`;
    s.events.push({ id, data });
    s.bytes += data.length;
    this.#bytes += data.length;
    if (s.events.length > this.#max) this.#shift(s);
    this.#fit(s);
    return Promise.resolve(id);
  }

  /** Over the byte budget: drop the least recently written streams, then this stream's oldest events. */
  #fit(current: Stream): void {
    if (this.#bytes <= this.#maxBytes) return;
    for (const [id, other] of this.#streams) {
      if (this.#bytes <= this.#maxBytes) return;
      if (other !== current) this.#forget(id);
    }
    while (this.#bytes > this.#maxBytes && current.events.length > 1) this.#shift(current);
  }

  #shift(s: Stream): void {
    const gone = s.events.shift();
    if (gone === undefined) return;
    s.bytes -= gone.data.length;
    this.#bytes -= gone.data.length;
  }

  #forget(streamId: string): void {
    const s = this.#streams.get(streamId);
    if (s === undefined) return;
    this.#bytes -= s.bytes;
    this.#streams.delete(streamId);
  }

  /** Bytes of event data held now. */
  get bytes(): number {
    return this.#bytes;
  }

  replayAfter(lastEventId: string): Promise<{ streamId: string; events: StoredEvent[] } | undefined> {
    const cut = lastEventId.lastIndexOf('_');
    if (cut <= 0) return Promise.resolve(undefined);
    const streamId = lastEventId.slice(0, cut);
    const seqText = lastEventId.slice(cut + 1);
    if (!/^[0-9]{1,15}$/.test(seqText)) return Promise.resolve(undefined);
    const s = this.#streams.get(streamId);
    if (s === undefined || this.#now() - s.touchedAt > this.#retention) return Promise.resolve(undefined);
    const seq = Number(seqText);
    const events = s.events.filter((e) => Number(e.id.slice(cut + 1)) > seq);
    return Promise.resolve({ streamId, events });
  }

  drop(streamId: string): Promise<void> {
    this.#forget(streamId);
    return Promise.resolve();
  }

  #sweep(now: number): void {
    if (now - this.#lastSweep < 1000) return;
    this.#lastSweep = now;
    for (const [id, s] of this.#streams) {
      if (now - s.touchedAt > this.#retention) this.#forget(id);
      else break; // ordered by last write: the rest are newer
    }
  }
}
