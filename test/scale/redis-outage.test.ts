/**
 * Redis stops and comes back while three instances serve: readiness goes false and requests needing
 * shared state get 503 `store_unavailable` (no crash, no hang); afterwards everything works again,
 * cross-instance notifications included, without restarting anything.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type Cluster } from './cluster.js';
import { connectClient, getStreamHolder, textOf, waitUntil, type TestClient } from './client.js';

let cluster: Cluster;
const clients: TestClient[] = [];

beforeAll(async () => {
  cluster = await startCluster(3, { MCP_RATE_LIMIT_FAIL: 'closed' });
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await cluster?.close();
});

const INIT = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
};

async function initialize(url: string): Promise<{ status: number; body: string }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: JSON.stringify(INIT),
    signal: AbortSignal.timeout(5000),
  });
  return { status: res.status, body: await res.text() };
}

async function readyStatuses(): Promise<number[]> {
  return Promise.all(cluster.instances.map(async (i) => (await fetch(`http://127.0.0.1:${i.port}/readyz`)).status));
}

describe('Redis stopped and restarted mid-test', () => {
  it('503 and not ready while down, service resumes by itself after', async () => {
    const before = await connectClient(cluster.url);
    clients.push(before);
    expect(await readyStatuses()).toEqual([200, 200, 200]);

    await cluster.redis.stop();
    await waitUntil(async () => (await readyStatuses()).every((s) => s === 503), 5000, '/readyz 503 on every instance');

    for (const instance of cluster.instances) {
      const started = Date.now();
      const { status, body } = await initialize(instance.url);
      expect(status).toBe(503);
      expect(JSON.parse(body)).toMatchObject({ error: { message: expect.stringContaining('unavailable') } });
      expect(body).toContain('store_unavailable');
      expect(body).not.toMatch(/redis:\/\/|ECONNREFUSED|at .*\.js:\d+/);
      expect(Date.now() - started).toBeLessThan(1500); // fails fast, does not wait for Redis
    }
    // A call that needs the shared rate-limit counters fails closed (MCP_RATE_LIMIT_FAIL=closed).
    const limited = await before.client.callTool({ name: 'limited', arguments: {} }).then(
      (r) => (r.isError === true ? 'rejected' : textOf(r)),
      () => 'rejected',
    );
    expect(limited).toBe('rejected');
    expect(cluster.instances.every((i) => i.alive())).toBe(true);

    await cluster.redis.start();
    await waitUntil(async () => (await readyStatuses()).every((s) => s === 200), 10_000, '/readyz 200 again');
    expect(cluster.instances.every((i) => i.alive())).toBe(true);
    for (const instance of cluster.instances) {
      expect(instance.log()).not.toMatch(/uncaught|unhandled/i);
    }

    // Sessions, shared state and cross-instance notifications work again (subscriptions were re-established).
    const mark = cluster.proxy.hops.length;
    const after = await connectClient(cluster.url);
    clients.push(after);
    const served = new Set<string>();
    // Round robin spreads consecutive calls over the three instances; `before` may interleave requests of its
    // own (it re-lists after the catch-up list_changed every instance sends once Redis is back), so allow a few.
    for (let i = 0; i < 9 && served.size < 3; i++) served.add(textOf(await after.client.callTool({ name: 'whoami', arguments: {} })));
    expect(served.size).toBe(3);
    const holder = await getStreamHolder(cluster.proxy.hops, mark);
    await after.client.subscribeResource({ uri: 'item://42' });
    cluster.proxy.pin((holder + 1) % 3);
    try {
      await after.client.callTool({ name: 'bump', arguments: { uri: 'item://42' } });
    } finally {
      cluster.proxy.pin(undefined);
    }
    await waitUntil(() => after.updated.includes('item://42'), 5000, 'the cross-instance notification after recovery');
  });
});
