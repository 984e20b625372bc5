/**
 * One raw-HTTP test per rule of docs streamable-http-rules.md (2025 revisions): status, headers, body.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../runtime/src/app/create-app.js';
import type { McpServer } from '../../runtime/src/server/types.js';
import { ACCEPT_BOTH, INIT, compile, openSession, openSse, parseSse, post, startApp } from './fixture.js';

let app: App;
let server: McpServer;
let url: string;
beforeAll(async () => {
  ({ app, server, url } = await startApp());
});
afterAll(() => app.close());

const call = (id: number, name: string, args: object = {}, meta?: object) => ({
  jsonrpc: '2.0',
  id,
  method: 'tools/call',
  params: { name, arguments: args, ...(meta ? { _meta: meta } : {}) },
});

describe('rule 1: one endpoint for POST and GET', () => {
  it('answers other methods with 405 and an Allow header', async () => {
    const res = await fetch(url, { method: 'PUT' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, POST, DELETE, OPTIONS');
    expect(((await res.json()) as { error: { data: { error: string } } }).error.data.error).toBe('method_not_allowed');
  });

  it('answers OPTIONS with 204 and Allow', async () => {
    const res = await fetch(url, { method: 'OPTIONS' });
    expect(res.status).toBe(204);
    expect(res.headers.get('allow')).toContain('POST');
  });
});

describe('rule 2: Accept and Content-Type', () => {
  it.each(['application/json', 'text/event-stream', 'text/html'])('406 when Accept is only %s', async (accept) => {
    const r = await post(url, INIT(), { accept });
    expect(r.status).toBe(406);
    expect(r.json().error.data.error).toBe('not_acceptable');
  });

  it('accepts */* (curl) and a missing Accept', async () => {
    expect((await post(url, INIT(), { accept: '*/*' })).status).toBe(200);
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(INIT()) });
    expect(res.status).toBe(200);
  });

  it('415 for a non-JSON Content-Type', async () => {
    const r = await post(url, JSON.stringify(INIT()), { 'content-type': 'text/plain' });
    expect(r.status).toBe(415);
    expect(r.json().error.data.error).toBe('unsupported_media_type');
  });
});

describe('rule 3: body shape by revision', () => {
  it('2025-03-26: a batch gets an array of replies', async () => {
    const { headers } = await openSession(url, '2025-03-26');
    const r = await post(url, [{ jsonrpc: '2.0', id: 1, method: 'ping' }, call(2, 'echo', { text: 'hi' }), { jsonrpc: '2.0', method: 'notifications/initialized' }], headers);
    expect(r.status).toBe(200);
    expect(r.json()).toEqual([
      { jsonrpc: '2.0', id: 1, result: {} },
      { jsonrpc: '2.0', id: 2, result: { content: [{ type: 'text', text: 'hi' }] } },
    ]);
  });

  it('initialize is never in a batch', async () => {
    const r = await post(url, [INIT('2025-03-26')]);
    expect(r.status).toBe(400);
    expect(r.json().error.code).toBe(-32600);
  });

  it.each(['2025-06-18', '2025-11-25'])('%s: batches are refused', async (v) => {
    const { headers } = await openSession(url, v);
    const r = await post(url, [{ jsonrpc: '2.0', id: 1, method: 'ping' }], headers);
    expect(r.status).toBe(400);
    expect(r.json().error).toMatchObject({ code: -32600 });
  });
});

describe('rule 4: notifications and responses only', () => {
  it('202 with an empty body', async () => {
    const { headers } = await openSession(url);
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: ACCEPT_BOTH, ...headers },
      body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
    });
    expect(res.status).toBe(202);
    expect(await res.text()).toBe('');
    const resp = await post(url, { jsonrpc: '2.0', id: 99, result: {} }, headers);
    expect(resp.status).toBe(202);
  });
});

