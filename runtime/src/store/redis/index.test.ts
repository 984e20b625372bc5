import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer, type RedisServer } from '../../../../test/helpers/redis-server.js';
import type { SessionRecord } from '../types.js';
import { connectRedisStores, redisStoresFromSettings, type RedisStores, type RedisStoresOptions } from './index.js';

let redis: RedisServer;
const opened: RedisStores[] = [];
let prefixCounter = 0;

/** Stores on the shared test server, each test under its own key prefix. */
async function open(prefix: string, options: RedisStoresOptions = {}): Promise<RedisStores> {
  const stores = await connectRedisStores(redis.url, { keyPrefix: prefix, ...options });
  opened.push(stores);
  return stores;
}
function freshPrefix(): string {
  return `t${++prefixCounter}:`;
}

function session(id: string, extra: Partial<SessionRecord> = {}): SessionRecord {
  return { id, protocolVersion: '2025-11-25', principal: 'key:alice', roles: ['user'], createdAt: 1, lastSeenAt: 1, ...extra };
}

beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await Promise.all(opened.map((s) => s.close()));
  await redis?.dispose();
});

describe('RedisSessionStore', () => {
  it('round-trips a record, merges updates and refuses to resurrect a deleted session', async () => {
    const stores = await open(freshPrefix());
    const record = session('s1', { clientInfo: { name: 'c', version: '1' }, subscriptions: ['file:///a'] });
    await stores.sessions.create(record, 60_000);
    expect(await stores.sessions.get('s1')).toEqual(record);
    await stores.sessions.update('s1', { logLevel: 'debug', initialized: true }, 60_000);
    expect(await stores.sessions.get('s1')).toEqual({ ...record, logLevel: 'debug', initialized: true });
    expect(await stores.sessions.count()).toBe(1);
    expect(await stores.sessions.delete('s1')).toBe(true);
    expect(await stores.sessions.delete('s1')).toBe(false);
    await stores.sessions.update('s1', { logLevel: 'error' }, 60_000);
    expect(await stores.sessions.get('s1')).toBeUndefined();
    expect(await stores.sessions.count()).toBe(0);
    expect(await stores.sessions.get('never')).toBeUndefined();
  });

  it('expires idle sessions and counts only live ones', async () => {
    const stores = await open(freshPrefix(), { sessionCacheMs: 0 });
    await stores.sessions.create(session('short'), 150);
    await stores.sessions.create(session('long'), 60_000);
    expect(await stores.sessions.count()).toBe(2);
    await new Promise((r) => setTimeout(r, 350));
    expect(await stores.sessions.get('short')).toBeUndefined();
    expect(await stores.sessions.get('long')).toBeDefined();
    expect(await stores.sessions.count()).toBe(1);
  });

  it('touch refreshes the idle expiry', async () => {
    const stores = await open(freshPrefix(), { sessionCacheMs: 0 });
    await stores.sessions.create(session('t'), 400);
    await new Promise((r) => setTimeout(r, 250));
    await stores.sessions.touch('t', 400);
    await new Promise((r) => setTimeout(r, 250));
    expect(await stores.sessions.get('t')).toBeDefined();
  });

  it('without the cache (default) an update or delete on one instance is seen at once by another', async () => {
    const prefix = freshPrefix();
    const [a, b] = await Promise.all([open(prefix), open(prefix)]);
    await a.sessions.create(session('exact'), 60_000);
    expect((await b.sessions.get('exact'))?.logLevel).toBeUndefined();
    await a.sessions.update('exact', { logLevel: 'warning' }, 60_000);
    expect((await b.sessions.get('exact'))?.logLevel).toBe('warning');
    await a.sessions.delete('exact');
    expect(await b.sessions.get('exact')).toBeUndefined();
  });

  it('with the cache, an update or delete elsewhere invalidates the cached copy through the bus', async () => {
    const prefix = freshPrefix();
    const a = await open(prefix, { sessionCacheMs: 60_000 });
    const b = await open(prefix, { sessionCacheMs: 60_000 });
    await a.sessions.create(session('shared'), 60_000);
    expect((await b.sessions.get('shared'))?.logLevel).toBeUndefined(); // now cached on b
    // A write that bypasses the stores (no invalidation) is not seen: b serves its cached copy.
    const raw = new Redis(redis.url);
    try {
      await raw.hset(`${prefix}session:shared`, 'logLevel', JSON.stringify('debug'));
    } finally {
      raw.disconnect();
    }
    expect((await b.sessions.get('shared'))?.logLevel).toBeUndefined();
    await a.sessions.update('shared', { logLevel: 'warning' }, 60_000);
    await waitForAsync(async () => (await b.sessions.get('shared'))?.logLevel === 'warning');
    await a.sessions.delete('shared');
    await waitForAsync(async () => (await b.sessions.get('shared')) === undefined);
  });

  it('returns copies: mutating a returned record does not change the cache', async () => {
    const stores = await open(freshPrefix(), { sessionCacheMs: 60_000 });
    await stores.sessions.create(session('copy'), 60_000);
    const first = await stores.sessions.get('copy');
    if (first === undefined) throw new Error('missing');
    first.logLevel = 'debug';
    expect((await stores.sessions.get('copy'))?.logLevel).toBeUndefined();
  });

  it('watch: other instances hear each update (with its patch) and delete, in order; the writer does not', async () => {
    const prefix = freshPrefix();
    const [a, b] = await Promise.all([open(prefix), open(prefix)]);
    const seenA: unknown[] = [];
    const seenB: unknown[] = [];
    a.sessions.watch?.((c) => seenA.push(c));
    b.sessions.watch?.((c) => seenB.push(c));
    await a.sessions.create(session('w'), 60_000);
    await a.sessions.update('w', { subscriptions: ['item://1'] }, 60_000);
    await a.sessions.update('w', { logLevel: 'error', initialized: true }, 60_000);
    await a.sessions.delete('w');
    await waitFor(() => seenB.length === 3);
    expect(seenB).toEqual([
      { id: 'w', patch: { subscriptions: ['item://1'] } },
      { id: 'w', patch: { logLevel: 'error', initialized: true } },
      { id: 'w', deleted: true },
    ]);
    expect(seenA).toEqual([]);
  });

  it('keeps apps with different prefixes apart', async () => {
    const a = await open(freshPrefix());
    const b = await open(freshPrefix());
    await a.sessions.create(session('same-id'), 60_000);
    expect(await b.sessions.get('same-id')).toBeUndefined();
  });
});

