/**
 * The reply to one POST: JSON by default, switched to SSE the first time the handler sends a related
 * message (progress, log, sampling, elicitation, roots) or when SSE replies are forced.
 */
import type { ServerResponse } from 'node:http';
import type { Engine } from '../../server/engine.js';
import type { Session } from '../../server/session.js';
import type { Outbound } from '../../server/types.js';
import { JSON_HEADERS } from './headers.js';
import { SseStream } from './sse-stream.js';

export class PostReply implements Outbound {
  private sse: SseStream | undefined;
  /** Session whose id goes in the `Mcp-Session-Id` header (set after initialize). */
  sessionHeader: string | undefined;

  constructor(
    private readonly engine: Engine,
    private readonly res: ServerResponse,
    private readonly session: Session | undefined,
    private readonly protocolVersion: string,
    private readonly canStream: boolean,
  ) {}

  /** True once the reply switched to SSE. */
  get streaming(): boolean {
    return this.sse !== undefined;
  }

  private headers(): Record<string, string> | undefined {
    return this.sessionHeader === undefined ? undefined : { 'mcp-session-id': this.sessionHeader };
  }

  /** Switch to SSE now (headers, priming event when resumable). */
  startSse(): SseStream {
    if (this.sse !== undefined) return this.sse;
    const s = this.session;
    const resumable = s !== undefined && !s.local && this.protocolVersion >= '2025-11-25';
    const streamId = resumable ? s.newStreamId() : undefined;
    const engine = this.engine;
    const stream = new SseStream({
      ...(resumable ? { store: engine.stores.events, streamId: streamId! } : {}),
      retryMs: engine.sseRetryMs,
      onError: (err) => engine.logger.warn({ err }, 'SSE event store failed'),
      onDone: () => {
        if (streamId !== undefined) s!.streams?.delete(streamId);
        if (s !== undefined) s.openStreams--;
      },
    });
    if (s !== undefined) s.openStreams++;
    if (streamId !== undefined) (s!.streams ??= new Map()).set(streamId, stream);
    stream.open(this.res, this.headers());
    this.sse = stream;
    return stream;
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
    const text = JSON.stringify(body);
    const h = this.headers();
    // an explicit length avoids chunked framing for the common small reply
    this.res.writeHead(200, { ...JSON_HEADERS, 'content-length': String(Buffer.byteLength(text)), ...h });
    this.res.end(text);
  }

  /** End without a response (every request in the body was cancelled). */
  finishEmpty(): void {
    if (this.sse !== undefined) this.sse.complete([]);
    else {
      this.res.writeHead(202);
      this.res.end();
    }
  }
}
