import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer, type RedisServer } from '../../../../test/helpers/redis-server.js';
import { HttpError } from '../../middleware/types.js';
import { connectRedisStores, type RedisStores } from './index.js';

let redis: RedisServer;
let closed: RedisStores;
let open: RedisStores;
const logged: string[] = [];
const logger = { info: (_: object, msg: string) => logged.push(`info ${msg}`), warn: (_: object, msg: string) => logged.push(`warn ${msg}`) };

beforeAll(async () => {
  redis = await startRedisServer();
  closed = await connectRedisStores(redis.url, { rateLimitFailMode: 'closed', logger, commandTimeoutMs: 400, sessionCacheMs: 60_000 });
  open = await connectRedisStores(redis.url, { rateLimitFailMode: 'open', commandTimeoutMs: 400 });
});
afterAll(async () => {
  await Promise.all([closed?.close(), open?.close()]);
  await redis?.dispose();
});

async function expect503(promise: Promise<unknown>, maxMs = 1000): Promise<void> {
  const started = Date.now();
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HttpError);
  expect(error).toMatchObject({ status: 503, code: 'store_unavailable', message: 'Shared state store is unavailable; retry shortly' });
  expect(Date.now() - started).toBeLessThan(maxMs);
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('Redis going away and coming back', () => {
  it('fails fast with 503 while down, fails rate limits open or closed, and recovers by itself', async () => {
    const received: string[] = [];
    await closed.bus.subscribe('updates', (m) => received.push(m));
    await closed.sessions.create({ id: 's', protocolVersion: '2025-11-25', principal: 'p', roles: [], createdAt: 0, lastSeenAt: 0 }, 60_000);
    expect(await closed.sessions.get('s')).toBeDefined(); // cached now

    // Commands in flight when Redis dies fail (or succeed) - none hangs, none is unhandled.
    const inFlight = Array.from({ length: 50 }, () => closed.rateLimits.hit('k', 60_000).then(() => 'ok', (e: unknown) => (e as HttpError).code));
    await redis.stop();
    const outcomes = await Promise.all(inFlight);
    expect(outcomes.every((o) => o === 'ok' || o === 'store_unavailable')).toBe(true);

    await waitFor(() => !closed.healthy() && !open.healthy(), 3000);
    await expect503(closed.sessions.get('s')); // the cache is not served while Redis is away
    await expect503(closed.sessions.create({ id: 't', protocolVersion: 'v', principal: 'p', roles: [], createdAt: 0, lastSeenAt: 0 }, 1000));
    await expect503(closed.events.append('stream', 'x'));
    await expect503(closed.events.replayAfter('stream_1-0'));
    await expect503(closed.cache.get('k'));
    await expect503(closed.nonces.remember('n', 1000));
    await expect503(closed.bus.publish('updates', 'lost'));
    await expect503(closed.bus.subscribe('other', () => undefined));
    await expect503(closed.rateLimits.hit('k', 60_000));
    const admitted = await open.rateLimits.hit('k', 60_000);
    expect(admitted.count).toBe(0);
    expect(logged).toContain('warn redis unavailable: requests needing shared state get 503 store_unavailable until it returns');

    await redis.start();
    await waitFor(() => closed.healthy() && open.healthy(), 5000);
    expect(logged).toContain('info redis connection restored');
    // Redis came back empty (no persistence): the session is gone, and scripts are reloaded on demand.
    expect(await closed.sessions.get('s')).toBeUndefined();
    expect((await closed.rateLimits.hit('k', 60_000)).count).toBe(1);
    // The earlier subscription was re-established without anyone asking.
    await waitFor(() => {
      void open.bus.publish('updates', 'after').catch(() => undefined);
      return received.includes('after');
    }, 3000);
  });

  it('a hung Redis (process frozen) makes commands fail after the command timeout, not hang', async () => {
    await waitFor(() => closed.healthy(), 5000);
    redis.pause();
    try {
      await expect503(closed.cache.get('anything'), 2000);
      const open503OrAdmit = await open.rateLimits.hit('k2', 60_000);
      expect(open503OrAdmit.count).toBe(0);
    } finally {
      redis.resume();
    }
    await waitFor(() => closed.healthy(), 5000);
    let value: string | undefined | 'error' = 'error';
    const deadline = Date.now() + 5000;
    while (value === 'error' && Date.now() < deadline) {
      await closed.cache.set('after-pause', 'v', 10_000).catch(() => undefined);
      value = await closed.cache.get('after-pause').catch(() => 'error' as const);
    }
    expect(value).toBe('v');
  });
});
