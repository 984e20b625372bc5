import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession, parseSse, post, startApp } from './fixture.js';
import type { App } from '../../runtime/src/app/create-app.js';

let app: App;
let url: string;
beforeAll(async () => {
  ({ app, url } = await startApp());
});
afterAll(() => app.close());

describe('POST /mcp basics', () => {
  it('initializes, lists and calls tools in JSON mode', async () => {
    const { headers } = await openSession(url);
    const list = await post(url, { jsonrpc: '2.0', id: 2, method: 'tools/list' }, headers);
    expect(list.status).toBe(200);
    expect(list.headers.get('content-type')).toBe('application/json');
    expect(list.json().result.tools.map((t: { name: string }) => t.name)).toContain('math.add');
    const call = await post(url, { jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'math.add', arguments: { a: 1, b: 2 } } }, headers);
    expect(call.json()).toEqual({ jsonrpc: '2.0', id: 3, result: { content: [{ type: 'text', text: '{"sum":3}' }], structuredContent: { sum: 3 } } });
  });

  it('switches to SSE when the handler reports progress', async () => {
    const { headers } = await openSession(url);
    const r = await post(url, { jsonrpc: '2.0', id: 4, method: 'tools/call', params: { name: 'count', arguments: { n: 2 }, _meta: { progressToken: 'p' } } }, headers);
    expect(r.headers.get('content-type')).toBe('text/event-stream');
    const events = parseSse(r.text).filter((e) => e.data !== '');
    const msgs = events.map((e) => JSON.parse(e.data));
    expect(msgs.filter((m) => m.method === 'notifications/progress')).toHaveLength(2);
    expect(msgs.at(-1)).toMatchObject({ id: 4, result: { content: [{ type: 'text', text: 'counted to 2' }] } });
  });

  it('serves the reference mcp.list without a session', async () => {
    const r = await post(url, { jsonrpc: '2.0', id: 1, method: 'mcp.list' }, { 'mcp-protocol-version': '2025-06-18', accept: '*/*' });
    expect(r.status).toBe(200);
    expect(r.json().result.tools.length).toBeGreaterThan(3);
  });
});