describe('rule 5: a request gets JSON (or SSE)', () => {
  it('one JSON object with Content-Type application/json', async () => {
    const { headers } = await openSession(url);
    const r = await post(url, { jsonrpc: '2.0', id: 5, method: 'ping' }, headers);
    expect(r.headers.get('content-type')).toBe('application/json');
    expect(r.json()).toEqual({ jsonrpc: '2.0', id: 5, result: {} });
  });

  it('SSE when forced by the sseReplies option', async () => {
    const forced = await startApp({ sseReplies: 'always' });
    try {
      const { headers } = await openSession(forced.url);
      const r = await post(forced.url, { jsonrpc: '2.0', id: 5, method: 'ping' }, headers);
      expect(r.headers.get('content-type')).toBe('text/event-stream');
      const events = parseSse(r.text).filter((e) => e.data !== '');
      expect(events.map((e) => JSON.parse(e.data))).toEqual([{ jsonrpc: '2.0', id: 5, result: {} }]);
    } finally {
      await forced.app.close();
    }
  });
});

describe('rule 6: SSE on a POST ends with the response', () => {
  it('related notifications first, then the response, then the stream closes', async () => {
    const { headers } = await openSession(url);
    const r = await post(url, call(6, 'count', { n: 2 }, { progressToken: 't' }), headers);
    expect(r.headers.get('content-type')).toBe('text/event-stream');
    expect(r.headers.get('cache-control')).toContain('no-cache');
    expect(r.headers.get('x-accel-buffering')).toBe('no');
    const msgs = parseSse(r.text)
      .filter((e) => e.data !== '')
      .map((e) => JSON.parse(e.data));
    expect(msgs.map((m) => m.method ?? 'response')).toEqual([
      'notifications/progress',
      'notifications/message',
      'notifications/progress',
      'notifications/message',
      'response',
    ]);
  });

  it('a disconnect is not a cancellation: the call still completes', async () => {
    const { headers } = await openSession(url);
    let finished = false;
    server.addTool({
      name: 'slow.done',
      inputSchema: { type: 'object' },
      validateInput: compile({ type: 'object' }),
      handler: async (_i, ctx) => {
        ctx.log.info('started');
        await new Promise((r) => setTimeout(r, 150));
        finished = !ctx.signal.aborted;
        return 'ok';
      },
    });
    const sse = await openSse(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: ACCEPT_BOTH, ...headers }, body: JSON.stringify(call(7, 'slow.done')) });
    await sse.next(); // priming
    sse.close();
    for (let i = 0; i < 50 && !finished; i++) await new Promise((r) => setTimeout(r, 20));
    expect(finished).toBe(true);
    server.removeTool('slow.done');
  });
});

describe('rule 7: priming event (2025-11-25)', () => {
  it('starts the SSE reply with an id, empty data and retry', async () => {
    const { headers } = await openSession(url, '2025-11-25');
    const r = await post(url, call(7, 'count', { n: 1 }), headers);
    const first = parseSse(r.text)[0]!;
    expect(first.id).toMatch(/_1$/);
    expect(first.data).toBe('');
    expect(first.retry).toBe('1000');
  });

  it('older revisions get no priming event', async () => {
    const { headers } = await openSession(url, '2025-06-18');
    const r = await post(url, call(7, 'count', { n: 1 }), headers);
    const events = parseSse(r.text);
    expect(events.every((e) => e.data !== '' && e.id === undefined)).toBe(true);
  });
});

