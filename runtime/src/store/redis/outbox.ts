/**
 * The outbox of the Redis message bus: idempotent fan-out signals (list_changed, resources/updated,
 * session closed) that could not be published while Redis was away, kept until the connection is back.
 * Identical pending signals coalesce (the same signal twice is one), the oldest are dropped beyond a
 * count, and signals older than an age are dropped when taken: memory stays bounded whatever the outage.
 */

/** Most signals kept while Redis is away (distinct channel + message pairs). */
export const DEFAULT_OUTBOX_MAX_MESSAGES = 1000;
/**
 * Oldest signal still published after an outage. Past it an instance that was cut off that long has
 * very likely reconnected and re-announced everything itself (the bus's reconnect catch-up).
 */
export const DEFAULT_OUTBOX_MAX_AGE_MS = 300_000;

export interface OutboxLimits {
  readonly maxMessages: number;
  readonly maxAgeMs: number;
}

/** A pending signal. `at` is when it was last raised (a repeat refreshes it). */
export interface OutboxEntry {
  readonly channel: string;
  readonly message: string;
  readonly at: number;
}

/** Signals dropped since the last {@link BusOutbox.take}, by reason. */
export interface OutboxDrops {
  full: number;
  aged: number;
}

/**
 * @example
 * const outbox = new BusOutbox({ maxMessages: 1000, maxAgeMs: 300_000 });
 * outbox.add('mcp:bus:mcp:broadcast', '{"t":"list","kind":"tools"}');
 * for (const { channel, message } of outbox.take()) await redis.publish(channel, message);
 */
export class BusOutbox {
  /** Insertion order is age order: a repeat is moved to the end, so the first entry is always the oldest. */
  private readonly entries = new Map<string, OutboxEntry>();
  private drops: OutboxDrops = { full: 0, aged: 0 };

  constructor(
    readonly limits: OutboxLimits = { maxMessages: DEFAULT_OUTBOX_MAX_MESSAGES, maxAgeMs: DEFAULT_OUTBOX_MAX_AGE_MS },
    private readonly now: () => number = Date.now,
  ) {
    if (!Number.isInteger(limits.maxMessages) || limits.maxMessages < 1) {
      throw new RangeError(`message bus outbox: maxMessages must be a positive integer, got ${String(limits.maxMessages)}`);
    }
    if (!Number.isFinite(limits.maxAgeMs) || limits.maxAgeMs <= 0) {
      throw new RangeError(`message bus outbox: maxAgeMs must be a positive number of ms, got ${String(limits.maxAgeMs)}`);
    }
  }

  /** Signals waiting. */
  get size(): number {
    return this.entries.size;
  }

  /**
   * Keep a signal. Returns true when keeping it dropped the oldest one (the outbox was full), so the
   * caller can log the first loss of an outage.
   */
  add(channel: string, message: string): boolean {
    const key = keyOf(channel, message);
    this.entries.delete(key); // coalesce: the repeat takes the newest place
    this.entries.set(key, { channel, message, at: this.now() });
    this.pruneAged();
    let dropped = false;
    while (this.entries.size > this.limits.maxMessages) {
      const oldest = this.entries.keys().next();
      if (oldest.done === true) break;
      this.entries.delete(oldest.value);
      this.drops.full++;
      dropped = true;
    }
    return dropped;
  }

  /** Everything still young enough, oldest first; the outbox is empty afterwards. */
  take(): OutboxEntry[] {
    this.pruneAged();
    const taken = [...this.entries.values()];
    this.entries.clear();
    return taken;
  }

  /**
   * Put back signals whose publication failed (the connection dropped again during a flush), ahead of
   * those raised since (a signal raised since wins: it is the same signal, only newer).
   */
  restore(failed: readonly OutboxEntry[]): void {
    if (failed.length === 0) return;
    const newer = [...this.entries.entries()];
    this.entries.clear();
    for (const entry of failed) this.entries.set(keyOf(entry.channel, entry.message), entry);
    for (const [key, entry] of newer) {
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    this.pruneAged();
    while (this.entries.size > this.limits.maxMessages) {
      const oldest = this.entries.keys().next();
      if (oldest.done === true) break;
      this.entries.delete(oldest.value);
      this.drops.full++;
    }
  }

  /** Drops counted since the last call (and reset). */
  takeDrops(): OutboxDrops {
    const drops = this.drops;
    this.drops = { full: 0, aged: 0 };
    return drops;
  }

  private pruneAged(): void {
    const oldestAllowed = this.now() - this.limits.maxAgeMs;
    for (const [key, entry] of this.entries) {
      if (entry.at >= oldestAllowed) break; // age order: the rest is younger
      this.entries.delete(key);
      this.drops.aged++;
    }
  }
}

function keyOf(channel: string, message: string): string {
  return `${channel}\n${message}`;
}
