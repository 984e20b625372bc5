/**
 * An SSE stream that may outlive its connection. Resumable streams (2025-11-25 sessions) write every
 * message to the event store first, in order, so a client that reconnects with `Last-Event-ID`
 * gets exactly what it missed; the connection can be closed and re-attached at any time.
 */
import type { ServerResponse } from 'node:http';
import type { EventStore } from '../../store/types.js';
import type { PushStream } from '../../server/session.js';
import type { Outbound } from '../../server/types.js';
import { SSE_HEADERS } from './headers.js';
import { sseEvent } from './sse.js';

/** How long a completed, fully delivered stream stays resumable. */
const DROP_DELIVERED_AFTER_MS = 10_000;

/**
 * Bytes a connection may hold unsent before the stream lets it go: a client that stopped reading must not
 * grow the server's memory (node buffers every write). A resumable stream keeps going into its event store
 * (bounded) and the client resumes with Last-Event-ID; a plain stream ends.
 */
export const MAX_UNSENT_BYTES = 8 * 1024 * 1024;

/** The log line when a client that stopped reading is let go. */
export const SLOW_CLIENT = 'SSE client is not reading: connection dropped (a resumable stream resumes with Last-Event-ID)';

/**
 * Delivered streams waiting to be dropped from their store, oldest first. One timer serves them all
 * (not one per stream), and an entry holds only what the drop needs, never the stream object.
 */
const dropQueue: { at: number; store: EventStore; streamId: string }[] = [];
let dropHead = 0;
let dropTimer: NodeJS.Timeout | undefined;

function dropLater(store: EventStore, streamId: string): void {
  dropQueue.push({ at: Date.now() + DROP_DELIVERED_AFTER_MS, store, streamId });
  if (dropTimer === undefined) scheduleDrops();
}

function scheduleDrops(): void {
  const next = dropQueue[dropHead];
  if (next === undefined) {
    dropQueue.length = 0;
    dropHead = 0;
    dropTimer = undefined;
    return;
  }
  dropTimer = setTimeout(runDrops, Math.max(0, next.at - Date.now()) + 50);
  dropTimer.unref();
}

function runDrops(): void {
  const now = Date.now();
  while (dropHead < dropQueue.length && dropQueue[dropHead]!.at <= now) {
    const { store, streamId } = dropQueue[dropHead]!;
    dropQueue[dropHead++] = undefined!;
    void store.drop(streamId).catch(() => undefined);
  }
  // compact once the consumed prefix dominates, so the array never grows with the total call count
  if (dropHead > 1024 && dropHead * 2 > dropQueue.length) {
    dropQueue.splice(0, dropHead);
    dropHead = 0;
  }
  scheduleDrops();
}

export interface SseStreamOptions {
  /** Event store and stream id when resumable; undefined for plain streams. */
  readonly store?: EventStore;
  readonly streamId?: string;
  /** `retry:` hint sent with the priming event. */
  readonly retryMs: number;
  /** Called when the stream will carry no more messages (completed or closed for good). */
  readonly onDone?: () => void;
  /** Logs a store failure. */
  readonly onError?: (err: unknown) => void;
  /** Told when a client that stopped reading was let go (more than `maxUnsentBytes` waiting to be sent). */
  readonly onOverflow?: (unsentBytes: number) => void;
  /** Default {@link MAX_UNSENT_BYTES}. */
  readonly maxUnsentBytes?: number;
}

export class SseStream implements Outbound, PushStream {
  private res: ServerResponse | undefined;
  private chain: Promise<void> = Promise.resolve();
  private completed = false;
  private ended = false;
  /**
   * Set when another instance took this stream over (the client resumed there): called after each stored
   * event, and with `true` once the stream is done, so that instance reads the new events from the store.
   */
  tail: ((end: boolean) => void) | undefined;
  /**
   * After taking the stream over from another instance: the ids this connection has carried, so the late
   * catch-up (see {@link resume}) sends only what the other instance stored after the replay was read.
   */
  private carried: Set<string> | undefined;

  constructor(private readonly options: SseStreamOptions) {}

  get resumable(): boolean {
    return this.options.store !== undefined && this.options.streamId !== undefined;
  }

  get closed(): boolean {
    return this.ended;
  }

  /** True while a client connection is attached. */
  get attached(): boolean {
    return this.res !== undefined;
  }

  /** Start on a fresh response: headers, then (resumable) a priming event with an id and empty data. */
  open(res: ServerResponse, extraHeaders?: Readonly<Record<string, string>>, greeting?: string): void {
    res.writeHead(200, extraHeaders === undefined ? SSE_HEADERS : { ...SSE_HEADERS, ...extraHeaders });
    if (greeting !== undefined) res.write(greeting);
    this.attach(res);
    if (this.resumable) {
      const { store, streamId, retryMs } = this.options;
      this.enqueue(async () => {
        const id = await store!.append(streamId!, '');
        this.write(`id: ${id}\nretry: ${retryMs}\ndata: \n\n`);
      });
    } else {
      // flush headers now so the client sees the stream start
      res.flushHeaders();
    }
  }

  private attach(res: ServerResponse): void {
    this.res = res;
    // a write racing a disconnect must never become an unhandled 'error' event
    if (res.listenerCount('error') === 0) res.on('error', () => undefined);
    res.on('close', () => {
      if (this.res === res) this.res = undefined;
      if (!this.resumable) this.finishForGood();
    });
  }

