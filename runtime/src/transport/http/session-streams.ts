/**
 * GET /mcp: a session's standalone SSE stream, and resumption with Last-Event-ID of any stream of the
 * session, on whichever instance the client reaches. With several instances on Redis a stream held
 * elsewhere (or by an instance that died) is taken over here: replayed from the shared event store, then
 * live (the GET stream) or followed while the instance running its request stores more (a POST stream).
 */
import type { ServerResponse } from 'node:http';
import { SERVER_ERROR } from '../../protocol/errors.js';
import type { StreamMessage } from '../../server/instance-bus.js';
import type { Session } from '../../server/session.js';
import { type Endpoint, header, httpError } from './endpoint.js';
import type { GuardContext } from './guards.js';
import { ALLOW_STATELESS, accepts } from './headers.js';
import type { RegistryEvents } from './registry-events.js';
import { RemoteTail } from './remote-tail.js';
import { SLOW_CLIENT, SseStream } from './sse-stream.js';

const KEEPALIVE_MS = 15_000;
/**
 * After taking a GET stream over, read the event store again this long after the replay: the instance that held
 * the stream stores notifications until the `release` message reaches it (see SseStream.resume).
 */
const TAKEOVER_CATCH_UP_MS: readonly number[] = [300, 2000];

/**
 * @example
 * const streams = new SessionStreams(ep, new RegistryEvents(ep));
 * streams.serveGet(r).catch((err) => fail(r, err));
 * // on shutdown
 * streams.close();
 */
export class SessionStreams {
  /** Session of each open GET stream: an open stream keeps its session alive. */
  private readonly owners = new WeakMap<SseStream, Session>();
  /** POST streams resumed here while another instance runs their request, by stream id. */
  private readonly followers = new Map<string, RemoteTail>();
  private readonly keepalive: NodeJS.Timeout;
  private readonly onStreamMessage = (m: StreamMessage): void => this.streamMessage(m);
  // `tail` pokes published while the bus was down were lost: re-read every followed stream at once
  // instead of at its next periodic check.
  private readonly pullFollowers = (): void => {
    for (const f of this.followers.values()) f.pull();
  };

  constructor(
    private readonly ep: Endpoint,
    private readonly registryEvents: RegistryEvents,
  ) {
    const { engine } = ep;
    this.keepalive = setInterval(() => {
      for (const s of ep.getStreams) {
        s.comment('keep-alive');
        const owner = this.owners.get(s);
        if (owner !== undefined && s.attached) engine.sessions.seen(owner);
      }
    }, KEEPALIVE_MS);
    this.keepalive.unref();
    engine.streamListeners.add(this.onStreamMessage);
    engine.busReconnectHooks.add(this.pullFollowers);
  }

  async serveGet(r: GuardContext): Promise<void> {
    const { engine } = this.ep;
    const { req, res } = r;
    if (engine.stateless) throw httpError(405, 'method_not_allowed', 'Method Not Allowed: this server is stateless (no GET stream)', SERVER_ERROR, undefined, { allow: ALLOW_STATELESS });
    if (!accepts(header(req, 'accept')).sse) throw httpError(406, 'not_acceptable', 'Not Acceptable: Client must accept text/event-stream');
    this.ep.versionHeader(r);
    const lastEventId = header(req, 'last-event-id');
    const sid = header(req, 'mcp-session-id');
    if ((sid === undefined || sid === '') && (lastEventId === undefined || lastEventId === '')) {
      // flask-mcp-server's `curl -N /mcp`: a sessionless stream of registry change events
      this.registryEvents.open(r);
      return;
    }
    const session = (await this.ep.sessionFor(r, this.ep.callerOf(r), true))!;
    // the GET stream carries notifications only once initialized: make sure a change made elsewhere is known
    if (!session.initialized) await engine.initializedElsewhere(session);
    if (lastEventId !== undefined && lastEventId !== '') {
      this.resume(r, session, lastEventId);
      return;
    }
    const existing = session.getStream;
    if (existing instanceof SseStream && existing.attached && !existing.closed) {
      throw httpError(409, 'conflict', 'Conflict: Only one SSE stream is allowed per session');
    }
    existing?.close();
    this.ep.tooManyStreams(session);
    const stream = this.hold(session, res);
    stream.open(res, undefined, ': stream opened\n\n');
    if (stream.resumable) engine.instances.releaseGetStream(session.id);
    this.ep.gauge();
  }

  /** Stop keep-alives and following, close every GET stream. */
  close(): void {
    const { engine, getStreams } = this.ep;
    clearInterval(this.keepalive);
    engine.streamListeners.delete(this.onStreamMessage);
    engine.busReconnectHooks.delete(this.pullFollowers);
    for (const f of [...this.followers.values()]) f.finish();
    for (const s of getStreams) s.close();
    getStreams.clear();
  }

