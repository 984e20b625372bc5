/**
 * Forced SSE replies (`sseReplies: 'always'`): a reply ready in the same turn goes out whole in one
 * write (priming + response, nothing kept); a slow one opens the resumable stream at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../app/create-app.js';
import type { McpServer } from '../../server/types.js';
import { engineOf } from '../../server/create-server.js';
import { ACCEPT_BOTH, INIT, compile, openSession, openSse, parseSse, post, startApp } from '../../../../test/transport/fixture.js';

let app: App;
let server: McpServer;
let url: string;
beforeAll(async () => {
  ({ app, server, url } = await startApp({ sseReplies: 'always' }));
});
afterAll(() => app.close());

const call = (id: number, name: string, args: object = {}) => ({ jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: args } });

describe('forced SSE reply ready in the same turn', () => {
  it('2025-11-25: priming event (id, retry, empty data) then the response with its own id, one body with a length', async () => {
    const { headers } = await openSession(url, '2025-11-25');
    const r = await post(url, call(3, 'math.add', { a: 2, b: 3 }), headers);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/event-stream');
    expect(r.headers.get('x-accel-buffering')).toBe('no');
    expect(r.headers.get('content-length')).toBe(String(Buffer.byteLength(r.text)));
    const events = parseSse(r.text);
    expect(events).toHaveLength(2);
    expect(events[0]!.data).toBe('');
    expect(events[0]!.retry).toBe('1000');
    expect(events[0]!.id).toMatch(/_1$/);
    const stream = events[0]!.id!.slice(0, -2);
    expect(events[1]!.id).toBe(`${stream}_2`);
    expect(JSON.parse(events[1]!.data)).toMatchObject({ id: 3, result: { structuredContent: { sum: 5 } } });
  });

  it('keeps no stream, no open-stream count and no event store entry behind', async () => {
    const { headers, sessionId } = await openSession(url, '2025-11-25');
    const r = await post(url, call(4, 'math.add', { a: 1, b: 1 }), headers);
    const id = parseSse(r.text)[0]!.id!;
    const engine = engineOf(server);
    const session = engine.sessions.local.get(sessionId)!;
    expect(session.openStreams).toBe(0);
    expect(session.streams?.size ?? 0).toBe(0);
    expect(await engine.stores.events.replayAfter(id)).toBeUndefined();
  });

  it('each reply of a session gets a new stream id', async () => {
    const { headers } = await openSession(url, '2025-11-25');
    const a = parseSse((await post(url, call(5, 'math.add', { a: 1, b: 2 }), headers)).text)[0]!.id;
    const b = parseSse((await post(url, call(6, 'math.add', { a: 1, b: 2 }), headers)).text)[0]!.id;
    expect(a).not.toBe(b);
  });

  it('older revisions: no priming event, no ids', async () => {
    const { headers } = await openSession(url, '2025-06-18');
    const r = await post(url, call(7, 'math.add', { a: 2, b: 2 }), headers);
    const events = parseSse(r.text);
    expect(events).toHaveLength(1);
    expect(events[0]!.id).toBeUndefined();
    expect(JSON.parse(events[0]!.data)).toMatchObject({ id: 7, result: {} });
  });

  it('initialize is answered on SSE too, with the session header', async () => {
    const r = await post(url, INIT());
    expect(r.headers.get('content-type')).toBe('text/event-stream');
    expect(r.headers.get('mcp-session-id')).toMatch(/^[\x21-\x7e]+$/);
    expect(JSON.parse(parseSse(r.text).at(-1)!.data)).toMatchObject({ id: 1, result: { protocolVersion: '2025-11-25' } });
  });
});

describe('forced SSE reply of a slow call', () => {
  it('sends the priming event before the call finishes, then the response', async () => {
    server.addTool({
      name: 'slow.sum',
      inputSchema: { type: 'object' },
      validateInput: compile({ type: 'object' }),
      handler: async () => {
        await new Promise((r) => setTimeout(r, 300));
        return 'slow done';
      },
    });
    const { headers } = await openSession(url, '2025-11-25');
    const sse = await openSse(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: ACCEPT_BOTH, ...headers },
      body: JSON.stringify(call(8, 'slow.sum')),
    });
    try {
      const priming = await sse.next();
      expect(priming.data).toBe('');
      expect(priming.id).toMatch(/_1$/);
      expect(sse.raw).not.toContain('"id":8');
      const response = await sse.next(3000);
      expect(response.id).toBe(`${priming.id!.slice(0, -2)}_2`);
      expect(JSON.parse(response.data)).toMatchObject({ id: 8, result: { content: [{ type: 'text', text: 'slow done' }] } });
    } finally {
      sse.close();
      server.removeTool('slow.sum');
    }
  });
});
