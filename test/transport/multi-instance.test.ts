/**
 * Two app instances sharing stores (the in-memory stores stand in for Redis here): a session opened
 * on one is served by the other; client responses and cancellations reach the instance running the call.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../runtime/src/app/create-app.js';
import type { McpServer } from '../../runtime/src/server/types.js';
import { createMemoryStores } from '../../runtime/src/store/memory/index.js';
import { ACCEPT_BOTH, INIT, openSse, parseSse, post, testServer } from './fixture.js';

let a: App;
let b: App;
let serverB: McpServer;
let urlA: string;
let urlB: string;
beforeAll(async () => {
  const stores = createMemoryStores();
  const shared = { ...stores, close: () => Promise.resolve() };
  a = createApp(testServer({ stores: shared }));
  serverB = testServer({ stores: shared });
  b = createApp(serverB);
  urlA = (await a.listen(0, '127.0.0.1')).url;
  urlB = (await b.listen(0, '127.0.0.1')).url;
});
afterAll(async () => {
  await a.close();
  await b.close();
});

async function sessionOnA(capabilities: object = {}, initialized = true) {
  const r = await post(urlA, INIT('2025-11-25', capabilities));
  const sid = r.headers.get('mcp-session-id')!;
  const h = { 'mcp-session-id': sid, 'mcp-protocol-version': '2025-11-25' };
  if (initialized) expect((await post(urlA, { jsonrpc: '2.0', method: 'notifications/initialized' }, h)).status).toBe(202);
  return h;
}

/** POST a tools/call on `url` as an SSE stream and read up to the server's sampling request. */
async function askModel(url: string, h: Record<string, string>, id: number) {
  const sse = await openSse(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: ACCEPT_BOTH, ...h },
    body: JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'ask.model', arguments: { question: 'hi' } } }),
  });
  expect((await sse.next()).data).toBe(''); // priming
  const request = JSON.parse((await sse.next()).data) as { id: string | number; method: string };
  expect(request.method).toBe('sampling/createMessage');
  return { sse, request };
}

const answer = (id: string | number, text: string) => ({ jsonrpc: '2.0', id, result: { role: 'assistant', model: 'm', content: { type: 'text', text } } });

