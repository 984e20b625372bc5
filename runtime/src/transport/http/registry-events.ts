/**
 * flask-mcp-server's `curl -N /mcp`: a GET without a session opens a stream of registry change events. An
 * `event: hello` first (MCP clients only read `message` events), then `notifications/{tools,resources,prompts}/
 * list_changed` as plain SSE messages. Not resumable, never carries requests or responses.
 */
import { SERVER_ERROR } from '../../protocol/errors.js';
import { type Endpoint, httpError } from './endpoint.js';
import type { GuardContext } from './guards.js';
import { SLOW_CLIENT, SseStream } from './sse-stream.js';
import { sseEvent } from './sse.js';

/** What a sessionless registry-event stream carries. */
const LIST_CHANGED: ReadonlySet<string> = new Set(['notifications/tools/list_changed', 'notifications/resources/list_changed', 'notifications/prompts/list_changed']);

/**
 * Bounded: MCP_MAX_STREAMS_PER_SESSION per principal (anonymous callers: per ip) and MCP_MAX_SESSIONS in all
 * (429 `too_many_streams`).
 *
 * @example
 * const events = new RegistryEvents(ep);
 * events.open(r); // the response stays open
 */
export class RegistryEvents {
  /** Open streams per principal (`id:<caller>`) or, for anonymous callers, per ip (`ip:<address>`). */
  private readonly byClient = new Map<string, number>();
  private count = 0;

  constructor(private readonly ep: Endpoint) {}

  open(r: GuardContext): void {
    const { engine } = this.ep;
    const caller = this.ep.callerOf(r);
    const key = caller.scheme === 'none' || caller.id === 'anonymous' ? `ip:${r.ip}` : `id:${caller.id}`;
    const held = this.byClient.get(key) ?? 0;
    const max = engine.settings.maxStreamsPerSession;
    const total = engine.settings.maxSessions;
    if ((max > 0 && held >= max) || (total > 0 && this.count >= total)) {
      const why = max > 0 && held >= max ? `${held} registry event streams are open for this client (MCP_MAX_STREAMS_PER_SESSION=${max})` : `${this.count} registry event streams are open (MCP_MAX_SESSIONS=${total})`;
      throw httpError(429, 'too_many_streams', `Too Many Requests: ${why}`, SERVER_ERROR, undefined, { 'retry-after': '1' });
    }
    this.byClient.set(key, held + 1);
    this.count++;
    const tap = (message: object): void => {
      const method = (message as { method?: unknown }).method;
      if (typeof method === 'string' && LIST_CHANGED.has(method)) stream.send(message);
    };
    const stream: SseStream = new SseStream({
      retryMs: engine.sseRetryMs,
      onOverflow: (unsent) => engine.logger.warn({ unsent, resumable: false }, SLOW_CLIENT),
      onDone: () => {
        engine.notificationTaps.delete(tap);
        this.ep.getStreams.delete(stream);
        this.count--;
        const left = (this.byClient.get(key) ?? 1) - 1;
        if (left > 0) this.byClient.set(key, left);
        else this.byClient.delete(key);
        this.ep.gauge();
      },
    });
    const hello = { server: { name: engine.info.name, version: engine.info.version }, stream: 'registry-events', events: [...LIST_CHANGED] };
    stream.open(r.res, undefined, sseEvent(JSON.stringify(hello), undefined, 'hello'));
    engine.notificationTaps.add(tap);
    this.ep.getStreams.add(stream);
    this.ep.gauge();
  }
}
