/**
 * Resumable SSE events in Redis Streams, one per stream id (`<prefix>events:<streamId>`), trimmed to
 * about `maxEventsPerStream` and expiring `eventRetentionMs` after the last append. Event ids are
 * `<streamId>_<entry id>` (the memory store's shape: the transport reads the stream id before the
 * last `_`), so a `Last-Event-ID` names its stream and resumes on any instance.
 */
import type { EventStore, StoredEvent } from '../types.js';
import type { RedisConnection, ScriptCall } from './connection.js';
import type { ResolvedRedisStoresOptions } from './options.js';
import { EVENT_APPEND, EVENT_REPLAY } from './scripts.js';

const SEPARATOR = '_';
const ENTRY_ID = /^\d{1,20}-\d{1,20}$/;
/** Longest stream id accepted from a Last-Event-ID (hostile input). */
const MAX_STREAM_ID = 512;

export class RedisEventStore implements EventStore {
  private readonly appendScript: ScriptCall;
  private readonly replayScript: ScriptCall;

  constructor(
    private readonly connection: RedisConnection,
    private readonly options: ResolvedRedisStoresOptions,
  ) {
    this.appendScript = connection.script(1, EVENT_APPEND);
    this.replayScript = connection.script(1, EVENT_REPLAY);
  }

  async append(streamId: string, data: string): Promise<string> {
    if (streamId.length === 0 || streamId.length > MAX_STREAM_ID || /[\r\n]/.test(streamId)) {
      throw new RangeError(`event stream id must be 1-${MAX_STREAM_ID} characters without CR/LF, got ${JSON.stringify(streamId.slice(0, 40))}`);
    }
    const entryId = await this.connection.run('event append', () =>
      this.appendScript([this.key(streamId)], [this.options.maxEventsPerStream, data, this.options.eventRetentionMs]),
    );
    return `${streamId}${SEPARATOR}${String(entryId)}`;
  }

  async replayAfter(lastEventId: string): Promise<{ streamId: string; events: StoredEvent[] } | undefined> {
    const cut = lastEventId.lastIndexOf(SEPARATOR);
    if (cut <= 0 || cut > MAX_STREAM_ID) return undefined;
    const streamId = lastEventId.slice(0, cut);
    const entryId = lastEventId.slice(cut + 1);
    if (!ENTRY_ID.test(entryId)) return undefined;
    const reply = await this.connection.run('event replay', () =>
      this.replayScript([this.key(streamId)], [entryId, this.options.maxReplayEvents]),
    );
    if (!Array.isArray(reply)) return undefined;
    const events: StoredEvent[] = [];
    for (const entry of reply as [string, string[]][]) {
      const [id, fields] = entry;
      const data = fields[fields.indexOf('d') + 1];
      if (data !== undefined) events.push({ id: `${streamId}${SEPARATOR}${id}`, data });
    }
    return { streamId, events };
  }

  async drop(streamId: string): Promise<void> {
    await this.connection.run('event drop', (client) => client.del(this.key(streamId)));
  }

  private key(streamId: string): string {
    return this.connection.key('events', streamId);
  }
}