describe('several instances', () => {
  it('serves a session opened elsewhere', async () => {
    const h = await sessionOnA();
    const r = await post(urlB, { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'echo', arguments: { text: 'via B' } } }, h);
    expect(r.json().result.content[0].text).toBe('via B');
  });

  it('routes a client response to the instance that asked', async () => {
    const h = await sessionOnA({ sampling: {} });
    const sse = await openSse(urlB, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: ACCEPT_BOTH, ...h },
      body: JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'ask.model', arguments: { question: 'hi' } } }),
    });
    try {
      expect((await sse.next()).data).toBe(''); // priming
      const request = JSON.parse((await sse.next()).data);
      expect(request.method).toBe('sampling/createMessage');
      const ack = await post(urlA, { jsonrpc: '2.0', id: request.id, result: { role: 'assistant', model: 'm', content: { type: 'text', text: 'from A' } } }, h);
      expect(ack.status).toBe(202);
      const result = JSON.parse((await sse.next()).data);
      expect(result).toMatchObject({ id: 3, result: { content: [{ type: 'text', text: 'model said: from A' }] } });
    } finally {
      sse.close();
    }
  });

  it('server-to-client request ids never collide when two instances ask in the same session at once', async () => {
    const h = await sessionOnA({ sampling: {} });
    const onA = await askModel(urlA, h, 31);
    const onB = await askModel(urlB, h, 32);
    try {
      expect(onA.request.id).not.toEqual(onB.request.id);
      // each answer is posted to the OTHER instance: it must be forwarded, never settle the local request
      expect((await post(urlA, answer(onB.request.id, 'for B'), h)).status).toBe(202);
      expect((await post(urlB, answer(onA.request.id, 'for A'), h)).status).toBe(202);
      expect(JSON.parse((await onA.sse.next()).data)).toMatchObject({ id: 31, result: { content: [{ type: 'text', text: 'model said: for A' }] } });
      expect(JSON.parse((await onB.sse.next()).data)).toMatchObject({ id: 32, result: { content: [{ type: 'text', text: 'model said: for B' }] } });
    } finally {
      onA.sse.close();
      onB.sse.close();
    }
  });

  it('notifications/initialized posted to one instance opens the session up on the other at once', async () => {
    const h = await sessionOnA({ sampling: {} }, false);
    await serverB.callTool('echo', { text: 'warm' }); // B is up; A holds the session (cached, not yet initialized)
    expect((await post(urlB, { jsonrpc: '2.0', method: 'notifications/initialized' }, h)).status).toBe(202);
    const get = await openSse(urlA, { headers: { accept: 'text/event-stream', ...h } });
    const onA = await askModel(urlA, h, 35); // A asks the client: it must not refuse as "not initialized"
    try {
      expect((await post(urlA, answer(onA.request.id, 'ok'), h)).status).toBe(202);
      expect(JSON.parse((await onA.sse.next()).data)).toMatchObject({ id: 35, result: { content: [{ type: 'text', text: 'model said: ok' }] } });
      expect((await get.next()).data).toBe(''); // priming
      await serverB.notifyListChanged('tools'); // reaches A over the bus, then the session's GET stream there
      expect(JSON.parse((await get.next()).data)).toEqual({ jsonrpc: '2.0', method: 'notifications/tools/list_changed' });
    } finally {
      onA.sse.close();
      get.close();
    }
  });

  it('POST streams of one session on two instances get distinct stream (event) ids', async () => {
    const h = await sessionOnA();
    const call = (id: number) => ({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'count', arguments: { n: 1 }, _meta: { progressToken: 'p' } } });
    const streamOf = (text: string) => parseSse(text)[0]!.id!.replace(/_[^_]*$/, '');
    const first = streamOf((await post(urlA, call(41), h)).text);
    const second = streamOf((await post(urlB, call(42), h)).text);
    expect(first.startsWith(h['mcp-session-id'] + '.')).toBe(true);
    expect(second).not.toBe(first);
  });

  it('a POST stream resumed on another instance takes over: missed events, then the live tail, then the response', async () => {
    const h = await sessionOnA();
    const sse = await openSse(urlA, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: ACCEPT_BOTH, ...h },
      body: JSON.stringify({ jsonrpc: '2.0', id: 51, method: 'tools/call', params: { name: 'count', arguments: { n: 4, delayMs: 150 }, _meta: { progressToken: 't' } } }),
    });
    expect((await sse.next()).data).toBe(''); // priming
    const first = await sse.next();
    expect(JSON.parse(first.data)).toMatchObject({ method: 'notifications/progress', params: { progress: 1 } });
    sse.close(); // the connection drops; the call goes on on A
    const resumed = await openSse(urlB, { headers: { accept: 'text/event-stream', 'last-event-id': first.id!, ...h } });
    try {
      expect(resumed.status).toBe(200);
      const seen: any[] = [];
      for (let i = 0; i < 20; i++) {
        const m = JSON.parse((await resumed.next(3000)).data);
        seen.push(m);
        if (m.id === 51) break;
      }
      const progress = seen.filter((m) => m.method === 'notifications/progress').map((m) => m.params.progress);
      expect(progress).toEqual([2, 3, 4]); // nothing lost, nothing twice
      expect(seen.at(-1)).toMatchObject({ id: 51, result: { content: [{ type: 'text', text: 'counted to 4' }] } });
      await expect(resumed.next(1000)).rejects.toThrow(/stream ended/); // the stream ends after its response
    } finally {
      resumed.close();
    }
  });

  it('resuming the same POST stream back on its own instance ends the copy followed elsewhere', async () => {
    const h = await sessionOnA();
    const sse = await openSse(urlA, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: ACCEPT_BOTH, ...h },
      body: JSON.stringify({ jsonrpc: '2.0', id: 61, method: 'tools/call', params: { name: 'count', arguments: { n: 3, delayMs: 200 }, _meta: { progressToken: 'u' } } }),
    });
    expect((await sse.next()).data).toBe('');
    const first = await sse.next();
    sse.close();
    const onB = await openSse(urlB, { headers: { accept: 'text/event-stream', 'last-event-id': first.id!, ...h } });
    let second = await onB.next(3000);
    for (let i = 0; i < 5 && JSON.parse(second.data).params?.progress !== 2; i++) second = await onB.next(3000);
    expect(JSON.parse(second.data)).toMatchObject({ method: 'notifications/progress', params: { progress: 2 } });
    const back = await openSse(urlA, { headers: { accept: 'text/event-stream', 'last-event-id': second.id!, ...h } });
    try {
      // B lets go: it may still yield what it had already delivered (the log of step 2), never more
      let ended = false;
      for (let i = 0; i < 5 && !ended; i++) {
        try {
          const m = JSON.parse((await onB.next(2000)).data);
          expect(m.params?.progress === 3 || m.id === 61).toBe(false);
        } catch (err) {
          expect(String(err)).toMatch(/stream ended/);
          ended = true;
        }
      }
      expect(ended).toBe(true);
      const rest: any[] = [];
      for (let i = 0; i < 10; i++) {
        const m = JSON.parse((await back.next(3000)).data);
        rest.push(m);
        if (m.id === 61) break;
      }
      expect(rest.filter((m) => m.method === 'notifications/progress').map((m) => m.params.progress)).toEqual([3]);
      expect(rest.at(-1)).toMatchObject({ id: 61, result: { content: [{ type: 'text', text: 'counted to 3' }] } });
    } finally {
      onB.close();
      back.close();
    }
  });

  it('cancels a call running on another instance', async () => {
    const h = await sessionOnA();
    const started = Date.now();
    const pending = fetch(urlB, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: ACCEPT_BOTH, ...h },
      body: JSON.stringify({ jsonrpc: '2.0', id: 4, method: 'tools/call', params: { name: 'wait', arguments: {} } }),
    });
    const engineB = serverB as unknown as { inflightCount: number };
    for (let i = 0; i < 250 && engineB.inflightCount === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(engineB.inflightCount).toBe(1);
    const c = await post(urlA, { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 4, reason: 'changed my mind' } }, h);
    expect(c.status).toBe(202);
    const res = await pending;
    expect(res.status).toBe(202);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('a session deleted on one instance is gone on the other', async () => {
    const h = await sessionOnA();
    expect((await post(urlB, { jsonrpc: '2.0', id: 5, method: 'ping' }, h)).status).toBe(200);
    expect((await fetch(urlA, { method: 'DELETE', headers: h })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 20));
    expect((await post(urlB, { jsonrpc: '2.0', id: 6, method: 'ping' }, h)).status).toBe(404);
  });
});
