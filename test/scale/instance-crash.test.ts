/**
 * The instance holding a client's GET stream dies: the client resumes with Last-Event-ID through the
 * balancer on another instance and gets every notification exactly once, in order - including the ones
 * the dead instance had written but the client never received.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type Cluster } from './cluster.js';
import { connectClient, getStreamHolder, waitUntil, type TestClient } from './client.js';

let cluster: Cluster;
let client: TestClient | undefined;

beforeAll(async () => {
  cluster = await startCluster(3);
});
afterAll(async () => {
  await client?.close();
  await cluster?.close();
});

describe('an instance killed mid-stream', { timeout: 120_000 }, () => {
  it('the stream resumes on another instance with nothing lost or repeated', async () => {
    client = await connectClient(cluster.url);
    const c = client;
    const holder = await getStreamHolder(cluster.proxy.hops, 0);
    const uris = Array.from({ length: 8 }, (_, i) => `item://${i + 1}`);
    for (const uri of uris) await c.client.subscribeResource({ uri });
    const other = (holder + 1) % 3;
    const bump = async (uri: string): Promise<void> => {
      cluster.proxy.pin(other);
      try {
        await c.client.callTool({ name: 'bump', arguments: { uri } });
      } finally {
        cluster.proxy.pin(undefined);
      }
    };

    // Live: delivered through the holder's stream.
    await bump(uris[0]!);
    await bump(uris[1]!);
    await waitUntil(() => c.updated.length === 2, 15_000, 'the first two notifications');

    // Written by the holder, lost on the wire.
    cluster.proxy.dropGetStreams(true);
    for (const uri of uris.slice(2, 5)) await bump(uri);
    await new Promise((r) => setTimeout(r, 200));
    expect(c.updated).toEqual(uris.slice(0, 2));

    const getsBefore = cluster.proxy.hops.filter((h) => h.method === 'GET').length;
    await cluster.instances[holder]!.kill();
    cluster.proxy.dropGetStreams(false);

    // The SDK reconnects with Last-Event-ID; the balancer skips the dead instance.
    await waitUntil(() => cluster.proxy.hops.filter((h) => h.method === 'GET').length > getsBefore, 10_000, 'the resumed GET');
    const resumed = cluster.proxy.hops.filter((h) => h.method === 'GET').at(-1)!;
    expect(resumed.upstream).not.toBe(holder);
    await waitUntil(() => c.updated.length >= 5, 15_000, 'the replay of the three lost notifications');

    // And it goes on live on the new holder.
    for (const uri of uris.slice(5)) await bump(uri);
    await waitUntil(() => c.updated.length >= 8, 15_000, 'the last three notifications');
    await new Promise((r) => setTimeout(r, 200));
    expect(c.updated).toEqual(uris);
    // its GET stream would otherwise reconnect when the next test cuts streams, and be taken for that test's
    await c.close();
    client = undefined;
  });
});

describe('a GET stream that moves between live instances', { timeout: 120_000 }, () => {
  it('each notification arrives once although every instance the stream visited is still running', async () => {
    const mark = cluster.proxy.hops.length;
    const c = await connectClient(cluster.url);
    const alive = cluster.instances.map((instance, index) => ({ instance, index })).filter((x) => x.instance.alive());
    expect(alive.length).toBeGreaterThanOrEqual(2);
    await getStreamHolder(cluster.proxy.hops, mark);
    const uris = Array.from({ length: 5 }, (_, i) => `item://move-${i}`);
    for (const uri of uris) await c.client.subscribeResource({ uri });
    const bump = async (uri: string): Promise<void> => {
      cluster.proxy.pin(alive[0]!.index);
      try {
        await c.client.callTool({ name: 'bump', arguments: { uri } });
      } finally {
        cluster.proxy.pin(undefined);
      }
    };
    const moveTo = async (upstream: number): Promise<void> => {
      const before = cluster.proxy.hops.length;
      cluster.proxy.pin(upstream);
      cluster.proxy.cutGetStreams();
      try {
        expect(await getStreamHolder(cluster.proxy.hops, before).catch((e: unknown) => { throw new Error(`${String(e)} hops=${JSON.stringify(cluster.proxy.hops.slice(mark).map((h) => `${h.method}@${h.upstream}`))} errors=${c.errors.join(" / ")}`); })).toBe(upstream);
      } finally {
        cluster.proxy.pin(undefined);
      }
    };
    const [first, second] = [alive[0]!.index, alive[1]!.index];
    await bump(uris[0]!);
    await waitUntil(() => c.updated.length === 1, 15_000, 'notification 1');
    await moveTo(second);
    await bump(uris[1]!);
    await waitUntil(() => c.updated.length === 2, 15_000, 'notification 2');
    await moveTo(first);
    await bump(uris[2]!);
    await waitUntil(() => c.updated.length === 3, 15_000, 'notification 3');
    await moveTo(second);
    await bump(uris[3]!);
    await waitUntil(() => c.updated.length === 4, 15_000, 'notification 4');
    await moveTo(first);
    await bump(uris[4]!);
    await waitUntil(() => c.updated.length >= 5, 15_000, 'notification 5');
    await new Promise((r) => setTimeout(r, 300));
    expect(c.updated).toEqual(uris);
    await c.close();
  });
});