describe('rule 8: GET stream', () => {
  it('406 without an SSE Accept', async () => {
    const { headers } = await openSession(url);
    const res = await fetch(url, { headers: { accept: 'application/json', ...headers } });
    expect(res.status).toBe(406);
  });

  it('opens with a comment, then carries list_changed; a second GET gets 409', async () => {
    const { headers } = await openSession(url);
    const sse = await openSse(url, { headers: { accept: 'text/event-stream', ...headers }, withComments: true });
    try {
      expect(sse.status).toBe(200);
      expect(sse.headers.get('content-type')).toBe('text/event-stream');
      expect((await sse.next()).comment).toBe('stream opened');
      const priming = await sse.next();
      expect(priming.data).toBe('');
      const second = await fetch(url, { headers: { accept: 'text/event-stream', ...headers } });
      expect(second.status).toBe(409);
      await second.body?.cancel();
      server.addPrompt({ name: 'late', arguments: [], handler: () => 'x' });
      const e = await sse.next();
      expect(JSON.parse(e.data)).toEqual({ jsonrpc: '2.0', method: 'notifications/prompts/list_changed' });
    } finally {
      sse.close();
      server.removePrompt('late');
    }
  });

  it('without a session: a registry-event stream (hello first, then list_changed), as the reference README curls it', async () => {
    const sse = await openSse(url, { headers: { accept: '*/*' }, withComments: true });
    try {
      expect(sse.status).toBe(200);
      expect(sse.headers.get('content-type')).toBe('text/event-stream');
      expect(sse.headers.get('mcp-session-id')).toBeNull();
      const hello = await sse.next();
      expect(hello.event).toBe('hello'); // never `message`: MCP clients ignore it
      expect(JSON.parse(hello.data)).toMatchObject({ stream: 'registry-events', server: { name: expect.any(String) } });
      server.addTool({ name: 'late.tool', inputSchema: { type: 'object' }, validateInput: compile({ type: 'object' }), handler: () => 'x' });
      const changed = await sse.next();
      expect(changed.event).toBeUndefined();
      expect(changed.id).toBeUndefined();
      expect(JSON.parse(changed.data)).toEqual({ jsonrpc: '2.0', method: 'notifications/tools/list_changed' });
      await server.notifyResourceUpdated('config://nobody-subscribed'); // session-scoped: not on this stream
      server.addPrompt({ name: 'late.p', arguments: [], handler: () => 'x' });
      expect(JSON.parse((await sse.next()).data)).toEqual({ jsonrpc: '2.0', method: 'notifications/prompts/list_changed' });
      expect(sse.raw).not.toContain('resources/updated');
    } finally {
      sse.close();
      server.removeTool('late.tool');
      server.removePrompt('late.p');
    }
  });

  it('without a session: curl with no Accept header at all gets the stream', async () => {
    const sse = await openSse(url);
    try {
      expect(sse.status).toBe(200);
      expect((await sse.next()).event).toBe('hello');
    } finally {
      sse.close();
    }
  });

  it('without a session: 406 when Accept excludes text/event-stream; 400 for Last-Event-ID (resuming needs a session)', async () => {
    const json = await fetch(url, { headers: { accept: 'application/json' } });
    expect(json.status).toBe(406);
    expect(((await json.json()) as any).error.data.error).toBe('not_acceptable');
    const resume = await fetch(url, { headers: { accept: 'text/event-stream', 'last-event-id': 'x.g_1' } });
    expect(resume.status).toBe(400);
    expect(((await resume.json()) as any).error.data.error).toBe('session_required');
  });

  it('without a session: bounded per client by MCP_MAX_STREAMS_PER_SESSION (429), freed when a stream closes', async () => {
    const s = await startApp({ env: { MCP_MAX_STREAMS_PER_SESSION: '2' } });
    const open: Awaited<ReturnType<typeof openSse>>[] = [];
    try {
      for (let i = 0; i < 2; i++) {
        const sse = await openSse(s.url, { headers: { accept: 'text/event-stream' } });
        open.push(sse);
        expect((await sse.next()).event).toBe('hello');
      }
      const refused = await fetch(s.url, { headers: { accept: 'text/event-stream' } });
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toBe('1');
      expect(((await refused.json()) as any).error.data.error).toBe('too_many_streams');
      open.shift()!.close();
      // the server sees the disconnect asynchronously: retry for a bounded time
      let again: Awaited<ReturnType<typeof openSse>> | undefined;
      for (let i = 0; i < 50 && again === undefined; i++) {
        const attempt = await openSse(s.url, { headers: { accept: 'text/event-stream' } });
        if (attempt.status === 200) again = attempt;
        else {
          attempt.close();
          await new Promise((r) => setTimeout(r, 20));
        }
      }
      expect(again).toBeDefined();
      open.push(again!);
      expect((await again!.next()).event).toBe('hello');
    } finally {
      for (const o of open) o.close();
      await s.app.close();
    }
  });

  it('405 on a stateless server', async () => {
    const s = await startApp({ stateless: true });
    try {
      const res = await fetch(s.url, { headers: { accept: 'text/event-stream' } });
      expect(res.status).toBe(405);
      const r = await post(s.url, INIT());
      expect(r.status).toBe(200);
      expect(r.headers.get('mcp-session-id')).toBeNull();
      const list = await post(s.url, { jsonrpc: '2.0', id: 2, method: 'tools/list' }, { 'mcp-protocol-version': '2025-11-25' });
      expect(list.json().result.tools.length).toBeGreaterThan(0);
    } finally {
      await s.app.close();
    }
  });
});

