/**
 * Three instances on one Redis behind a round-robin proxy: sessions, notifications, rate limits and the
 * result cache behave as if there were one server.
 */
import { ElicitRequestSchema, type ClientCapabilities } from '@modelcontextprotocol/sdk/types.js';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type Cluster } from './cluster.js';
import { connectClient, getStreamHolder, textOf, waitUntil, type TestClient } from './client.js';

let cluster: Cluster;
const clients: TestClient[] = [];

const ALICE = { 'x-api-key': 'alice-key' };
const BOB = { 'x-api-key': 'bob-key' };

beforeAll(async () => {
  cluster = await startCluster(3, { MCP_AUTH_MODE: 'apikey', MCP_API_KEYS: 'alice-key,bob-key' });
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await cluster?.close();
});

async function connect(headers: Record<string, string> = ALICE, capabilities: ClientCapabilities = {}): Promise<TestClient> {
  const c = await connectClient(cluster.url, headers, capabilities);
  clients.push(c);
  return c;
}

describe('three instances on Redis', () => {
  it('a session opened on one instance is used on all of them', async () => {
    const c = await connect();
    const first = cluster.proxy.hops.length;
    const served = new Set<string>();
    for (let i = 0; i < 6; i++) served.add(textOf(await c.client.callTool({ name: 'whoami', arguments: {} })));
    expect(served).toEqual(new Set(['instance-0', 'instance-1', 'instance-2']));
    const upstreams = new Set(cluster.proxy.hops.slice(first).filter((h) => h.method === 'POST').map((h) => h.upstream));
    expect(upstreams).toEqual(new Set([0, 1, 2]));
    expect(c.transport.sessionId).toMatch(/^[\x21-\x7e]{16,}$/);
  });

  it('a session is bound to its caller on every instance: another key gets 404, the owner 200', async () => {
    const c = await connect(ALICE);
    const sessionId = c.transport.sessionId!;
    const ping = (instanceUrl: string, key: Record<string, string>): Promise<Response> =>
      fetch(instanceUrl, {
        method: 'POST',
        headers: {
          ...key,
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          'mcp-session-id': sessionId,
          'mcp-protocol-version': '2025-11-25',
        },
        body: JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'ping' }),
      });
    for (const instance of cluster.instances) {
      expect((await ping(instance.url, BOB)).status).toBe(404);
      expect((await ping(instance.url, ALICE)).status).toBe(200);
    }
  });

  it('list_changed raised on one instance reaches a client whose GET stream is on another', async () => {
    const mark = cluster.proxy.hops.length;
    const c = await connect();
    const holder = await getStreamHolder(cluster.proxy.hops, mark);
    cluster.proxy.pin((holder + 2) % 3);
    try {
      expect(textOf(await c.client.callTool({ name: 'announce', arguments: {} }))).toBe(`announced on instance-${(holder + 2) % 3}`);
    } finally {
      cluster.proxy.pin(undefined);
    }
    await waitUntil(() => c.listChanged.count === 1, 5000, 'notifications/tools/list_changed');
  });

  it('a resource update raised on one instance reaches the GET stream held by another', async () => {
    const mark = cluster.proxy.hops.length;
    const c = await connect();
    const holder = await getStreamHolder(cluster.proxy.hops, mark);
    await c.client.subscribeResource({ uri: 'item://1' });
    const other = (holder + 1) % 3;
    cluster.proxy.pin(other);
    try {
      expect(textOf(await c.client.callTool({ name: 'bump', arguments: { uri: 'item://1' } }))).toBe(`bumped item://1 on instance-${other}`);
      await c.client.callTool({ name: 'bump', arguments: { uri: 'item://not-subscribed' } });
    } finally {
      cluster.proxy.pin(undefined);
    }
    await waitUntil(() => c.updated.length >= 1, 5000, 'notifications/resources/updated on the GET stream');
    await new Promise((r) => setTimeout(r, 200));
    expect(c.updated).toEqual(['item://1']);
  });

  it("the client's answer to a server request reaches the instance that asked, whichever instance it is posted to", async () => {
    const c = await connect(ALICE, { elicitation: { form: {} } });
    const asker = 1;
    const answeredTo = 2;
    c.client.setRequestHandler(ElicitRequestSchema, () => {
      cluster.proxy.pin(answeredTo); // the answer POST goes to another instance than the one that asked
      return { action: 'accept', content: { name: 'Ada' } };
    });
    const mark = cluster.proxy.hops.length;
    cluster.proxy.pin(asker);
    try {
      const result = await c.client.callTool({ name: 'ask', arguments: {} });
      expect(textOf(result)).toBe('hello Ada from instance-1');
    } finally {
      cluster.proxy.pin(undefined);
    }
    const posts = cluster.proxy.hops.slice(mark).filter((h) => h.method === 'POST');
    expect(posts.map((h) => h.upstream)).toEqual(expect.arrayContaining([asker, answeredTo]));
  });

  it('a limit of 7 per minute admits exactly 7 calls across the three instances', async () => {
    const c = await connect();
    const mark = cluster.proxy.hops.length;
    const call = (): Promise<string> =>
      c.client.callTool({ name: 'limited', arguments: {} }).then(
        (result) => (result.isError === true ? 'rejected' : textOf(result)),
        () => 'rejected',
      );
    // All at once, spread over the three instances: the count is atomic in Redis, not per instance.
    const outcomes = await Promise.all(Array.from({ length: 15 }, call));
    expect(outcomes.filter((o) => o === 'admitted')).toHaveLength(7);
    expect(outcomes.filter((o) => o === 'rejected')).toHaveLength(8);
    expect(new Set(cluster.proxy.hops.slice(mark).map((h) => h.upstream))).toEqual(new Set([0, 1, 2]));
    // And later calls stay rejected on every instance.
    const later = await Promise.all(Array.from({ length: 3 }, call));
    expect(later).toEqual(['rejected', 'rejected', 'rejected']);
  });

  it('a result cached on one instance is served by the others', async () => {
    const c = await connect();
    const x = Date.now();
    const results = [];
    for (let i = 0; i < 6; i++) results.push(textOf(await c.client.callTool({ name: 'computed', arguments: { x } })));
    expect(new Set(results).size).toBe(1);
    const value = JSON.parse(results[0]!) as { n: number; x: number; instance: string };
    expect(value.x).toBe(x);
    const fresh = textOf(await c.client.callTool({ name: 'computed', arguments: { x: x + 1 } }));
    expect(fresh).not.toBe(results[0]);
  });

  it('/readyz is 200 on every instance while Redis is up', async () => {
    for (const instance of cluster.instances) {
      const res = await fetch(`http://127.0.0.1:${instance.port}/readyz`);
      expect(res.status).toBe(200);
    }
  });

  it('an instance stopped with SIGTERM exits 0 and closes its Redis connections; the others keep serving', async () => {
    const raw = new Redis(cluster.redis.url);
    try {
      const ours = async (): Promise<number> => ((await raw.client('LIST')) as string).split('\n').filter((l) => /name=mcp-gen/.test(l)).length;
      expect(await ours()).toBe(6); // 3 instances x (commands + subscriber)
      expect(await cluster.instances[2]!.stop()).toBe(0);
      await waitUntil(async () => (await ours()) === 4, 3000, 'the stopped instance to close its connections');
      const c = await connect();
      const served = new Set<string>();
      for (let i = 0; i < 4; i++) served.add(textOf(await c.client.callTool({ name: 'whoami', arguments: {} })));
      expect(served).toEqual(new Set(['instance-0', 'instance-1']));
    } finally {
      raw.disconnect();
    }
  });
});
