/**
 * The remaining settings, each observed through real HTTP on the real app.
 */
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { signRequest } from '../../runtime/src/middleware/auth/hmac/index.js';
import { JSON_HEADERS, PROTOCOL, startApp, type TestApp } from './app.js';
import { send } from './http.js';
import { openSession } from './mcp-client.js';

const running: TestApp[] = [];
async function app(env: Record<string, string> = {}): Promise<TestApp> {
  const t = await startApp(env);
  running.push(t);
  return t;
}
afterEach(async () => {
  for (const t of running.splice(0)) await t.close();
});

const initBody = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: PROTOCOL, capabilities: {}, clientInfo: { name: 't', version: '1' } } });

describe('settings through HTTP', () => {
  it('MCP_TOOL_TIMEOUT_MS bounds tools without their own timeoutMs', async () => {
    const t = await app({ MCP_TOOL_TIMEOUT_MS: '100' });
    const s = await openSession(t.url);
    const { body } = await s.rpc('tools/call', { name: 'sleepy', arguments: {} });
    expect(body.error).toMatchObject({ code: -32001, message: 'tool "sleepy" timed out after 100 ms' });
  });

  it('MCP_LOG_LEVEL=warn logs refusals only', async () => {
    const t = await app({ MCP_LOG_LEVEL: 'warn', MCP_AUTH_MODE: 'apikey', MCP_API_KEYS: 'k' });
    await send(`${t.base}/mcp/list`, { headers: { 'X-API-Key': 'k' } });
    await send(`${t.base}/mcp/list`, { headers: { 'X-API-Key': 'bad' } });
    const lines = t.logs.join('').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
    expect(lines.map((l) => l.status)).toEqual([401]);
  });

  it('MCP_DOCS=false removes /docs.json and /swagger', async () => {
    const on = await app();
    expect((await send(`${on.base}/docs.json`)).status).toBe(200);
    const off = await app({ MCP_DOCS: 'false' });
    expect((await send(`${off.base}/docs.json`)).status).toBe(404);
    expect((await send(`${off.base}/swagger`)).status).toBe(404);
  });

  it('MCP_CACHE_MAX_ENTRIES=0 turns the cache off', async () => {
    const t = await app({ MCP_CACHE_MAX_ENTRIES: '0' });
    const s = await openSession(t.url);
    await s.rpc('tools/call', { name: 'cached', arguments: {} });
    await s.rpc('tools/call', { name: 'cached', arguments: {} });
    expect(t.counters.cachedRuns).toBe(2);
  });

  it('anonymous callers have the role user by default; admin-only elements stay hidden; MCP_DEFAULT_ROLES= empties it', async () => {
    const t = await app();
    const s = await openSession(t.url);
    expect(JSON.parse((await s.rpc('tools/call', { name: 'whoami', arguments: {} })).body.result.content[0].text).roles).toEqual(['user']);
    const names = (await s.rpc('tools/list')).body.result.tools.map((x: { name: string }) => x.name);
    expect(names).toContain('math.add');
    expect(names).not.toContain('admin.secret');
    expect((await s.rpc('tools/call', { name: 'admin.secret', arguments: {} })).body.error).toBeDefined();
    const none = await app({ MCP_DEFAULT_ROLES: '' });
    const n = await openSession(none.url);
    expect(JSON.parse((await n.rpc('tools/call', { name: 'whoami', arguments: {} })).body.result.content[0].text).roles).toEqual([]);
  });

  it('MCP_DEFAULT_ROLES gives anonymous callers roles', async () => {
    const t = await app({ MCP_DEFAULT_ROLES: 'admin' });
    const s = await openSession(t.url);
    expect((await s.rpc('tools/call', { name: 'admin.secret', arguments: {} })).body.result.content[0].text).toBe('the admin secret');
  });

  it('MCP_HMAC_WINDOW_SEC bounds the timestamp', async () => {
    const t = await app({ MCP_AUTH_MODE: 'hmac', MCP_HMAC_SECRET: 'window-secret', MCP_HMAC_WINDOW_SEC: '5' });
    const body = '{"jsonrpc":"2.0","id":1,"method":"mcp.list"}';
    const at = (ts: number) => send(t.url, { method: 'POST', headers: { ...JSON_HEADERS, 'X-Timestamp': String(ts), 'X-Signature': signRequest('window-secret', body, ts) }, body });
    const now = Math.floor(Date.now() / 1000);
    expect((await at(now - 2)).status).toBe(200);
    expect((await at(now - 30)).status).toBe(401);
  });

  it('MCP_MAX_SESSIONS caps open sessions', async () => {
    const t = await app({ MCP_MAX_SESSIONS: '2' });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await send(t.url, { method: 'POST', headers: JSON_HEADERS, body: initBody })).status);
    expect(statuses.slice(0, 2)).toEqual([200, 200]);
    expect(statuses[2]).toBeGreaterThanOrEqual(400);
    expect(statuses[2]).toBeLessThan(600);
  });

  it('MCP_SESSION_IDLE_MS expires idle sessions', async () => {
    const t = await app({ MCP_SESSION_IDLE_MS: '1000' });
    const s = await openSession(t.url);
    expect((await s.rpc('ping')).res.status).toBe(200);
    await new Promise((r) => setTimeout(r, 1600));
    expect((await s.rpc('ping')).res.status).toBe(404);
  });

  it('MCP_SHUTDOWN_GRACE_MS bounds a graceful close with a call in flight', async () => {
    const t = await startApp({ MCP_SHUTDOWN_GRACE_MS: '200' });
    const s = await openSession(t.url);
    const inflight = s.rpc('tools/call', { name: 'sleepy', arguments: {} }).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    await t.close();
    expect(Date.now() - started).toBeLessThan(1500);
    await inflight;
  });

  it('MCP_REQUEST_TIMEOUT_MS cuts off a client that stalls mid-request', async () => {
    const t = await app({ MCP_REQUEST_TIMEOUT_MS: '500' });
    const started = Date.now();
    const closedAfter = await new Promise<number>((resolve) => {
      const sock = connect(t.port, '127.0.0.1');
      sock.on('connect', () => sock.write(`POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:${t.port}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"jsonrpc":`));
      sock.on('data', () => undefined);
      const done = () => resolve(Date.now() - started);
      sock.on('close', done);
      sock.on('error', done);
      setTimeout(() => {
        sock.destroy();
        resolve(Number.POSITIVE_INFINITY);
      }, 4000);
    });
    expect(closedAfter).toBeLessThan(3000);
  });
});
