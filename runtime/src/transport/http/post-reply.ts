/**
 * The reply to one POST: JSON by default, switched to SSE the first time the handler sends a related
 * message (progress, log, sampling, elicitation, roots) or when SSE replies are forced.
 *
 * Forced SSE is deferred: a reply that is ready within the same event-loop turn (the common case) is
 * written as headers + priming event + response in one `res.end`, with no stream object, no event
 * store entry and no timer. A reply still running at the next turn opens the real (resumable) stream,
 * so a long call still sends its priming event at once.
 */
import type { ServerResponse } from 'node:http';
import type { Engine } from '../../server/engine.js';
import type { Session } from '../../server/session.js';
import type { Outbound } from '../../server/types.js';
import { JSON_HEADERS, SSE_HEADERS } from './headers.js';
import { SLOW_CLIENT, SseStream } from './sse-stream.js';
import { sseEvent } from './sse.js';

const JSON_CONTENT_TYPE = JSON_HEADERS['content-type']!;

/**
 * Where the reply finds headers HTTP guards queued (RateLimit-*): a one-shot reply writes them within its own
 * `writeHead` (node's fast path), a stream or a 202 applies them through `res.setHeader` first.
 */
export interface ReplyHeaderSource {
  /** The queued headers as flat name/value pairs, or undefined; later ones go straight to the response. */
  takeReplyHeaders(): readonly string[] | undefined;
  /** Applies the queued headers with `res.setHeader`. */
  applyReplyHeaders(): void;
}
/** SSE response headers as a flat array (res.writeHead takes it without building an object). */
const SSE_HEADER_LIST: readonly string[] = Object.entries(SSE_HEADERS).flat();

/**
 * Replies that preferred SSE in this event-loop turn: one `setImmediate` serves all of them (not one timer
 * object per request); a reply already written meanwhile is skipped.
 */
let deferredReplies: PostReply[] = [];
let deferredTurn: NodeJS.Immediate | undefined;

function openDeferredReplies(): void {
  const replies = deferredReplies;
  deferredReplies = [];
  deferredTurn = undefined;
  for (const reply of replies) reply.openDeferred();
}

function deferToNextTurn(reply: PostReply): void {
  deferredReplies.push(reply);
  deferredTurn ??= setImmediate(openDeferredReplies);
}

export class PostReply implements Outbound {
  private sse: SseStream | undefined;
  /** SSE was asked for but not opened yet (see the file comment). */
  private deferred = false;
  /** Session whose id goes in the `Mcp-Session-Id` header (set after initialize). */
  sessionHeader: string | undefined;

  constructor(
    private readonly engine: Engine,
    private readonly res: ServerResponse,
    private readonly session: Session | undefined,
    private readonly protocolVersion: string,
    private readonly canStream: boolean,
    private readonly guardHeaders?: ReplyHeaderSource,
  ) {}

  /** True once the reply switched to SSE (or will answer on SSE). */
  get streaming(): boolean {
    return this.sse !== undefined || this.deferred;
  }

  private headers(): Record<string, string> | undefined {
    return this.sessionHeader === undefined ? undefined : { 'mcp-session-id': this.sessionHeader };
  }

  private get resumable(): boolean {
    const s = this.session;
    return s !== undefined && !s.local && this.protocolVersion >= '2025-11-25';
  }

  /**
   * Answer on SSE: at once when the reply is ready in this turn (one write), else the stream opens on
   * the next turn.
   */
  preferSse(): void {
    if (this.sse !== undefined || this.deferred) return;
    this.deferred = true;
    deferToNextTurn(this);
  }

  /** The next turn came and the reply is still running: open the real stream (see the file comment). */
  openDeferred(): void {
    if (!this.deferred) return; // written meanwhile
    this.deferred = false;
    if (!this.res.headersSent) this.startSse();
  }

