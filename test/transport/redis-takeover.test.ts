/**
 * Two instances on one real Redis (separate connections, pub/sub bus): server-to-client request ids never
 * collide within a session, and a POST stream resumed on the other instance is taken over (replay, then live).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../runtime/src/app/create-app.js';
import { createRedisStores } from '../../runtime/src/store/redis/index.js';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.js';
import { ACCEPT_BOTH, INIT, openSse, post, testServer } from './fixture.js';

let redis: RedisServer;
let a: App;
let b: App;
let urlA: string;
let urlB: string;
beforeAll(async () => {
  redis = await startRedisServer();
  const prefix = `takeover-${process.pid}:`;
  const storesA = createRedisStores(redis.url, { keyPrefix: prefix });
  const storesB = createRedisStores(redis.url, { keyPrefix: prefix });
  await Promise.all([storesA.whenReady(5000), storesB.whenReady(5000)]);
  a = createApp(testServer({ stores: storesA }));
  b = createApp(testServer({ stores: storesB }));
  urlA = (await a.listen(0, '127.0.0.1')).url;
  urlB = (await b.listen(0, '127.0.0.1')).url;
}, 20_000);
afterAll(async () => {
  await a?.close();
  await b?.close();
  await redis?.dispose();
});

async function session(capabilities: object = {}): Promise<Record<string, string>> {
  const r = await post(urlA, INIT('2025-11-25', capabilities));
  const h = { 'mcp-session-id': r.headers.get('mcp-session-id')!, 'mcp-protocol-version': '2025-11-25' };
  expect((await post(urlA, { jsonrpc: '2.0', method: 'notifications/initialized' }, h)).status).toBe(202);
  return h;
}

const postSse = (url: string, h: Record<string, string>, body: object) =>
  openSse(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: ACCEPT_BOTH, ...h }, body: JSON.stringify(body) });

describe('two instances on Redis', () => {
  it('answers posted to the other instance settle the right pending request', async () => {
    const h = await session({ sampling: {} });
    const ask = (id: number) => ({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'ask.model', arguments: { question: 'q' } } });
    const onA = await postSse(urlA, h, ask(1));
    const onB = await postSse(urlB, h, ask(2));
    try {
      expect((await onA.next(3000)).data).toBe('');
      expect((await onB.next(3000)).data).toBe('');
      const reqA = JSON.parse((await onA.next(3000)).data);
      const reqB = JSON.parse((await onB.next(3000)).data);
      expect(reqA.id).not.toEqual(reqB.id);
      const answer = (id: unknown, text: string) => ({ jsonrpc: '2.0', id, result: { role: 'assistant', model: 'm', content: { type: 'text', text } } });
      expect((await post(urlA, answer(reqB.id, 'for B'), h)).status).toBe(202);
      expect((await post(urlB, answer(reqA.id, 'for A'), h)).status).toBe(202);
      expect(JSON.parse((await onA.next(3000)).data).result.content[0].text).toBe('model said: for A');
      expect(JSON.parse((await onB.next(3000)).data).result.content[0].text).toBe('model said: for B');
    } finally {
      onA.close();
      onB.close();
    }
  });

  it('a POST stream resumed on the other instance delivers the rest live, then ends', async () => {
    const h = await session();
    const sse = await postSse(urlA, h, { jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'count', arguments: { n: 3, delayMs: 150 }, _meta: { progressToken: 'p' } } });
    expect((await sse.next(3000)).data).toBe('');
    const first = await sse.next(3000);
    expect(JSON.parse(first.data).params.progress).toBe(1);
    sse.close();
    const resumed = await openSse(urlB, { headers: { accept: 'text/event-stream', 'last-event-id': first.id!, ...h } });
    try {
      const seen: any[] = [];
      for (let i = 0; i < 20; i++) {
        const m = JSON.parse((await resumed.next(3000)).data);
        seen.push(m);
        if (m.id === 3) break;
      }
      expect(seen.filter((m) => m.method === 'notifications/progress').map((m) => m.params.progress)).toEqual([2, 3]);
      expect(seen.at(-1)).toMatchObject({ id: 3, result: { content: [{ type: 'text', text: 'counted to 3' }] } });
      await expect(resumed.next(1000)).rejects.toThrow(/stream ended/);
    } finally {
      resumed.close();
    }
  });
});
