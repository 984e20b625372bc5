/**
 * flask-mcp-server's legacy routes (/mcp/list, /mcp/call, /mcp/batch) and createMcpRouter mounted
 * at any prefix of a foreign Express app (with or without a body parser in front).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { App } from '../../runtime/src/app/create-app.js';
import { createMcpRouter } from '../../runtime/src/app/router.js';
import { INIT, openSession, post, startApp, testServer } from './fixture.js';

let app: App;
let base: string;
beforeAll(async () => {
  const s = await startApp();
  app = s.app;
  base = s.url.replace(/\/mcp$/, '');
});
afterAll(() => app.close());

const postJson = async (url: string, body: unknown, headers: Record<string, string> = {}) => {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as any };
};

describe('legacy REST routes', () => {
  it('GET /mcp/list returns the registry the caller may see', async () => {
    const res = await fetch(`${base}/mcp/list`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { tools: { name: string }[]; prompts: unknown[]; completions: { name: string }[] };
    expect(body.tools.map((t) => t.name)).toContain('math.add');
    expect(body.tools.map((t) => t.name)).not.toContain('admin.only');
    expect(body.completions.map((c) => c.name)).toEqual(['cities', 'user-ids']);
  });

  it('POST /mcp/call runs a tool, a prompt and a resource template', async () => {
    const tool = await postJson(`${base}/mcp/call`, { kind: 'tool', name: 'sum', args: { a: 5, b: 7 } });
    expect(tool).toEqual({ status: 200, body: { content: [{ type: 'text', text: '12' }] } });
    const prompt = await postJson(`${base}/mcp/call`, { kind: 'prompt', name: 'greet', args: { name: 'Bashar' } });
    expect(prompt.body.messages[0].content.text).toBe('Write a warm one-line greeting for Bashar.');
    const res = await postJson(`${base}/mcp/call`, { kind: 'resource', name: 'profile', args: { user_id: 7 } });
    expect(JSON.parse(res.body.contents[0].text)).toMatchObject({ id: 7 });
  });

  it('POST /mcp/call maps errors to statuses with machine-readable names', async () => {
    expect(await postJson(`${base}/mcp/call`, { kind: 'tool', name: 'nope', args: {} })).toEqual({
      status: 400,
      body: { error: { code: 'invalid_params', message: 'Unknown tool: nope', rpcCode: -32602 } },
    });
    const missing = await postJson(`${base}/mcp/call`, { kind: 'resource', name: 'nope' });
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({ code: 'not_found', rpcCode: -32002 });
    const kind = await postJson(`${base}/mcp/call`, { kind: 'thing', name: 'x' });
    expect(kind.status).toBe(400);
    expect(kind.body.error).toMatchObject({ code: 'invalid_params', message: expect.any(String) });
  });

  it('answers transport and guard refusals on legacy routes as { error: { code, message } }', async () => {
    const notJson = await fetch(`${base}/mcp/call`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{nope' });
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toEqual({ error: { code: 'parse_error', message: 'the body is not valid JSON' } });
    const text = await fetch(`${base}/mcp/batch`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '[]' });
    expect(text.status).toBe(415);
    expect(((await text.json()) as any).error.code).toBe('unsupported_media_type');
    const put = await fetch(`${base}/mcp/list`, { method: 'PUT' });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, POST');
    expect(((await put.json()) as any).error).toEqual({ code: 'method_not_allowed', message: 'use GET or POST' });
    const notArray = await postJson(`${base}/mcp/batch`, { kind: 'tool' });
    expect(notArray).toMatchObject({ status: 400, body: { error: { code: 'invalid_request' } } });
    const fallback = await fetch(`${base}/nothing/here`);
    expect(fallback.status).toBe(404);
    expect(await fallback.json()).toEqual({ error: { code: 'not_found', message: 'no route for GET /nothing/here' } });
  });

  it('a guard refusal on a legacy route uses the same body (api key)', async () => {
    const s = await startApp({ env: { MCP_AUTH_MODE: 'apikey', MCP_API_KEYS: 'secret123' } });
    try {
      const b = s.url.replace(/\/mcp$/, '');
      const refused = await fetch(`${b}/mcp/list`);
      expect(refused.status).toBe(401);
      const body = (await refused.json()) as any;
      expect(body.error.code).toBe('invalid_api_key');
      expect(typeof body.error.message).toBe('string');
      expect(body.jsonrpc).toBeUndefined();
      expect((await fetch(`${b}/mcp/list`, { headers: { 'x-api-key': 'secret123' } })).status).toBe(200);
    } finally {
      await s.app.close();
    }
  });

  it('POST /mcp/batch answers item by item; a failing item never fails the others', async () => {
    const r = await postJson(`${base}/mcp/batch`, [
      { kind: 'tool', name: 'math.add', args: { a: 1, b: 2 } },
      { kind: 'prompt', name: 'greet', args: { name: 'Bashar' } },
      { kind: 'tool', name: 'missing' },
      'not an object',
    ]);
    expect(r.status).toBe(200);
    expect(r.body).toHaveLength(4);
    expect(r.body[0]).toEqual({ ok: true, result: { content: [{ type: 'text', text: '{"sum":3}' }], structuredContent: { sum: 3 } } });
    expect(r.body[1].ok).toBe(true);
    expect(r.body[2]).toEqual({ ok: false, error: { code: 'invalid_params', message: 'Unknown tool: missing', rpcCode: -32602 } });
    expect(r.body[3]).toEqual({ ok: false, error: { code: 'invalid_request', message: 'each call must be an object { kind, name, args }', rpcCode: -32600 } });
  });

  it('the reference README curl for mcp.call over SSE works', async () => {
    const r = await post(`${base}/mcp`, { jsonrpc: '2.0', id: '2', method: 'mcp.call', params: { kind: 'tool', name: 'sum', args: { a: 5, b: 7 } } }, { accept: 'text/event-stream, application/json' });
    expect(r.status).toBe(200);
    expect(r.json()).toEqual({ jsonrpc: '2.0', id: '2', result: { content: [{ type: 'text', text: '12' }] } });
  });
});

describe('createMcpRouter', () => {
  let http: Server;
  let url: string;
  beforeAll(async () => {
    const server = testServer();
    const foreign = express();
    foreign.use('/parsed', express.json(), createMcpRouter(server));
    foreign.use('/raw/mcp', createMcpRouter(server));
    foreign.get('/hello', (_req, res) => {
      res.send('hi');
    });
    http = foreign.listen(0, '127.0.0.1');
    await new Promise((r) => http.once('listening', r));
    url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    http.closeAllConnections();
    await new Promise((r) => http.close(r));
  });

  it.each(['/raw/mcp', '/parsed'])('serves the protocol at %s', async (prefix) => {
    const { headers } = await openSession(url + prefix);
    const r = await post(url + prefix, { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'math.add', arguments: { a: 3, b: 4 } } }, headers);
    expect(r.json().result.structuredContent).toEqual({ sum: 7 });
    const list = await fetch(`${url}${prefix}/list`);
    expect(list.status).toBe(200);
    const batch = await postJson(`${url}${prefix}/batch`, [{ kind: 'tool', name: 'echo', args: { text: 'x' } }]);
    expect(batch.body[0]).toEqual({ ok: true, result: { content: [{ type: 'text', text: 'x' }] } });
  });

  it.each(['/raw/mcp', '/parsed', '/parsed/batch'])('refuses JSON nested deeper than MCP_MAX_JSON_DEPTH at %s, parsed by the host or not', async (path) => {
    const deep = `${'['.repeat(100)}${']'.repeat(100)}`;
    const body = path.endsWith('/batch') ? deep : `{"jsonrpc":"2.0","id":9,"method":"tools/call","params":{"name":"echo","arguments":{"text":${deep}}}}`;
    const r = await fetch(url + path, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body });
    expect(r.status).toBe(400);
    expect(await r.text()).toContain('json_too_deep');
  });

  it('leaves the host app alone', async () => {
    expect(await (await fetch(`${url}/hello`)).text()).toBe('hi');
    expect((await post(`${url}/raw/mcp`, INIT())).status).toBe(200);
  });
});