  /** Make this instance the holder of the session's GET stream (`<session>.g`), served on `res`. */
  private hold(session: Session, res: ServerResponse): SseStream {
    const { engine, getStreams } = this.ep;
    const resumable = session.protocolVersion >= '2025-11-25';
    const streamId = `${session.id}.g`;
    const stream: SseStream = new SseStream({
      ...(resumable ? { store: engine.stores.events, streamId } : {}),
      retryMs: engine.sseRetryMs,
      onError: (err) => engine.logger.warn({ err }, 'SSE event store failed'),
      onOverflow: (unsent) => engine.logger.warn({ unsent, resumable }, SLOW_CLIENT),
      onDone: () => {
        getStreams.delete(stream);
        session.openStreams--;
        if (session.getStream === stream) session.getStream = undefined;
        this.ep.gauge();
      },
    });
    session.openStreams++;
    session.getStream = stream;
    getStreams.add(stream);
    this.owners.set(stream, session);
    res.once('close', () => {
      // a resumable stream stays registered (events are stored for the client's return) but stops keep-alives
      if (stream.resumable) getStreams.delete(stream);
      this.ep.gauge();
    });
    return stream;
  }

  private resume(r: GuardContext, session: Session, lastEventId: string): void {
    const { engine, getStreams } = this.ep;
    const cut = lastEventId.lastIndexOf('_');
    const streamId = cut > 0 ? lastEventId.slice(0, cut) : '';
    if (!session.ownsStream(streamId)) throw httpError(400, 'invalid_last_event_id', 'Bad Request: Last-Event-ID does not belong to this session', SERVER_ERROR);
    const getStreamId = `${session.id}.g`;
    const local = streamId === getStreamId ? session.getStream : session.streams?.get(streamId);
    if (local instanceof SseStream) {
      if (streamId === getStreamId) {
        getStreams.add(local);
        engine.instances.releaseGetStream(session.id);
      }
      local.resume(r.res, lastEventId);
      // a copy of this POST stream followed elsewhere (an earlier resume there) must stop: one stream, one connection
      if (streamId !== getStreamId) engine.instances.publishStream({ k: 'take', s: session.id, stream: streamId });
      return;
    }
    if (streamId === getStreamId && session.protocolVersion >= '2025-11-25') {
      // The GET stream was held by another instance (several instances on Redis; it may have died):
      // take it over here - replay what the client missed from the shared event store, then go on live.
      this.hold(session, r.res).resume(r.res, lastEventId, undefined, TAKEOVER_CATCH_UP_MS);
      engine.instances.releaseGetStream(session.id);
      this.ep.gauge();
      return;
    }
    // A POST stream not held here (its request runs on another instance, or it finished): take it over -
    // replay from the shared event store, then follow what the running instance stores next.
    this.followRemote(session, streamId, r.res, lastEventId);
  }

  private followRemote(session: Session, streamId: string, res: ServerResponse, lastEventId: string): void {
    const { engine } = this.ep;
    this.followers.get(streamId)?.finish();
    session.openStreams++;
    const follower: RemoteTail = new RemoteTail(res, lastEventId, {
      store: engine.stores.events,
      streamId,
      onError: (err) => engine.logger.warn({ err }, 'SSE event store failed'),
      onDone: () => {
        session.openStreams--;
        if (this.followers.get(streamId) === follower) this.followers.delete(streamId);
        this.ep.gauge();
      },
    });
    this.followers.set(streamId, follower);
    // announce first, then read: an event stored in between is announced by a `tail` poke
    engine.instances.publishStream({ k: 'take', s: session.id, stream: streamId });
    // issued here but no longer held: it completed, the store has all of it
    follower.pull(session.issuedHere(streamId));
    this.ep.gauge();
  }

  /** Another instance took a POST stream over, or stored new events of one this instance follows. */
  private streamMessage(m: StreamMessage): void {
    const { engine } = this.ep;
    if (m.k === 'tail') {
      this.followers.get(m.stream)?.pull(m.end === true);
      return;
    }
    // take: whoever delivered the stream here stops; the instance running its request pokes the new holder
    this.followers.get(m.stream)?.finish();
    const session = engine.sessions.local.get(m.s);
    if (session === undefined) return;
    const held = session.streams?.get(m.stream);
    if (held instanceof SseStream) {
      held.tail = (end) => engine.instances.publishStream({ k: 'tail', s: m.s, stream: m.stream, end });
      held.closeConnection();
    } else if (session.issuedHere(m.stream)) {
      // it already completed here (its events are all stored): the new holder can finish
      engine.instances.publishStream({ k: 'tail', s: m.s, stream: m.stream, end: true });
    }
  }
}
