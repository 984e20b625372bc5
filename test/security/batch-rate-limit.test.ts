/**
 * MCP_RATE_LIMIT through real HTTP with batches: a 2025-03-26 JSON-RPC batch and a legacy `/mcp/batch` of N
 * calls count as N requests (before, one batch of any size counted once: 5/m allowed thousands of calls).
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { createMcpRouter } from '../../runtime/src/app/router.js';
import { silentLogger } from '../../runtime/src/logger/index.js';
import { createMcpServer } from '../../runtime/src/server/create-server.js';
import { loadSettings } from '../../runtime/src/settings/load.js';
import { JSON_HEADERS, startApp, testRegistry, type TestApp } from './app.js';
import { send } from './http.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const calls = (n: number) => Array.from({ length: n }, (_, i) => ({ kind: 'tool', name: 'math.add', args: { a: i, b: 1 } }));
const legacyBatch = (app: TestApp, n: number, headers: Record<string, string> = {}) =>
  send(`${app.base}/mcp/batch`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(calls(n)) });

async function session2025(app: TestApp): Promise<string> {
  const init = await send(app.url, {
    method: 'POST',
    headers: JSON_HEADERS,
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-03-26', capabilities: {}, clientInfo: { name: 'x', version: '1' } } }),
  });
  return String(init.headers['mcp-session-id']);
}

describe('MCP_RATE_LIMIT counts every call of a batch', () => {
  it('legacy /mcp/batch: within the budget it runs and says what is left; past it, 429 for the whole batch', async () => {
    t = await startApp({ MCP_RATE_LIMIT: '10/m' });
    const ok = await legacyBatch(t, 4);
    expect(ok.status).toBe(200);
    expect((ok.json() as Array<{ ok: boolean }>).every((x) => x.ok)).toBe(true);
    expect(ok.headers['ratelimit-remaining']).toBe('6');
    const big = await legacyBatch(t, 50);
    expect(big.status).toBe(429);
    expect(Number(big.headers['retry-after'])).toBeGreaterThan(0);
    expect(big.json().error.code).toBe('rate_limited');
    expect(big.text).toContain('a batch of 50 calls counts as 50 requests');
    expect(big.text).not.toContain('"ok":true');
    // the budget is spent: a single call is refused too
    expect((await send(`${t.base}/mcp/list`)).status).toBe(429);
  });

  it('JSON-RPC batch on 2025-03-26: 429 past the budget, none of its calls run', async () => {
    t = await startApp({ MCP_RATE_LIMIT: '5/m' });
    const sid = await session2025(t); // 1 of 5
    const batch = Array.from({ length: 50 }, (_, i) => ({ jsonrpc: '2.0', id: i + 10, method: 'tools/call', params: { name: 'cached', arguments: { i } } }));
    const r = await send(t.url, { method: 'POST', headers: { ...JSON_HEADERS, 'Mcp-Session-Id': sid, 'MCP-Protocol-Version': '2025-03-26' }, body: JSON.stringify(batch) });
    expect(r.status).toBe(429);
    expect(r.json().error.data.error).toBe('rate_limited');
    expect(t.counters.cachedRuns).toBe(0);
  });

  it('a small JSON-RPC batch within the budget is answered whole', async () => {
    t = await startApp({ MCP_RATE_LIMIT: '5/m' });
    const sid = await session2025(t); // 1
    const batch = [1, 2, 3].map((i) => ({ jsonrpc: '2.0', id: i, method: 'tools/call', params: { name: 'math.add', arguments: { a: i, b: i } } }));
    const r = await send(t.url, { method: 'POST', headers: { ...JSON_HEADERS, 'Mcp-Session-Id': sid, 'MCP-Protocol-Version': '2025-03-26' }, body: JSON.stringify(batch) });
    expect(r.status).toBe(200);
    expect((r.json() as unknown[]).length).toBe(3);
    expect(r.headers['ratelimit-remaining']).toBe('1'); // 1 + 3 of 5
  });

  it('key scope counts per key, after authentication (an unknown key reads no body and spends nothing)', async () => {
    t = await startApp({ MCP_RATE_LIMIT: '5/m', MCP_RATE_SCOPE: 'key', MCP_AUTH_MODE: 'apikey', MCP_API_KEYS: 'ka,kb' });
    expect((await legacyBatch(t, 20, { 'X-API-Key': 'nope' })).status).toBe(401);
    expect((await legacyBatch(t, 20, { 'X-API-Key': 'ka' })).status).toBe(429);
    expect((await legacyBatch(t, 5, { 'X-API-Key': 'kb' })).status).toBe(200);
  });

  it('without MCP_RATE_LIMIT a batch holds at most 100 calls, on both routes', async () => {
    t = await startApp();
    const r = await legacyBatch(t, 100);
    expect(r.status, r.text.slice(0, 200)).toBe(200);
    const over = await legacyBatch(t, 101);
    expect(over.status).toBe(400);
    expect(over.text).toContain('at most 100 calls');
    const sid = await session2025(t);
    const batch = (n: number) => Array.from({ length: n }, (_, i) => ({ jsonrpc: '2.0', id: i + 10, method: 'ping' }));
    const headers = { ...JSON_HEADERS, 'Mcp-Session-Id': sid, 'MCP-Protocol-Version': '2025-03-26' };
    const ok = await send(t.url, { method: 'POST', headers, body: JSON.stringify(batch(100)) });
    expect(ok.status).toBe(200);
    expect((ok.json() as unknown[]).length).toBe(100);
    const big = await send(t.url, { method: 'POST', headers, body: JSON.stringify(batch(101)) });
    expect(big.status).toBe(400);
    expect(big.json().error).toMatchObject({ code: -32600, message: expect.stringContaining('at most 100 messages') });
  });
});

describe('MCP_RATE_LIMIT batches on a mounted router', () => {
  it('counts a batch the host parser already read, and needs no raw bytes for it (no 500 raw_body_unavailable)', async () => {
    const server = createMcpServer(testRegistry({ cachedRuns: 0, slowAborted: 0 }), { settings: loadSettings({ MCP_RATE_LIMIT: '5/m' }), logger: silentLogger() });
    const host = express();
    host.use('/parsed', express.json(), createMcpRouter(server));
    host.use('/raw', createMcpRouter(server));
    const http: Server = host.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => http.once('listening', resolve));
    const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    try {
      const post = (path: string, n: number) => send(`${base}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(calls(n)) });
      const small = await post('/parsed/batch', 2);
      expect(small.status, small.text).toBe(200);
      expect(small.headers['ratelimit-remaining']).toBe('3');
      const single = await send(`${base}/parsed`, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'mcp.list' }) });
      expect(single.status, single.text).toBe(200);
      expect((await post('/raw/batch', 10)).status).toBe(429);
    } finally {
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await server.close();
    }
  });
});

