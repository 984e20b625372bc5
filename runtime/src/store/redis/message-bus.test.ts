/**
 * The Redis message bus across an outage, on a real redis-server: one "instance" reaches Redis through a
 * relay the test cuts (a partial outage), the other directly. Retained signals survive the cut and are
 * published once when it heals; reconnect listeners run once per outage, with every channel live.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer, type RedisServer } from '../../../../test/helpers/redis-server.js';
import { startTcpRelay, type TcpRelay } from '../../../../test/helpers/tcp-relay.js';
import { HttpError } from '../../middleware/types.js';
import { RedisConnection } from './connection.js';
import { connectRedisStores, type RedisStores } from './index.js';
import { RedisMessageBus } from './message-bus.js';
import { resolveOptions } from './options.js';

let redis: RedisServer;
let relay: TcpRelay;
/** Behind the relay: the instance that gets cut off. */
let cutOff: RedisStores;
/** Straight to Redis: an instance that never notices anything. */
let direct: RedisStores;
const logged: string[] = [];
const logger = { info: (_: object, msg: string) => logged.push(`info ${msg}`), warn: (_: object, msg: string) => logged.push(`warn ${msg}`) };
const FAST = { commandTimeoutMs: 400, connectTimeoutMs: 1000, reconnectMaxDelayMs: 100 };

beforeAll(async () => {
  redis = await startRedisServer();
  relay = await startTcpRelay(redis.port);
  cutOff = await connectRedisStores(relay.url(), { ...FAST, logger, keyPrefix: 'bus-test:' });
  direct = await connectRedisStores(redis.url, { ...FAST, keyPrefix: 'bus-test:' });
});
afterAll(async () => {
  await Promise.all([cutOff?.close(), direct?.close()]);
  await relay?.close();
  await redis?.dispose();
});

async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function cut(stores: RedisStores): Promise<void> {
  relay.cut();
  await waitFor(() => !stores.healthy(), 3000, 'the cut-off instance to notice');
}

async function heal(stores: RedisStores): Promise<void> {
  relay.restore();
  await waitFor(() => stores.healthy(), 5000, 'the cut-off instance to reconnect');
}