describe('rule 17: until notifications/initialized, only pings and logging go to the client', () => {
  it('holds back list_changed and server-to-client requests, lets logging through, then opens up', async () => {
    const init = await post(url, INIT('2025-11-25', { sampling: {} }));
    const h = { 'mcp-session-id': init.headers.get('mcp-session-id')!, 'mcp-protocol-version': '2025-11-25' };
    const sse = await openSse(url, { headers: { accept: 'text/event-stream', ...h } });
    try {
      expect((await sse.next()).data).toBe(''); // priming
      server.addPrompt({ name: 'early17', arguments: [], handler: () => 'x' });
      const asked = await post(url, call(171, 'ask.model', { question: 'hi' }), h);
      const messagesOf = (r: { headers: Headers; text: string }): any[] =>
        r.headers.get('content-type')?.startsWith('text/event-stream') ? parseSse(r.text).map((e) => JSON.parse(e.data || 'null')) : [JSON.parse(r.text)];
      const events = messagesOf(asked);
      expect(events.some((m) => m?.method === 'sampling/createMessage')).toBe(false);
      const result = events.find((m) => m?.id === 171);
      expect(result.result.isError).toBe(true);
      expect(result.result.content[0].text).toContain('notifications/initialized');
      const logged = messagesOf(await post(url, call(172, 'count', { n: 1 }), h));
      expect(logged.some((m) => m?.method === 'notifications/message')).toBe(true);
      expect((await post(url, { jsonrpc: '2.0', id: 173, method: 'ping' }, h)).json()).toEqual({ jsonrpc: '2.0', id: 173, result: {} });
      expect((await post(url, { jsonrpc: '2.0', method: 'notifications/initialized' }, h)).status).toBe(202);
      server.addPrompt({ name: 'late17', arguments: [], handler: () => 'x' });
      // the first event after initialized is the later list_changed: the early one was never sent
      expect(JSON.parse((await sse.next()).data)).toEqual({ jsonrpc: '2.0', method: 'notifications/prompts/list_changed' });
      expect(sse.raw.match(/list_changed/g)).toHaveLength(1);
    } finally {
      sse.close();
      server.removePrompt('early17');
      server.removePrompt('late17');
    }
  });
});

describe('rule 9: each message on exactly one stream', () => {
  it('a POST reply does not carry list_changed; the GET stream does not carry responses', async () => {
    const { headers } = await openSession(url);
    const sse = await openSse(url, { headers: { accept: 'text/event-stream', ...headers } });
    try {
      await sse.next(); // priming
      const r = await post(url, call(9, 'touch', { uri: 'config://nobody-subscribed' }), headers);
      expect(r.json().result.content[0].text).toBe('touched');
      server.addPrompt({ name: 'late9', arguments: [], handler: () => 'x' });
      const e = JSON.parse((await sse.next()).data);
      expect(e.method).toBe('notifications/prompts/list_changed');
      expect(sse.raw).not.toContain('"id":9');
    } finally {
      sse.close();
      server.removePrompt('late9');
    }
  });
});

describe('rule 10: resumability', () => {
  it('replays only the missed events of the named stream', async () => {
    const { headers } = await openSession(url);
    const r = await post(url, call(10, 'count', { n: 2 }, { progressToken: 'r' }), headers);
    const events = parseSse(r.text);
    const ids = events.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    const afterFirst = events[1]!.id!;
    const res = await fetch(url, { headers: { accept: 'text/event-stream', 'last-event-id': afterFirst, ...headers } });
    expect(res.status).toBe(200);
    const replay = parseSse(await res.text());
    expect(replay.map((e) => e.id)).toEqual(ids.slice(2));
    expect(JSON.parse(replay.at(-1)!.data)).toMatchObject({ id: 10, result: {} });
  });

  it('refuses an event id of another session', async () => {
    const a = await openSession(url);
    const b = await openSession(url);
    const r = await post(url, call(11, 'count', { n: 1 }), a.headers);
    const id = parseSse(r.text)[0]!.id!;
    const res = await fetch(url, { headers: { accept: 'text/event-stream', 'last-event-id': id, ...b.headers } });
    expect(res.status).toBe(400);
  });
});

