/**
 * MCP_TRUST_PROXY end to end: behind a trusted proxy (here: the test itself on 127.0.0.1, sending
 * X-Forwarded-For), every client gets its own per-ip rate-limit bucket on /mcp, the legacy and the REST routes,
 * and the request log names the client; without the setting everyone shares the proxy's bucket.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { send } from './http.js';
import { JSON_HEADERS, startApp, type TestApp } from './app.js';

const LIST = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'mcp.list' });
const mcp = (app: TestApp, xff?: string) => send(app.url, { method: 'POST', headers: { ...JSON_HEADERS, ...(xff === undefined ? {} : { 'X-Forwarded-For': xff }) }, body: LIST });
const rest = (app: TestApp, xff: string) =>
  send(`${app.base}/tools/math.add`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': xff }, body: JSON.stringify({ a: 1, b: 2 }) });
const legacy = (app: TestApp, xff: string) =>
  send(`${app.base}/mcp/call`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': xff }, body: JSON.stringify({ kind: 'tool', name: 'math.add', args: { a: 1, b: 2 } }) });

describe('MCP_TRUST_PROXY', () => {
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('with the proxy trusted, two X-Forwarded-For clients get 2 calls each (MCP_RATE_LIMIT=2/m)', async () => {
    app = await startApp({ MCP_RATE_LIMIT: '2/m', MCP_TRUST_PROXY: '127.0.0.1' });
    const statuses: Record<string, number[]> = { a: [], b: [] };
    for (let i = 0; i < 3; i++) {
      statuses.a!.push((await mcp(app, '203.0.113.1')).status);
      statuses.b!.push((await mcp(app, '203.0.113.2')).status);
    }
    expect(statuses).toEqual({ a: [200, 200, 429], b: [200, 200, 429] });
    // a client-written address left of the one the proxy appended changes nothing
    expect((await mcp(app, '198.51.100.77, 203.0.113.1')).status).toBe(429);
    // a third client still has its full bucket; the proxy's own address (no header) too
    expect((await mcp(app, '203.0.113.3')).status).toBe(200);
    expect((await mcp(app)).status).toBe(200);
    // the request log names the client, not the proxy
    const lines = app.logs.join('').split('\n').filter((l) => l.includes('"rpc":"mcp.list"'));
    expect(lines.some((l) => l.includes('"ip":"203.0.113.2"'))).toBe(true);
  });

  it('REST and legacy routes count by the same client address', async () => {
    app = await startApp({ MCP_RATE_LIMIT: '2/m', MCP_TRUST_PROXY: 'loopback' });
    expect((await rest(app, '203.0.113.10')).status).toBe(200);
    expect((await legacy(app, '203.0.113.10')).status).toBe(200);
    expect((await mcp(app, '203.0.113.10')).status).toBe(429);
    expect((await rest(app, '203.0.113.11')).status).toBe(200);
    expect((await rest(app, '203.0.113.11')).status).toBe(200);
    expect((await legacy(app, '203.0.113.11')).status).toBe(429);
  });

  it('with a hop count: the rightmost entry is the client', async () => {
    app = await startApp({ MCP_RATE_LIMIT: '2/m', MCP_TRUST_PROXY: '1' });
    expect((await mcp(app, '1.1.1.1, 203.0.113.20')).status).toBe(200);
    expect((await mcp(app, '2.2.2.2, 203.0.113.20')).status).toBe(200);
    expect((await mcp(app, '3.3.3.3, 203.0.113.20')).status).toBe(429);
    expect((await mcp(app, '203.0.113.21')).status).toBe(200);
  });

  it('without the setting, X-Forwarded-For is ignored: everyone shares the socket address bucket', async () => {
    app = await startApp({ MCP_RATE_LIMIT: '2/m' });
    expect((await mcp(app, '203.0.113.1')).status).toBe(200);
    expect((await mcp(app, '203.0.113.2')).status).toBe(200);
    expect((await mcp(app, '203.0.113.3')).status).toBe(429);
    expect((await rest(app, '203.0.113.4')).status).toBe(429);
    const lines = app.logs.join('').split('\n').filter((l) => l.includes('"rpc":"mcp.list"'));
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((l) => l.includes('"ip":"127.0.0.1"'))).toBe(true);
  });

  it('an untrusted socket address is the client, whatever the header claims', async () => {
    app = await startApp({ MCP_RATE_LIMIT: '2/m', MCP_TRUST_PROXY: '10.0.0.0/8' });
    expect((await mcp(app, '203.0.113.1')).status).toBe(200);
    expect((await mcp(app, '203.0.113.2')).status).toBe(200);
    expect((await mcp(app, '203.0.113.3')).status).toBe(429);
  });
});
