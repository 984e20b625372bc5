import { describe, expect, it } from 'vitest';
import type { SessionRecord } from '../types.js';
import { MemorySessionStore } from './sessions.js';

const base = (id: string, at: number): SessionRecord => ({ id, protocolVersion: '2025-11-25', principal: 'p', roles: ['r'], createdAt: at, lastSeenAt: at });

describe('MemorySessionStore records', () => {
  it('keeps one record per session and updates it in place (no copy per update)', async () => {
    const now = 1_000;
    const s = new MemorySessionStore({ now: () => now });
    await s.create({ ...base('a', now), clientInfo: { name: 'c' } }, 60_000);
    const first = await s.get('a');
    await s.update('a', { initialized: true, logLevel: 'debug', subscriptions: ['file:///x'] }, 60_000);
    const second = await s.get('a');
    expect(second).toBe(first);
    expect(second).toMatchObject({ id: 'a', principal: 'p', roles: ['r'], clientInfo: { name: 'c' }, initialized: true, logLevel: 'debug', subscriptions: ['file:///x'] });
  });

  it('does not let a patch rewrite the identity fields', async () => {
    const s = new MemorySessionStore();
    await s.create(base('a', Date.now()), 60_000);
    await s.update('a', { id: 'b', principal: 'other' } as Partial<SessionRecord>, 60_000);
    expect(await s.get('a')).toMatchObject({ id: 'a', principal: 'p' });
    expect(await s.get('b')).toBeUndefined();
  });

  it('reads absent optional fields as undefined and is unaffected by later changes to the caller object', async () => {
    const s = new MemorySessionStore();
    const r = { ...base('a', Date.now()) };
    await s.create(r, 60_000);
    r.lastSeenAt = 0;
    const got = await s.get('a');
    expect(got?.clientInfo).toBeUndefined();
    expect(got?.initialized).toBeUndefined();
    expect(got?.lastSeenAt).not.toBe(0);
  });

  it('touch and update extend the expiry; an expired record is gone', async () => {
    let now = 1_000;
    const s = new MemorySessionStore({ now: () => now });
    await s.create(base('a', now), 100);
    now += 90;
    await s.touch('a', 100);
    expect((await s.get('a'))?.lastSeenAt).toBe(1_090);
    now += 90;
    await s.update('a', { initialized: true }, 100);
    now += 90;
    expect(await s.get('a')).toBeDefined();
    now += 20;
    expect(await s.get('a')).toBeUndefined();
    expect(await s.count()).toBe(0);
  });
});