describe('rule 11/13: sessions', () => {
  it('issues a visible-ASCII id of at least 128 bits', async () => {
    const r = await post(url, INIT());
    const id = r.headers.get('mcp-session-id')!;
    expect(id).toMatch(/^[\x21-\x7e]{32,}$/);
  });

  it('400 without the session header, 404 for an unknown one', async () => {
    const missing = await post(url, { jsonrpc: '2.0', id: 1, method: 'tools/list' }, { 'mcp-protocol-version': '2025-11-25' });
    expect(missing.status).toBe(400);
    expect(missing.json().error.data.error).toBe('session_required');
    const unknown = await post(url, { jsonrpc: '2.0', id: 1, method: 'tools/list' }, { 'mcp-protocol-version': '2025-11-25', 'mcp-session-id': 'nope' });
    expect(unknown.status).toBe(404);
  });

  it('binds a session to the principal that opened it', async () => {
    const s = await startApp({ env: { MCP_AUTH_MODE: 'apikey', MCP_API_KEYS: 'key-one,key-two' } });
    try {
      const init = await post(s.url, INIT(), { 'x-api-key': 'key-one' });
      expect(init.status).toBe(200);
      const sid = init.headers.get('mcp-session-id')!;
      const h = { 'mcp-session-id': sid, 'mcp-protocol-version': '2025-11-25' };
      expect((await post(s.url, { jsonrpc: '2.0', id: 2, method: 'ping' }, { ...h, 'x-api-key': 'key-one' })).status).toBe(200);
      expect((await post(s.url, { jsonrpc: '2.0', id: 2, method: 'ping' }, { ...h, 'x-api-key': 'key-two' })).status).toBe(404);
      const noKey = await post(s.url, { jsonrpc: '2.0', id: 2, method: 'ping' }, h);
      expect(noKey.status).toBe(401);
      expect(noKey.json().error.data.error).toBe('invalid_api_key');
    } finally {
      await s.app.close();
    }
  });

  it('expires idle sessions', async () => {
    const s = await startApp({ env: { MCP_SESSION_IDLE_MS: '1000' } });
    try {
      const { headers } = await openSession(s.url);
      await new Promise((r) => setTimeout(r, 1200));
      expect((await post(s.url, { jsonrpc: '2.0', id: 2, method: 'ping' }, headers)).status).toBe(404);
    } finally {
      await s.app.close();
    }
  });
});

describe('rule 12: DELETE ends the session', () => {
  it('200, then 404 for the same id', async () => {
    const { headers } = await openSession(url);
    const del = await fetch(url, { method: 'DELETE', headers });
    expect(del.status).toBe(200);
    expect((await post(url, { jsonrpc: '2.0', id: 1, method: 'ping' }, headers)).status).toBe(404);
    expect((await fetch(url, { method: 'DELETE', headers })).status).toBe(404);
  });
});

describe('rule 14: MCP-Protocol-Version header', () => {
  it('400 unsupported_protocol_version for an unknown version', async () => {
    const { headers } = await openSession(url);
    const r = await post(url, { jsonrpc: '2.0', id: 1, method: 'ping' }, { ...headers, 'mcp-protocol-version': '2024-01-01' });
    expect(r.status).toBe(400);
    expect(r.json().error.data).toMatchObject({ error: 'unsupported_protocol_version', supported: ['2025-03-26', '2025-06-18', '2025-11-25', '2026-07-28'] });
  });

  it('absent: the session revision applies (or 2025-03-26 without one)', async () => {
    const { headers } = await openSession(url, '2025-06-18');
    const r = await post(url, { jsonrpc: '2.0', id: 1, method: 'ping' }, { 'mcp-session-id': headers['mcp-session-id']! });
    expect(r.status).toBe(200);
    const legacy = await post(url, [{ jsonrpc: '2.0', id: 1, method: 'mcp.list' }]);
    expect(legacy.status).toBe(200);
    expect(Array.isArray(legacy.json())).toBe(true);
  });
});