  /**
   * Write to the attached connection. Writes of one turn are corked together so a priming event, the
   * messages and the end go out in one packet instead of one syscall each.
   */
  private write(text: string): void {
    const res = this.res;
    if (res === undefined) return;
    if (!res.writableCorked) {
      res.cork();
      process.nextTick(() => res.uncork());
    }
    this.push(res, text);
  }

  /**
   * Write, unless the client has not read what it was sent: with more than the limit still unsent, the
   * connection is let go instead. A message of any size goes out while less is waiting (a large result after a
   * few progress notifications), so memory per connection stays under the limit plus one message.
   */
  private push(res: ServerResponse, text: string): void {
    const unsent = res.writableLength;
    if (unsent <= (this.options.maxUnsentBytes ?? MAX_UNSENT_BYTES)) {
      res.write(text);
      return;
    }
    if (this.res === res) this.res = undefined;
    // destroy, not end: end would wait to flush what the client is not reading
    res.destroy();
    this.options.onOverflow?.(unsent);
    if (!this.resumable) this.finishForGood();
  }

  private enqueue(step: () => Promise<void> | void): void {
    this.chain = this.chain.then(step).catch((err: unknown) => this.options.onError?.(err));
  }

  send(message: object): void {
    if (this.ended || this.completed) return;
    const data = JSON.stringify(message);
    if (!this.resumable) {
      this.write(sseEvent(data));
      return;
    }
    const { store, streamId } = this.options;
    this.enqueue(async () => {
      const id = await store!.append(streamId!, data);
      this.carried?.add(id);
      this.write(sseEvent(data, id));
      this.tail?.(false);
    });
  }

  /** Send the final message(s) and end the stream once they are written (or stored, when detached). */
  complete(messages: readonly object[]): void {
    for (const m of messages) this.send(m);
    this.completed = true;
    this.enqueue(() => {
      const delivered = this.res !== undefined;
      this.res?.end();
      this.res = undefined;
      this.finishForGood();
      const { store, streamId } = this.options;
      if (delivered && store !== undefined && streamId !== undefined) {
        // the client got the whole stream: keep it briefly (a late resume still works), then free the store
        dropLater(store, streamId);
      }
    });
  }

  /** Close the connection but keep the stream (resumable only): the client reconnects with Last-Event-ID. */
  closeConnection(retryMs?: number): boolean {
    if (!this.resumable || this.ended) return false;
    this.enqueue(() => {
      const res = this.res;
      if (res === undefined) return;
      if (retryMs !== undefined) res.write(`retry: ${Math.max(0, Math.floor(retryMs))}\n\n`);
      this.res = undefined;
      res.end();
    });
    return true;
  }

  /**
   * Re-attach a reconnecting client: replay what it missed after `lastEventId`, then continue live
   * (or end, when the stream already completed).
   *
   * `lateCatchUpMs` (a stream taken over from another instance): that instance keeps storing events until it
   * hears that it lost the stream, possibly after the replay here was read; the store is read again after each
   * delay and what this connection has not carried yet is sent (late, so possibly after newer events).
   */
  resume(res: ServerResponse, lastEventId: string, extraHeaders?: Readonly<Record<string, string>>, lateCatchUpMs: readonly number[] = []): void {
    res.writeHead(200, extraHeaders === undefined ? SSE_HEADERS : { ...SSE_HEADERS, ...extraHeaders });
    // Headers go out now: with nothing to replay the client would otherwise wait for the next event.
    res.flushHeaders();
    const old = this.res;
    this.res = undefined;
    old?.end();
    const { store } = this.options;
    this.enqueue(async () => {
      let replay;
      try {
        replay = await store!.replayAfter(lastEventId);
      } catch (err) {
        res.end(); // the client retries; a store outage must not leave the connection hanging
        throw err;
      }
      for (const e of replay?.events ?? []) {
        if (e.data !== '') this.push(res, sseEvent(e.data, e.id));
        if (res.destroyed) return; // not reading: it resumes again later
      }
      if (this.ended || this.completed) {
        res.end();
        return;
      }
      this.attach(res);
      if (lateCatchUpMs.length > 0) this.catchUpLate(res, lastEventId, replay?.events.map((e) => e.id) ?? [], lateCatchUpMs);
    });
  }

  private catchUpLate(res: ServerResponse, lastEventId: string, replayed: readonly string[], delays: readonly number[]): void {
    const carried = new Set(replayed);
    this.carried = carried;
    const { store } = this.options;
    delays.forEach((ms, i) => {
      const timer = setTimeout(() => {
        this.enqueue(async () => {
          if (this.res !== res) return; // the connection moved on: its own resume replays
          const again = await store!.replayAfter(lastEventId);
          for (const e of again?.events ?? []) {
            if (carried.has(e.id)) continue;
            carried.add(e.id);
            if (e.data !== '') this.push(res, sseEvent(e.data, e.id));
          }
          if (i === delays.length - 1 && this.carried === carried) this.carried = undefined;
        });
      }, ms);
      timer.unref();
    });
  }

  /** End for good (session closed, server shutdown). */
  close(): void {
    this.enqueue(() => {
      this.res?.end();
      this.res = undefined;
      this.finishForGood();
    });
  }

  private finishForGood(): void {
    if (this.ended) return;
    this.ended = true;
    this.tail?.(true);
    this.options.onDone?.();
  }

  /** Write a comment (keep-alive) when attached. */
  comment(text: string): void {
    const res = this.res;
    if (res !== undefined) this.push(res, `: ${text}\n\n`);
  }

  /** Resolves when everything queued so far is written. */
  flushed(): Promise<void> {
    return this.chain;
  }
}