describe('RedisMessageBus while Redis is unreachable', () => {
  it('keeps retained signals (coalesced) and publishes them once the connection is back; others reject with 503', async () => {
    const heard: string[] = [];
    const off = await direct.bus.subscribe('signals', (m) => heard.push(m));
    const bus = cutOff.bus as RedisMessageBus;
    try {
      await cut(cutOff);
      const started = Date.now();
      await bus.publish('signals', 'tools', { retain: true });
      await bus.publish('signals', 'uri:item://1', { retain: true });
      await bus.publish('signals', 'tools', { retain: true }); // the same signal again: one
      expect(Date.now() - started).toBeLessThan(200); // nothing waits for Redis
      expect(bus.outboxSize()).toBe(2);
      const error = await bus.publish('signals', 'a response for a pending request').then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(HttpError);
      expect(error).toMatchObject({ status: 503, code: 'store_unavailable' });

      await sleep(200);
      expect(heard).toEqual([]); // nothing crossed while cut off
      await heal(cutOff);
      await waitFor(() => heard.length >= 2, 5000, 'the kept signals on the other instance');
      await sleep(200);
      expect(heard).toEqual(['uri:item://1', 'tools']); // oldest first, each once, the lost one absent
      expect(bus.outboxSize()).toBe(0);
      expect(logged).toContain('info message bus: signals kept while redis was away are published');
    } finally {
      await off();
    }
  });

  it('publishes retained signals at once while connected (no outbox detour)', async () => {
    const heard: string[] = [];
    const off = await direct.bus.subscribe('live', (m) => heard.push(m));
    try {
      await cutOff.bus.publish('live', 'now', { retain: true });
      expect((cutOff.bus as RedisMessageBus).outboxSize()).toBe(0);
      await waitFor(() => heard.length === 1, 2000, 'the live signal');
      expect(heard).toEqual(['now']);
    } finally {
      await off();
    }
  });

  it('runs reconnect listeners once per outage, after every channel is live again, never on the first connection', async () => {
    const bus = cutOff.bus as RedisMessageBus;
    const offs = await Promise.all(['a', 'b', 'c'].map((name) => bus.subscribe(name, () => undefined)));
    const heardAfter: string[] = [];
    offs.push(await bus.subscribe('after', (m) => heardAfter.push(m)));
    const calls: boolean[] = [];
    const stop = bus.onReconnect(() => calls.push(['a', 'b', 'c', 'after'].every((name) => bus.isLive(bus.channel(name)))));
    const directCalls: number[] = [];
    const stopDirect = direct.bus.onReconnect!(() => directCalls.push(1));
    try {
      await sleep(100);
      expect(calls).toEqual([]);

      await cut(cutOff);
      await sleep(400); // several failed reconnection attempts: still one outage
      await heal(cutOff);
      await waitFor(() => calls.length === 1, 5000, 'the reconnect listener');
      await sleep(300);
      expect(calls).toEqual([true]);
      expect(directCalls).toEqual([]); // the other instance never dropped

      // The subscription is really back: a message published elsewhere now arrives.
      await direct.bus.publish('after', 'hello');
      await waitFor(() => heardAfter.length === 1, 2000, 'a message after the reconnection');

      await cut(cutOff);
      await heal(cutOff);
      await waitFor(() => calls.length === 2, 5000, 'the reconnect listener after a second outage');

      stop();
      await cut(cutOff);
      await heal(cutOff);
      await sleep(300);
      expect(calls).toHaveLength(2); // removed listeners are not called
    } finally {
      stop();
      stopDirect();
      await Promise.all(offs.map((off) => off()));
    }
  });

  it('a listener that throws is logged and does not stop the others', async () => {
    const bus = cutOff.bus as RedisMessageBus;
    const order: string[] = [];
    const stopA = bus.onReconnect(() => {
      order.push('a');
      throw new Error('boom');
    });
    const stopB = bus.onReconnect(() => order.push('b'));
    try {
      await cut(cutOff);
      await heal(cutOff);
      await waitFor(() => order.length === 2, 5000, 'both listeners');
      expect(order).toEqual(['a', 'b']);
      expect(logged).toContain('warn message bus reconnect listener threw');
    } finally {
      stopA();
      stopB();
    }
  });

  it('bounds the outbox: the oldest signals are dropped, logged once per outage', async () => {
    const ownLog: string[] = [];
    const connection = new RedisConnection(
      relay.url(),
      resolveOptions({ ...FAST, keyPrefix: 'bus-test:', logger: { info: (_, m) => ownLog.push(`info ${m}`), warn: (_, m) => ownLog.push(`warn ${m}`) } }),
    );
    const bus = new RedisMessageBus(connection, { maxMessages: 3, maxAgeMs: 60_000 });
    const heard: string[] = [];
    const off = await direct.bus.subscribe('bounded', (m) => heard.push(m));
    try {
      await connection.whenReady(2000);
      relay.cut();
      await waitFor(() => !connection.healthy() && !cutOff.healthy(), 3000, 'the cut');
      for (let i = 1; i <= 6; i++) await bus.publish('bounded', `m${i}`, { retain: true });
      expect(bus.outboxSize()).toBe(3);
      expect(ownLog.filter((l) => l.includes('outbox full'))).toHaveLength(1);
      relay.restore();
      await waitFor(() => heard.length >= 3, 5000, 'the kept signals');
      await sleep(200);
      expect(heard).toEqual(['m4', 'm5', 'm6']);
      await waitFor(() => cutOff.healthy(), 5000, 'the shared stores to reconnect too');
    } finally {
      await off();
      await connection.close();
    }
  });

  it('drops signals that waited longer than maxAgeMs', async () => {
    const connection = new RedisConnection(relay.url(), resolveOptions({ ...FAST, keyPrefix: 'bus-test:' }));
    const bus = new RedisMessageBus(connection, { maxMessages: 10, maxAgeMs: 300 });
    const heard: string[] = [];
    const off = await direct.bus.subscribe('aged', (m) => heard.push(m));
    try {
      await connection.whenReady(2000);
      relay.cut();
      await waitFor(() => !connection.healthy(), 3000, 'the cut');
      await bus.publish('aged', 'stale', { retain: true });
      await sleep(500);
      await bus.publish('aged', 'fresh', { retain: true });
      relay.restore();
      await waitFor(() => heard.length >= 1, 5000, 'the fresh signal');
      await sleep(200);
      expect(heard).toEqual(['fresh']);
      await waitFor(() => cutOff.healthy(), 5000, 'the shared stores to reconnect too');
    } finally {
      await off();
      await connection.close();
    }
  });
});
