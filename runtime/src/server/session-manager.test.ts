/**
 * SessionManager with several instances: a change another instance publishes while this one is still reading
 * the session from the store must not be lost (the read may predate it).
 */
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../logger/index.js';
import { MemoryMessageBus } from '../store/memory/bus.js';
import { MemorySessionStore } from '../store/memory/sessions.js';
import type { SessionChange, SessionRecord } from '../store/types.js';
import { SessionManager } from './session-manager.js';

/** The memory store plus what a networked store adds: a change feed, and reads that wait until released. */
class SharedStore extends MemorySessionStore {
  listener: ((change: SessionChange) => void) | undefined;
  private held: (() => void)[] = [];
  hold = false;

  watch(listener: (change: SessionChange) => void): void {
    this.listener = listener;
  }

  override async get(id: string): Promise<SessionRecord | undefined> {
    const snapshot = await super.get(id);
    const copy = snapshot === undefined ? undefined : { ...snapshot, subscriptions: snapshot.subscriptions ? [...snapshot.subscriptions] : undefined };
    if (this.hold) await new Promise<void>((release) => this.held.push(release));
    return copy as SessionRecord | undefined;
  }

  release(): void {
    for (const r of this.held.splice(0)) r();
  }
}

const caller = { id: 'alice', roles: ['user'], scheme: 'apikey' as const };

describe('SessionManager', () => {
  it('applies a change that arrives while the session is being read from the store', async () => {
    const store = new SharedStore();
    const manager = new SessionManager(store, new MemoryMessageBus(), 60_000, 100, silentLogger(), []);
    // another instance opened the session
    await store.create({ id: 's1', protocolVersion: '2025-11-25', principal: 'alice', roles: ['user'], createdAt: 1, lastSeenAt: 1 } as SessionRecord, 60_000);
    store.hold = true;
    const found = manager.find('s1', caller); // reads the record as it is now: no subscriptions
    await new Promise((r) => setImmediate(r)); // the read has its snapshot and waits
    // meanwhile the other instance subscribes and publishes the change
    await store.update('s1', { subscriptions: ['item://a'] }, 60_000);
    store.listener!({ id: 's1', patch: { subscriptions: ['item://a'] } });
    store.release();
    const session = await found;
    expect(session).not.toBe('missing');
    expect(typeof session === 'object' && [...(session.subscriptions ?? [])]).toEqual(['item://a']);
    // later changes go straight to the cached session
    store.listener!({ id: 's1', patch: { subscriptions: ['item://a', 'item://b'] } });
    expect(typeof session === 'object' && [...(session.subscriptions ?? [])]).toEqual(['item://a', 'item://b']);
    await manager.close();
  });
});