describe('rule 15: Origin and Host', () => {
  it('403 origin_not_allowed for a foreign Origin', async () => {
    const r = await post(url, INIT(), { origin: 'http://evil.example.com' });
    expect(r.status).toBe(403);
    expect(r.json().error.data.error).toBe('origin_not_allowed');
  });

  it('4xx for a foreign Host (DNS rebinding)', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const u = new URL(url);
      const req = request({ host: u.hostname, port: u.port, path: '/mcp', method: 'POST', headers: { host: 'evil.example.com', 'content-type': 'application/json', accept: ACCEPT_BOTH } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end(JSON.stringify(INIT()));
    });
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
  });
});

describe('rule 17: initialize negotiation', () => {
  it.each([
    ['2025-03-26', '2025-03-26'],
    ['2025-06-18', '2025-06-18'],
    ['2025-11-25', '2025-11-25'],
    ['1999-01-01', '2025-11-25'],
  ])('requested %s -> %s', async (requested, answered) => {
    const r = await post(url, INIT(requested));
    expect(r.json().result.protocolVersion).toBe(answered);
  });
});

describe('rule 18: error codes', () => {
  let headers: Record<string, string>;
  beforeAll(async () => {
    ({ headers } = await openSession(url));
  });

  it('-32700 parse error with HTTP 400', async () => {
    const r = await post(url, '{"jsonrpc":', headers);
    expect(r.status).toBe(400);
    expect(r.json()).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32700 } });
  });

  it('-32600 invalid request', async () => {
    const r = await post(url, { jsonrpc: '1.0', id: 1, method: 'ping' }, headers);
    expect(r.json()).toMatchObject({ id: 1, error: { code: -32600 } });
  });

  it('-32601 method not found', async () => {
    const r = await post(url, { jsonrpc: '2.0', id: 1, method: 'nope/nope' }, headers);
    expect(r.json()).toMatchObject({ id: 1, error: { code: -32601, message: 'Method not found: nope/nope' } });
  });

  it('-32602 unknown tool, unknown prompt and bad cursor', async () => {
    expect((await post(url, call(1, 'missing'), headers)).json().error).toMatchObject({ code: -32602, message: 'Unknown tool: missing' });
    expect((await post(url, call(1, 'admin.only'), headers)).json().error).toMatchObject({ code: -32602 });
    expect((await post(url, { jsonrpc: '2.0', id: 1, method: 'prompts/get', params: { name: 'x' } }, headers)).json().error.code).toBe(-32602);
    expect((await post(url, { jsonrpc: '2.0', id: 1, method: 'tools/list', params: { cursor: 'zzz' } }, headers)).json().error.code).toBe(-32602);
  });

  it('-32002 resource not found', async () => {
    const r = await post(url, { jsonrpc: '2.0', id: 1, method: 'resources/read', params: { uri: 'nope://x' } }, headers);
    expect(r.json().error).toMatchObject({ code: -32002, data: { uri: 'nope://x' } });
  });

  it('-32603 internal error without details or stack', async () => {
    const r = await post(url, { jsonrpc: '2.0', id: 1, method: 'prompts/get', params: { name: 'broken' } }, headers);
    expect(r.json().error).toEqual({ code: -32603, message: 'Internal error while serving prompts/get' });
    expect(r.text).not.toContain('postgres');
    expect(r.text).not.toContain('    at ');
  });

  it('tool input validation failures are isError results naming the field', async () => {
    const r = await post(url, call(1, 'math.add', { a: 1 }), headers);
    expect(r.json().result).toEqual({ content: [{ type: 'text', text: 'Invalid arguments for tool math.add: input.b: is required' }], isError: true });
    const out = await post(url, call(1, 'bad.output'), headers);
    expect(out.json().result.isError).toBe(true);
    expect(out.json().result.content[0].text).toContain('output.sum: must be integer');
  });

  it('a handler that throws is an isError result; not-implemented names the file', async () => {
    expect((await post(url, call(1, 'fails'), headers)).json().result).toEqual({ content: [{ type: 'text', text: 'Tool fails failed: database unreachable' }], isError: true });
    expect((await post(url, call(1, 'not.done'), headers)).json().result.content[0].text).toBe('tool not.done is not implemented: edit src/handlers/tools/not.done.ts');
  });
});

