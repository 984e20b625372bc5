/**
 * What the message bus loses while Redis (or one instance's link to it) is away, and how clients still
 * hear of every change afterwards. Two instances (test/scale/fixtures/instance.mjs on the built runtime):
 * A reaches Redis through a relay the test can cut (one instance cut off), B directly. Each has its own
 * proxy only so the test can see when a client's GET stream is open.
 *
 * - A signal raised on A while A is cut off waits in A's outbox and reaches B's clients when the link
 *   heals (B never dropped, so nothing else would tell them).
 * - A client on A, which missed what B published meanwhile, gets the catch-up notifications (list_changed,
 *   resources/updated for its subscriptions) when A's subscription is back.
 * - Redis itself stopped and restarted: a list_changed raised on A during the outage reaches a client on B.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.js';
import { startRoundRobinProxy, type RoundRobinProxy } from '../helpers/round-robin-proxy.js';
import { startTcpRelay, type TcpRelay } from '../helpers/tcp-relay.js';
import { connectClient, getStreamHolder, textOf, waitUntil, type TestClient } from './client.js';
import { startInstance, type Instance } from './cluster.js';
import { rpc2026 } from './rpc-2026.js';

const RUNTIME_DIST = fileURLToPath(new URL('../../runtime/dist/index.js', import.meta.url));

interface Node extends Instance {
  readonly proxy: RoundRobinProxy;
}

/** One instance of the fixture on `redisUrl`, behind its own one-upstream proxy. */
async function startNode(name: string, redisUrl: string): Promise<Node> {
  // MCP_STATE_SECRET: a stateless call on a fresh instance would otherwise read the shared secret from Redis.
  const instance = await startInstance(name, { MCP_REDIS_URL: redisUrl, MCP_STATE_SECRET: 'bus-outage-test-secret-0123456789', MCP_LOG_LEVEL: 'info' });
  try {
    return Object.assign(instance, { proxy: await startRoundRobinProxy([instance.port]) });
  } catch (error) {
    await instance.stop();
    throw error;
  }
}

let redis: RedisServer;
let relay: TcpRelay;
let a: Node;
let b: Node;
const clients: TestClient[] = [];

beforeAll(async () => {
  if (!existsSync(RUNTIME_DIST)) throw new Error(`${RUNTIME_DIST} is missing; run npm run build first`);
  redis = await startRedisServer();
  relay = await startTcpRelay(redis.port);
  [a, b] = await Promise.all([startNode('instance-a', relay.url()), startNode('instance-b', redis.url)]);
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await Promise.all([a, b].filter((n) => n !== undefined).map(async (n) => {
    await n.proxy.close();
    await n.stop();
  }));
  await relay?.close();
  await redis?.dispose();
});

async function ready(node: Node): Promise<number> {
  return (await fetch(`http://127.0.0.1:${node.port}/readyz`, { signal: AbortSignal.timeout(2000) })).status;
}

/** A client on `node` whose GET stream is open (after both instances are ready: a test starts from a healthy cluster). */
async function clientOn(node: Node): Promise<TestClient> {
  await waitUntil(async () => (await ready(a)) === 200 && (await ready(b)) === 200, 10_000, 'both instances ready');
  const mark = node.proxy.hops.length;
  const c = await connectClient(`${node.proxy.url}/mcp`);
  clients.push(c);
  await getStreamHolder(node.proxy.hops, mark);
  return c;
}