describe('RedisEventStore', () => {
  it('ids encode the stream: another instance replays exactly the events after Last-Event-ID', async () => {
    const prefix = freshPrefix();
    const a = await open(prefix);
    const b = await open(prefix);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await a.events.append('sess-1/get', `m${i}`));
    await a.events.append('other-stream', 'not mine');
    expect(new Set(ids).size).toBe(5);
    for (const id of ids) expect(id).toMatch(/^sess-1\/get_\d+-\d+$/);
    const replay = await b.events.replayAfter(ids[1] ?? '');
    expect(replay).toEqual({
      streamId: 'sess-1/get',
      events: [2, 3, 4].map((i) => ({ id: ids[i], data: `m${i}` })),
    });
    expect((await b.events.replayAfter(ids[4] ?? ''))?.events).toEqual([]);
  });

  it('answers undefined for unknown, dropped or malformed ids', async () => {
    const stores = await open(freshPrefix());
    const id = await stores.events.append('s', 'x');
    for (const bad of ['', 'nope', '_1-1', 's_abc', 's_1-1-1', 'unknown_1-0', 's\r\n_1-0', 's/1-0']) {
      expect(await stores.events.replayAfter(bad)).toBeUndefined();
    }
    await stores.events.drop('s');
    expect(await stores.events.replayAfter(id)).toBeUndefined();
    await expect(stores.events.append('', 'x')).rejects.toThrow(/stream id/);
  });

  it('trims long streams and expires idle ones', async () => {
    const stores = await open(freshPrefix(), { maxEventsPerStream: 10, eventRetentionMs: 300 });
    const first = await stores.events.append('long', '0');
    for (let i = 1; i < 500; i++) await stores.events.append('long', String(i));
    const replay = await stores.events.replayAfter(first);
    expect(replay?.events.length).toBeLessThan(300);
    expect(replay?.events.at(-1)?.data).toBe('499');
    await new Promise((r) => setTimeout(r, 500));
    expect(await stores.events.replayAfter(first)).toBeUndefined();
  });
});

