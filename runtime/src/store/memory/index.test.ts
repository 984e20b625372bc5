import { describe, expect, it } from 'vitest';
import { MemoryEventStore, MemoryMessageBus, MemorySessionStore, createMemoryStores } from './index.js';

const record = (id: string, now = 0) => ({ id, protocolVersion: '2025-11-25', principal: 'anonymous', roles: [], createdAt: now, lastSeenAt: now });

describe('MemorySessionStore', () => {
  it('expires idle records and refreshes on touch/update', async () => {
    let now = 0;
    const s = new MemorySessionStore({ now: () => now });
    await s.create(record('a'), 100);
    now = 90;
    await s.touch('a', 100);
    now = 150;
    expect((await s.get('a'))?.id).toBe('a');
    await s.update('a', { logLevel: 'error', id: 'hijack' } as never, 100);
    expect(await s.get('a')).toMatchObject({ id: 'a', logLevel: 'error' });
    now = 251;
    expect(await s.get('a')).toBeUndefined();
    expect(await s.count()).toBe(0);
  });

  it('deletes and counts', async () => {
    const s = new MemorySessionStore();
    await s.create(record('a'), 1000);
    await s.create(record('b'), 1000);
    expect(await s.count()).toBe(2);
    expect(await s.delete('a')).toBe(true);
    expect(await s.delete('a')).toBe(false);
  });
});

describe('MemoryEventStore', () => {
  it('ids encode the stream; replay returns only later events of that stream', async () => {
    const e = new MemoryEventStore();
    const a1 = await e.append('s.0', 'a1');
    await e.append('s.1', 'b1');
    const a2 = await e.append('s.0', 'a2');
    const a3 = await e.append('s.0', 'a3');
    expect(a1).toBe('s.0_1');
    expect(await e.replayAfter(a1)).toEqual({ streamId: 's.0', events: [{ id: a2, data: 'a2' }, { id: a3, data: 'a3' }] });
    expect(await e.replayAfter(a3)).toEqual({ streamId: 's.0', events: [] });
    expect(await e.replayAfter('garbage')).toBeUndefined();
    expect(await e.replayAfter('s.9_1')).toBeUndefined();
    await e.drop('s.0');
    expect(await e.replayAfter(a1)).toBeUndefined();
  });

  it('is bounded per stream, in streams and in time', async () => {
    let now = 0;
    const e = new MemoryEventStore({ maxEventsPerStream: 2, maxStreams: 2, retentionMs: 100, now: () => now });
    for (let i = 0; i < 5; i++) await e.append('x', `m${i}`);
    expect((await e.replayAfter('x_0'))!.events.map((v) => v.data)).toEqual(['m3', 'm4']);
    await e.append('y', 'y');
    await e.append('z', 'z');
    expect(await e.replayAfter('x_0')).toBeUndefined(); // oldest stream dropped
    now = 500;
    expect(await e.replayAfter('z_0')).toBeUndefined(); // expired
  });

  it('is bounded in bytes across streams: the least recently written streams go first, then the oldest events', async () => {
    const e = new MemoryEventStore({ maxBytes: 1000 });
    await e.append('old', 'o'.repeat(400));
    await e.append('mid', 'm'.repeat(400));
    await e.append('new', 'n'.repeat(400)); // 1200 > 1000: 'old' goes
    expect(e.bytes).toBe(800);
    expect(await e.replayAfter('old_0')).toBeUndefined();
    expect((await e.replayAfter('mid_0'))!.events).toHaveLength(1);
    // one stream alone over the budget keeps its newest events
    for (let i = 0; i < 5; i++) await e.append('big', `${i}`.repeat(300));
    expect(e.bytes).toBeLessThanOrEqual(1000);
    expect((await e.replayAfter('big_0'))!.events.map((v) => v.data[0])).toEqual(['2', '3', '4']);
    await e.drop('big');
    expect(e.bytes).toBe(0);
  });
});

describe('MemoryMessageBus', () => {
  it('delivers to subscribers of the channel until they unsubscribe', async () => {
    const bus = new MemoryMessageBus();
    const got: string[] = [];
    const off = await bus.subscribe('c', (m) => got.push(m));
    await bus.subscribe('other', () => got.push('wrong'));
    await bus.publish('c', 'one');
    await new Promise((r) => setTimeout(r, 0));
    await off();
    await bus.publish('c', 'two');
    await new Promise((r) => setTimeout(r, 0));
    expect(got).toEqual(['one']);
  });

  it('a throwing subscriber does not stop delivery', async () => {
    const bus = new MemoryMessageBus();
    const got: string[] = [];
    await bus.subscribe('c', () => {
      throw new Error('boom');
    });
    await bus.subscribe('c', (m) => got.push(m));
    await bus.publish('c', 'x');
    await new Promise((r) => setTimeout(r, 0));
    expect(got).toEqual(['x']);
  });
});

describe('createMemoryStores', () => {
  it('returns every store, healthy', async () => {
    const s = createMemoryStores();
    expect(s.healthy()).toBe(true);
    expect(Object.keys(s).sort()).toEqual(['bus', 'cache', 'close', 'events', 'healthy', 'nonces', 'rateLimits', 'sessions', 'tasks']);
    await s.close();
  });
});