  /** Switch to SSE now (headers, priming event when resumable). */
  startSse(): SseStream {
    if (this.sse !== undefined) return this.sse;
    this.cancelDeferred();
    const s = this.session;
    const resumable = this.resumable;
    const streamId = resumable ? s!.newStreamId() : undefined;
    const engine = this.engine;
    const stream = new SseStream({
      ...(resumable ? { store: engine.stores.events, streamId: streamId! } : {}),
      retryMs: engine.sseRetryMs,
      onError: (err) => engine.logger.warn({ err }, 'SSE event store failed'),
      onOverflow: (unsent) => engine.logger.warn({ unsent, resumable }, SLOW_CLIENT),
      onDone: () => {
        if (streamId !== undefined) s!.streams?.delete(streamId);
        if (s !== undefined) s.openStreams--;
      },
    });
    if (s !== undefined) s.openStreams++;
    if (streamId !== undefined) (s!.streams ??= new Map()).set(streamId, stream);
    this.guardHeaders?.applyReplyHeaders();
    stream.open(this.res, this.headers());
    this.sse = stream;
    return stream;
  }

  private cancelDeferred(): void {
    this.deferred = false;
  }

  send(message: object): void {
    if (!this.canStream) return; // the client accepts JSON only: related messages cannot reach it here
    this.startSse().send(message);
  }

  closeConnection(retryMs?: number): boolean {
    const s = this.session;
    if (!this.canStream || s === undefined || s.local || this.protocolVersion < '2025-11-25') return false;
    return this.startSse().closeConnection(retryMs);
  }

  /** Deliver the final response(s). */
  finish(body: object | readonly object[]): void {
    if (this.sse !== undefined) {
      this.sse.complete(Array.isArray(body) ? body : [body]);
      return;
    }
    if (this.deferred) {
      this.writeWholeSse(Array.isArray(body) ? body : [body]);
      return;
    }
    const text = JSON.stringify(body);
    const res = this.res;
    // headers as a flat array (no object spread per reply); an explicit length avoids chunked framing
    const length = String(Buffer.byteLength(text));
    const extra = this.guardHeaders?.takeReplyHeaders();
    const headers = this.sessionHeader === undefined ? ['content-type', JSON_CONTENT_TYPE, 'content-length', length] : ['content-type', JSON_CONTENT_TYPE, 'content-length', length, 'mcp-session-id', this.sessionHeader];
    if (extra !== undefined) for (let i = 0; i < extra.length; i++) headers.push(extra[i]!);
    res.writeHead(200, headers);
    res.end(text);
  }

  /** End without a response (every request in the body was cancelled). */
  finishEmpty(): void {
    if (this.sse !== undefined) this.sse.complete([]);
    else if (this.deferred) this.writeWholeSse([]);
    else {
      this.guardHeaders?.applyReplyHeaders();
      this.res.writeHead(202);
      this.res.end();
    }
  }

  /**
   * The whole SSE reply in one write: priming event (resumable sessions: an id and `retry:`), then the
   * messages. Nothing is stored: the client receives it all at once or never saw the priming id.
   */
  private writeWholeSse(messages: readonly object[]): void {
    this.cancelDeferred();
    let text = '';
    if (this.resumable) {
      const streamId = this.session!.newStreamId();
      text = `id: ${streamId}_1\nretry: ${this.engine.sseRetryMs}\ndata: \n\n`;
      for (let i = 0; i < messages.length; i++) text += sseEvent(JSON.stringify(messages[i]), `${streamId}_${i + 2}`);
    } else {
      for (const m of messages) text += sseEvent(JSON.stringify(m));
    }
    const res = this.res;
    const headers = [...SSE_HEADER_LIST, 'content-length', String(Buffer.byteLength(text))];
    if (this.sessionHeader !== undefined) headers.push('mcp-session-id', this.sessionHeader);
    const extra = this.guardHeaders?.takeReplyHeaders();
    if (extra !== undefined) for (let i = 0; i < extra.length; i++) headers.push(extra[i]!);
    res.writeHead(200, headers);
    res.end(text);
  }
}