describe('RedisRateLimitStore', () => {
  it('counts exactly across instances under concurrency and resets after the window', async () => {
    const prefix = freshPrefix();
    const instances = await Promise.all([open(prefix), open(prefix), open(prefix)]);
    const hits = await Promise.all(
      Array.from({ length: 60 }, (_, i) => instances[i % 3]!.rateLimits.hit('ip:1.2.3.4', 400)),
    );
    expect(hits.map((h) => h.count).sort((x, y) => x - y)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    const resetAt = hits[0]!.resetAt;
    expect(resetAt).toBeGreaterThan(Date.now());
    expect(resetAt).toBeLessThanOrEqual(Date.now() + 400);
    await new Promise((r) => setTimeout(r, 500));
    expect((await instances[1]!.rateLimits.hit('ip:1.2.3.4', 400)).count).toBe(1);
    expect((await instances[2]!.rateLimits.hit('ip:other', 400)).count).toBe(1);
  });
});

describe('RedisCacheStore and RedisNonceStore', () => {
  it('a value cached on one instance is served by another until its TTL', async () => {
    const prefix = freshPrefix();
    const [a, b] = await Promise.all([open(prefix), open(prefix)]);
    await a.cache.set('tool:add:{"a":1}', '{"sum":1}', 250);
    expect(await b.cache.get('tool:add:{"a":1}')).toBe('{"sum":1}');
    await new Promise((r) => setTimeout(r, 400));
    expect(await b.cache.get('tool:add:{"a":1}')).toBeUndefined();
  });

  it('keeps long keys apart (stored under their hash)', async () => {
    const stores = await open(freshPrefix());
    const long = (c: string): string => `tool:x:${c.repeat(5000)}`;
    await stores.cache.set(long('a'), 'A', 10_000);
    await stores.cache.set(long('b'), 'B', 10_000);
    expect(await stores.cache.get(long('a'))).toBe('A');
    expect(await stores.cache.get(long('b'))).toBe('B');
  });

  it('a nonce is accepted exactly once across instances', async () => {
    const prefix = freshPrefix();
    const [a, b] = await Promise.all([open(prefix), open(prefix)]);
    const results = await Promise.all([a, b, a, b].map((s) => s.nonces.remember('n-1', 60_000)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await a.nonces.remember('n-2', 60_000)).toBe(true);
  });
});

describe('RedisMessageBus', () => {
  it('fans a message out to every subscribed instance and stops after unsubscribe', async () => {
    const prefix = freshPrefix();
    const [a, b] = await Promise.all([open(prefix), open(prefix)]);
    const seenA: string[] = [];
    const seenB: string[] = [];
    const offA = await a.bus.subscribe('list_changed', (m) => seenA.push(m));
    const offB = await b.bus.subscribe('list_changed', (m) => seenB.push(m));
    await a.bus.publish('list_changed', 'tools');
    await waitFor(() => seenA.length === 1 && seenB.length === 1);
    await offB();
    await b.bus.publish('list_changed', 'prompts');
    await waitFor(() => seenA.length === 2);
    await new Promise((r) => setTimeout(r, 50));
    expect(seenA).toEqual(['tools', 'prompts']);
    expect(seenB).toEqual(['tools']);
    await offA();
  });
});

describe('redisStoresFromSettings', () => {
  it('is undefined without MCP_REDIS_URL, and applies MCP_REDIS_PREFIX and MCP_RATE_LIMIT_FAIL', async () => {
    expect(redisStoresFromSettings({ redisUrl: undefined, rateLimitFailMode: 'open' })).toBeUndefined();
    const prefix = freshPrefix();
    const stores = redisStoresFromSettings({ redisUrl: redis.url, rateLimitFailMode: 'open' }, undefined, { MCP_REDIS_PREFIX: prefix });
    if (stores === undefined) throw new Error('expected stores');
    opened.push(stores);
    await stores.cache.set('k', 'v', 10_000); // waits for the first connection by itself
    const raw = new Redis(redis.url);
    try {
      expect(await raw.get(`${prefix}cache:k`)).toBe('v');
    } finally {
      raw.disconnect();
    }
  });
});

describe('createRedisStores', () => {
  it('rejects bad URLs and options, naming them', async () => {
    await expect(connectRedisStores('http://x', {})).rejects.toThrow(/MCP_REDIS_URL must be a redis:\/\//);
    await expect(connectRedisStores(redis.url, { eventRetentionMs: -1 })).rejects.toThrow(/eventRetentionMs/);
  });

  it('fails start-up clearly when nothing listens, without leaking the password', async () => {
    const started = Date.now();
    await expect(connectRedisStores('redis://:secret@127.0.0.1:1', { connectTimeoutMs: 300 }, 600)).rejects.toThrow(
      /redis:\/\/:\*\*\*@127\.0\.0\.1:1.* did not become ready within 600 ms \(MCP_REDIS_URL\); last error: .*ECONNREFUSED/,
    );
    expect(Date.now() - started).toBeLessThan(3000);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function waitForAsync(condition: () => Promise<boolean>, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