/** Raise a signal on `node` with a stateless (2026-07-28) call: it needs no session, so it works while Redis is away. */
async function raise(node: Node, tool: 'announce' | 'bump', uri?: string): Promise<string> {
  const reply = await rpc2026(node.url, 'tools/call', { name: tool, arguments: uri === undefined ? {} : { uri } });
  if (reply.result === undefined) throw new Error(`${tool} on ${node.name}: ${JSON.stringify(reply)}`);
  return textOf(reply.result);
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function expectHealthyLogs(): void {
  for (const node of [a, b]) {
    expect(node.alive()).toBe(true);
    expect(node.log()).not.toMatch(/uncaught|unhandled/i);
  }
}

describe('the message bus across outages (two instances on Redis)', () => {
  it('signals raised on an instance cut off from Redis reach the clients of the others when it reconnects (outbox)', async () => {
    const c = await clientOn(b);
    await c.client.subscribeResource({ uri: 'item://7' });

    relay.cut();
    try {
      await waitUntil(async () => (await ready(a)) === 503, 5000, 'instance A to notice the cut');
      expect(await ready(b)).toBe(200);

      expect(await raise(a, 'announce')).toBe('announced on instance-a');
      expect(await raise(a, 'bump', 'item://7')).toBe('bumped item://7 on instance-a');
      expect(await raise(a, 'announce')).toBe('announced on instance-a'); // the same signal again
      await sleep(300);
      expect(c.listChanged.count).toBe(0); // nothing crossed while A was cut off
      expect(c.updated).toEqual([]);
    } finally {
      relay.restore();
    }
    await waitUntil(() => c.listChanged.count >= 1 && c.updated.includes('item://7'), 10_000, 'the kept signals on the client of B');
    await sleep(300);
    // B never lost Redis, so these came from A's outbox: coalesced to one list_changed, one update.
    expect(c.listChanged.count).toBe(1);
    expect(c.updated).toEqual(['item://7']);
    await waitUntil(async () => (await ready(a)) === 200, 5000, 'instance A ready again');
    expectHealthyLogs();
  });

  it('a client on the instance that was cut off gets list_changed and resources/updated for its subscriptions after the reconnection (catch-up)', async () => {
    const c = await clientOn(a);
    await c.client.subscribeResource({ uri: 'item://9' });

    relay.cut();
    try {
      await waitUntil(async () => (await ready(a)) === 503, 5000, 'instance A to notice the cut');
      // B publishes while A's subscription is down: A never hears these.
      expect(await raise(b, 'announce')).toBe('announced on instance-b');
      expect(await raise(b, 'bump', 'item://9')).toBe('bumped item://9 on instance-b');
      await sleep(300);
      expect(c.listChanged.count).toBe(0);
      expect(c.updated).toEqual([]);
    } finally {
      relay.restore();
    }
    await waitUntil(() => c.listChanged.count >= 1 && c.updated.includes('item://9'), 10_000, 'the catch-up notifications on the client of A');
    await sleep(300);
    // Once per outage: one list_changed per list, one update per subscription.
    expect(c.listChanged.count).toBe(1);
    expect(c.updated).toEqual(['item://9']);
    expect(a.log()).toContain('message bus reconnected: list changes and resource updates re-announced to local streams');
    expectHealthyLogs();
  });

  it('a subscription made on an instance while it is cut off is written to Redis on reconnection, not overwritten by the older copy', async () => {
    const c = await clientOn(a);
    const sessionId = c.transport.sessionId!;
    relay.cut();
    try {
      await waitUntil(async () => (await ready(a)) === 503, 5000, 'instance A to notice the cut');
      // A holds the session in memory: the subscription is taken locally, the store write fails (logged).
      await c.client.subscribeResource({ uri: 'item://11' });
    } finally {
      relay.restore();
    }
    // The catch-up re-announces the local subscription (the store's copy without it did not win)...
    await waitUntil(() => c.updated.includes('item://11'), 10_000, 'resources/updated for the subscription made while cut off');
    // ...and Redis now has it, so every instance serving this session knows it.
    const admin = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 0 });
    try {
      await admin.connect();
      await waitUntil(async () => ((await admin.hget(`mcp:session:${sessionId}`, 'subscriptions')) ?? '').includes('item://11'), 5000, 'the subscription in Redis');
    } finally {
      admin.disconnect();
    }
    expectHealthyLogs();
  });

  it('Redis stopped and restarted: a list_changed raised during the outage reaches a client on another instance', async () => {
    const c = await clientOn(b);
    // A Redis with persistence (production): the sessions are still there after the restart.
    const admin = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 0 });
    try {
      await admin.connect();
      await admin.save();
    } finally {
      admin.disconnect();
    }
    await redis.stop();
    try {
      await waitUntil(async () => (await ready(a)) === 503 && (await ready(b)) === 503, 5000, 'both instances to notice');
      expect(await raise(a, 'announce')).toBe('announced on instance-a'); // kept, not a failed tool call
      await sleep(200);
      expect(c.listChanged.count).toBe(0);
    } finally {
      await redis.start();
    }
    await waitUntil(() => c.listChanged.count >= 1, 10_000, 'list_changed on the client of B after Redis came back');
    await waitUntil(async () => (await ready(a)) === 200 && (await ready(b)) === 200, 5000, 'both instances ready again');
    // The session still works on both instances.
    for (let i = 0; i < 2; i++) expect(textOf(await c.client.callTool({ name: 'whoami', arguments: {} }))).toBe('instance-b');
    expectHealthyLogs();
  });
});
