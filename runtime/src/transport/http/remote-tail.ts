/**
 * A resumable POST stream whose request runs on another instance (several instances sharing stores):
 * the client resumed it here with `Last-Event-ID`. The events come from the shared event store: what the
 * client missed at once, then whatever the running instance stores next (it pokes this instance over the
 * bus after each event, see `SseStream.tail`). The stream ends after the JSON-RPC response (a POST stream
 * carries exactly one) or when the running instance reports it done.
 */
import type { ServerResponse } from 'node:http';
import type { EventStore } from '../../store/types.js';
import { SSE_HEADERS } from './headers.js';
import { sseEvent } from './sse.js';

/** How long a completed, fully delivered stream stays resumable (as in SseStream). */
const DROP_DELIVERED_AFTER_MS = 10_000;
/** Keep-alive and re-read period: a poke lost on the bus (Redis reconnecting) only delays events. */
const CHECK_EVERY_MS = 15_000;

export interface RemoteTailOptions {
  readonly store: EventStore;
  readonly streamId: string;
  /** Called once when the connection is over (delivered, ended elsewhere, or the client left). */
  readonly onDone: () => void;
  /** Logs a store failure. */
  readonly onError: (err: unknown) => void;
}

/** True for a JSON-RPC response (the final message of a POST stream), not a request or notification. */
function isResponse(data: string): boolean {
  try {
    const m = JSON.parse(data) as Record<string, unknown> | null;
    return typeof m === 'object' && m !== null && !('method' in m) && 'id' in m && ('result' in m || 'error' in m);
  } catch {
    return false;
  }
}

export class RemoteTail {
  private lastEventId: string;
  private chain: Promise<void> = Promise.resolve();
  private done = false;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly res: ServerResponse,
    lastEventId: string,
    private readonly options: RemoteTailOptions,
  ) {
    this.lastEventId = lastEventId;
    res.writeHead(200, SSE_HEADERS);
    // headers now: with nothing to replay yet the client would otherwise wait for the first event
    res.flushHeaders();
    if (res.listenerCount('error') === 0) res.on('error', () => undefined);
    res.once('close', () => this.finish());
    this.timer = setInterval(() => {
      if (!this.done) res.write(': keep-alive\n\n');
      this.pull();
    }, CHECK_EVERY_MS);
    this.timer.unref();
  }

  get ended(): boolean {
    return this.done;
  }

  /** Write what the store holds after the last delivered event; `end`: the running instance finished. */
  pull(end = false): void {
    this.chain = this.chain
      .then(async () => {
        if (this.done) return;
        const replay = await this.options.store.replayAfter(this.lastEventId);
        if (replay === undefined) {
          // unknown or expired stream: nothing more will come
          this.finish();
          return;
        }
        let final = false;
        for (const e of replay.events) {
          this.lastEventId = e.id;
          if (e.data === '') continue;
          this.res.write(sseEvent(e.data, e.id));
          if (isResponse(e.data)) final = true;
        }
        if (final) {
          const { store, streamId } = this.options;
          setTimeout(() => void store.drop(streamId).catch(() => undefined), DROP_DELIVERED_AFTER_MS).unref();
        }
        if (final || end) this.finish();
      })
      .catch((err: unknown) => {
        this.options.onError(err);
        this.finish(); // the client resumes again; a store outage must not leave the connection hanging
      });
  }

  /** End the connection (another instance took the stream over, or the session closed). */
  finish(): void {
    if (this.done) return;
    this.done = true;
    clearInterval(this.timer);
    this.res.end();
    this.options.onDone();
  }
}
