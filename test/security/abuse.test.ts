/**
 * Abuse controls and operations through the real app: rate limits, origin/host, CORS, body and depth limits,
 * timeouts, the concurrency cap, the result cache, logs and metrics.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { JSON_HEADERS, startApp, type TestApp } from './app.js';
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

const listBody = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'mcp.list' });

describe('rate limits', () => {
  it('429 rate_limited with Retry-After and RateLimit headers under a burst (ip scope)', async () => {
    const t = await app({ MCP_RATE_LIMIT: '5/h' });
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 8; i++) {
      last = await send(t.url, { method: 'POST', headers: JSON_HEADERS, body: listBody });
      statuses.push(last.status);
      if (i === 0) expect([last.headers['ratelimit-limit'], last.headers['ratelimit-remaining']]).toEqual(['5', '4']);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
    expect(last!.headers['ratelimit-limit']).toBe('5');
    expect(last!.headers['ratelimit-remaining']).toBe('0');
    expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
    expect(JSON.parse(last!.text).error.data.error).toBe('rate_limited');
    // the same budget covers legacy and REST routes
    expect((await send(`${t.base}/mcp/list`)).status).toBe(429);
    expect((await send(`${t.base}/tools/math.add`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"a":1,"b":2}' })).status).toBe(429);
    // health stays reachable
    expect((await send(`${t.base}/healthz`)).status).toBe(200);
  });

  it('counts per key in key scope', async () => {
    const t = await app({ MCP_RATE_LIMIT: '3/h', MCP_RATE_SCOPE: 'key', MCP_AUTH_MODE: 'apikey', MCP_API_KEYS: 'ka,kb' });
    const a: number[] = [];
    for (let i = 0; i < 4; i++) a.push((await send(`${t.base}/mcp/list`, { headers: { 'X-API-Key': 'ka' } })).status);
    expect(a).toEqual([200, 200, 200, 429]);
    expect((await send(`${t.base}/mcp/list`, { headers: { 'X-API-Key': 'kb' } })).status).toBe(200);
  });

  it('MCP_AUTH_FAIL_LIMIT is off by default: failed keys never lock a client out', async () => {
    const t = await app({ MCP_RATE_LIMIT: '3/h', MCP_RATE_SCOPE: 'key', MCP_AUTH_MODE: 'apikey', MCP_API_KEYS: 'right-key' });
    for (let i = 0; i < 6; i++) expect((await send(`${t.base}/mcp/list`, { headers: { 'X-API-Key': `guess-${i}` } })).status).toBe(401);
    expect((await send(`${t.base}/mcp/list`, { headers: { 'X-API-Key': 'right-key' } })).status).toBe(200);
  });

  it('MCP_AUTH_FAIL_LIMIT brakes key guessing: after too many failed keys even the right key gets 429', async () => {
    const t = await app({ MCP_AUTH_FAIL_LIMIT: '3/h', MCP_AUTH_MODE: 'apikey', MCP_API_KEYS: 'right-key' });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await send(`${t.base}/mcp/list`, { headers: { 'X-API-Key': `guess-${i}` } })).status);
    expect(statuses).toEqual([401, 401, 401, 401]);
    const r = await send(`${t.base}/mcp/list`, { headers: { 'X-API-Key': 'right-key' } });
    expect(r.status).toBe(429);
    expect(r.text).toContain('failed authentications');
  });

  it('limits one element per caller with a JSON-RPC error naming the limit', async () => {
    const t = await app();
    const s = await openSession(t.url);
    const out = [];
    for (let i = 0; i < 3; i++) out.push((await s.rpc('tools/call', { name: 'limited', arguments: {} })).body);
    expect(out[0].result.content[0].text).toBe('ok');
    expect(out[2].error.data).toMatchObject({ error: 'rate_limited', limit: '2/h', element: 'limited' });
    expect(out[2].error.message).toContain('tool "limited": 2/h');
  });
});

describe('origin, host and CORS', () => {
  it('refuses rebinding hosts and foreign origins; the real host:port passes', async () => {
    const t = await app();
    expect((await send(t.url, { method: 'POST', headers: JSON_HEADERS, body: listBody })).status).toBe(200);
    const evilHost = await send(t.url, { method: 'POST', headers: { ...JSON_HEADERS, Host: 'evil.example.com' }, body: listBody });
    expect(evilHost.status).toBe(403);
    expect(evilHost.text).toContain('host_not_allowed');
    const evilOrigin = await send(t.url, { method: 'POST', headers: { ...JSON_HEADERS, Origin: 'http://evil.example.com' }, body: listBody });
    expect(evilOrigin.status).toBe(403);
    expect(evilOrigin.text).toContain('origin_not_allowed');
    expect((await send(t.url, { method: 'POST', headers: { ...JSON_HEADERS, Origin: `http://localhost:${t.port}` }, body: listBody })).status).toBe(200);
    expect((await send(`${t.base}/mcp/list`, { headers: { Host: 'evil.example.com' } })).status).toBe(403);
  });

  it('honours MCP_ALLOWED_ORIGINS and MCP_ALLOWED_HOSTS', async () => {
    const t = await app({ MCP_ALLOWED_ORIGINS: 'https://app.example.com', MCP_ALLOWED_HOSTS: 'mcp.example.com,127.0.0.1' });
    expect((await send(t.url, { method: 'POST', headers: { ...JSON_HEADERS, Origin: 'https://app.example.com' }, body: listBody })).status).toBe(200);
    expect((await send(t.url, { method: 'POST', headers: { ...JSON_HEADERS, Origin: `http://localhost:${t.port}` }, body: listBody })).status).toBe(403);
    expect((await send(t.url, { method: 'POST', headers: { ...JSON_HEADERS, Host: 'mcp.example.com' }, body: listBody })).status).toBe(200);
    expect((await send(t.url, { method: 'POST', headers: { ...JSON_HEADERS, Host: 'localhost' }, body: listBody })).status).toBe(403);
  });

  it('answers CORS preflights before auth and exposes Mcp-Session-Id', async () => {
    const t = await app({ MCP_CORS_ORIGIN: 'https://app.example.com', MCP_AUTH_MODE: 'apikey', MCP_API_KEYS: 'k' });
    const pre = await send(t.url, { method: 'OPTIONS', headers: { Origin: 'https://app.example.com', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type, mcp-session-id, x-api-key' } });
    expect(pre.status).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBe('https://app.example.com');
    expect(String(pre.headers['access-control-allow-headers'])).toContain('Mcp-Session-Id');
    const init = await send(t.url, {
      method: 'POST',
      headers: { ...JSON_HEADERS, Origin: 'https://app.example.com', 'X-API-Key': 'k' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'b', version: '1' } } }),
    });
    expect(init.status).toBe(200);
    expect(init.headers['access-control-allow-origin']).toBe('https://app.example.com');
    expect(String(init.headers['access-control-expose-headers'])).toContain('Mcp-Session-Id');
    expect(init.headers['mcp-session-id']).toBeTruthy();
  });
});

describe('limits', () => {
  it('413 for oversized bodies (declared or chunked) and 400 json_too_deep', async () => {
    const t = await app({ MCP_MAX_BODY_BYTES: '2000', MCP_MAX_JSON_DEPTH: '16' });
    const big = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'echo', arguments: { text: 'x'.repeat(5000) } } });
    const declared = await send(t.url, { method: 'POST', headers: JSON_HEADERS, body: big });
    expect(declared.status).toBe(413);
    expect(declared.text).toContain('payload_too_large');
    const chunked = await send(t.url, { method: 'POST', headers: { ...JSON_HEADERS, 'Transfer-Encoding': 'chunked' }, body: big });
    expect(chunked.status).toBe(413);
    const deep = `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"text":"x","n":${'['.repeat(40)}${']'.repeat(40)}}}}`;
    const d = await send(t.url, { method: 'POST', headers: JSON_HEADERS, body: deep });
    expect(d.status).toBe(400);
    expect(d.text).toContain('json_too_deep');
    expect((await send(`${t.base}/mcp/call`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: deep })).status).toBe(400);
    expect((await send(`${t.base}/healthz`)).status).toBe(200);
  });

  it('times a slow tool out, aborting its signal', async () => {
    const t = await app();
    const s = await openSession(t.url);
    const started = Date.now();
    const { body } = await s.rpc('tools/call', { name: 'slow', arguments: {} });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(body.error).toMatchObject({ code: -32001, message: 'tool "slow" timed out after 150 ms', data: { error: 'request_timeout' } });
    expect(t.counters.slowAborted).toBe(1);
  });

  it('refuses calls beyond MCP_MAX_CONCURRENT_CALLS with server_busy', async () => {
    const t = await app({ MCP_MAX_CONCURRENT_CALLS: '1' });
    const s = await openSession(t.url);
    const first = s.rpc('tools/call', { name: 'slow', arguments: {} });
    await new Promise((r) => setTimeout(r, 50));
    const second = await s.rpc('tools/call', { name: 'math.add', arguments: { a: 1, b: 2 } });
    expect(second.body.error.data.error).toBe('server_busy');
    await first;
    const third = await s.rpc('tools/call', { name: 'math.add', arguments: { a: 1, b: 2 } });
    expect(third.body.result.content[0].text).toBe('3');
  });
});

describe('cache', () => {
  it('runs a ttl tool once per argument set and role set', async () => {
    const t = await app({ MCP_AUTH_MODE: 'apikey', MCP_API_KEYS_MAP: 'a1:user;a2:user;b1:admin' });
    const u1 = await openSession(t.url, { 'X-API-Key': 'a1' });
    const u2 = await openSession(t.url, { 'X-API-Key': 'a2' });
    const adm = await openSession(t.url, { 'X-API-Key': 'b1' });
    const text = async (s: typeof u1) => (await s.rpc('tools/call', { name: 'cached', arguments: {} })).body.result.content[0].text;
    expect(await text(u1)).toBe('1');
    expect(await text(u1)).toBe('1');
    expect(await text(u2)).toBe('1'); // same roles: shared entry
    expect(await text(adm)).toBe('2'); // other roles: own entry
    expect(t.counters.cachedRuns).toBe(2);
    // Cache hits are counted as their own outcome (metrics are on by default; /metrics wants a key here).
    const m = await send(`${t.base}/metrics`, { headers: { Authorization: 'Bearer b1' } });
    expect(m.status).toBe(200);
    expect(m.text).toContain('mcp_calls_total{kind="tool",name="cached",outcome="cached"} 2');
    expect(m.text).toContain('mcp_calls_total{kind="tool",name="cached",outcome="ok"} 2');
  });
});

describe('logs and metrics', () => {
  it('logs one line per request with no secret in any line', async () => {
    const t = await app({ MCP_AUTH_MODE: 'apikey', MCP_API_KEYS: 'very-secret-key-123' });
    await send(t.url, { method: 'POST', headers: { ...JSON_HEADERS, 'X-API-Key': 'very-secret-key-123' }, body: listBody });
    await send(t.url, { method: 'POST', headers: { ...JSON_HEADERS, 'X-API-Key': 'wrong-guess-456' }, body: listBody });
    await send(t.url, { method: 'POST', headers: { ...JSON_HEADERS, Authorization: 'Bearer very-secret-key-123' }, body: listBody });
    const lines = t.logs.join('').trim().split('\n').map((l) => JSON.parse(l)).filter((l) => l.msg === 'request');
    expect(lines).toHaveLength(3);
    expect(lines.map((l) => l.status)).toEqual([200, 401, 200]);
    expect(lines[0]).toMatchObject({ method: 'POST', path: '/mcp', rpc: 'mcp.list' });
    expect(lines[0].caller).toMatch(/^key:[0-9a-f]{12}$/);
    expect(lines[1].error).toBe('invalid_api_key');
    const all = t.logs.join('');
    expect(all).not.toContain('very-secret-key-123');
    expect(all).not.toContain('wrong-guess-456');
  });

  it('exposes request, call and rate-limit metrics on /metrics', async () => {
    const t = await app({ MCP_METRICS: 'true', MCP_RATE_LIMIT: '3/h' });
    const s = await openSession(t.url);
    await s.rpc('tools/call', { name: 'math.add', arguments: { a: 1, b: 1 } });
    await s.rpc('tools/call', { name: 'math.add', arguments: { a: 1, b: 1 } }); // 4th request: limited
    const m = await send(`${t.base}/metrics`);
    expect(m.status).toBe(200);
    expect(m.text).toMatch(/mcp_http_requests_total\{method="POST",status="200"\} [1-9]/);
    expect(m.text).toMatch(/mcp_http_requests_total\{method="POST",status="429"\} 1/);
    expect(m.text).toContain('mcp_calls_total{kind="tool",name="math.add",outcome="ok"} 1');
    expect(m.text).toContain('mcp_rate_limited_total{scope="server"} 1');
    expect(m.text).toMatch(/mcp_sessions_open [1-9]/);
  });
});