describe('rule 20: the reference error names', () => {
  it('429 rate_limited', async () => {
    const s = await startApp({ env: { MCP_RATE_LIMIT: '2/m' } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await post(s.url, INIT())).status);
      expect(statuses).toEqual([200, 200, 429]);
      const r = await post(s.url, INIT());
      expect(r.json().error.data.error).toBe('rate_limited');
    } finally {
      await s.app.close();
    }
  });
});

describe('hostile bodies', () => {
  it('413 for a body over MCP_MAX_BODY_BYTES, 400 for JSON nested too deep', async () => {
    const s = await startApp({ env: { MCP_MAX_BODY_BYTES: '2048', MCP_MAX_JSON_DEPTH: '8' } });
    try {
      const { headers } = await openSession(s.url);
      const big = await post(s.url, { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'echo', arguments: { text: 'x'.repeat(5000) } } }, headers);
      expect(big.status).toBe(413);
      const deep = await post(s.url, '{"jsonrpc":"2.0","id":1,"method":"ping","params":{"a":' + '['.repeat(20) + ']'.repeat(20) + '}}', headers);
      expect(deep.status).toBe(400);
      expect(deep.json().error.data.error).toBe('json_too_deep');
      const ok = await post(s.url, { jsonrpc: '2.0', id: 2, method: 'ping' }, headers);
      expect(ok.status).toBe(200);
    } finally {
      await s.app.close();
    }
  });

  it('answers a body of invalid UTF-8 / not an object without crashing', async () => {
    const { headers } = await openSession(url);
    expect((await post(url, '"just a string"', headers)).json()).toMatchObject({ error: { code: -32600 } });
    expect((await post(url, 'null', headers)).json()).toMatchObject({ error: { code: -32600 } });
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: ACCEPT_BOTH, ...headers }, body: Buffer.from([0xff, 0xfe, 0x7b]) });
    expect(res.status).toBe(400);
    expect((await post(url, { jsonrpc: '2.0', id: 3, method: 'ping' }, headers)).status).toBe(200);
  });
});

describe('stream limits', () => {
  it('429 too_many_streams past MCP_MAX_STREAMS_PER_SESSION, fine again once streams end', async () => {
    const s = await startApp({ env: { MCP_MAX_STREAMS_PER_SESSION: '2' } });
    s.server.addTool({
      name: 'streamy',
      inputSchema: { type: 'object' },
      validateInput: compile({ type: 'object' }),
      handler: async (_i, ctx) => {
        ctx.log.info('working');
        await new Promise((r) => setTimeout(r, 300));
        return 'done';
      },
    });
    try {
      const { headers } = await openSession(s.url);
      const get = await openSse(s.url, { headers: { accept: 'text/event-stream', ...headers } });
      await get.next();
      const streaming = await openSse(s.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: ACCEPT_BOTH, ...headers },
        body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'streamy', arguments: {} } }),
      });
      await streaming.next();
      const refused = await post(s.url, { jsonrpc: '2.0', id: 3, method: 'ping' }, headers);
      expect(refused.status).toBe(429);
      expect(refused.json().error.data.error).toBe('too_many_streams');
      let last;
      do last = await streaming.next(2000);
      while (last.data === '' || JSON.parse(last.data).id !== 2);
      await new Promise((r) => setTimeout(r, 20));
      expect((await post(s.url, { jsonrpc: '2.0', id: 4, method: 'ping' }, headers)).status).toBe(200);
      get.close();
    } finally {
      await s.app.close();
    }
  });
});

describe('older revisions', () => {
  it('2025-03-26 clients get resource links as text', async () => {
    const old = await openSession(url, '2025-03-26');
    const r = await post(url, { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'content.all', arguments: {} } }, old.headers);
    expect(r.json().result.content.map((c: { type: string }) => c.type)).toEqual(['text', 'image', 'text']);
    expect(r.json().result.content[2].text).toBe('app: config://app');
    const now = await openSession(url, '2025-06-18');
    const r2 = await post(url, { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'content.all', arguments: {} } }, now.headers);
    expect(r2.json().result.content[2]).toEqual({ type: 'resource_link', uri: 'config://app', name: 'app' });
  });
});
