import { describe, expect, it } from 'vitest';
import { createApp, mcpRouteOf } from './create-app.js';
import { testServer, post, openSession, compile } from '../../../test/transport/fixture.js';

describe('mcpRouteOf', () => {
  it.each([
    ['/mcp', 'mcp'],
    ['/mcp?x=1', 'mcp'],
    ['/mcp/', 'mcp'],
    ['/mcp/list', 'list'],
    ['/mcp/call', 'call'],
    ['/mcp/batch', 'batch'],
    ['/mcpx', undefined],
    ['/mcp/other', undefined],
    ['/healthz', undefined],
  ])('%s -> %s', (url, route) => expect(mcpRouteOf(url)).toBe(route));
});

describe('createApp', () => {
  it('serves ops routes through Express and JSON 404s elsewhere', async () => {
    const app = createApp(testServer());
    const { url } = await app.listen(0, '127.0.0.1');
    const base = url.replace(/\/mcp$/, '');
    try {
      const health = await fetch(`${base}/healthz`);
      expect(health.status).toBe(200);
      const missing = await fetch(`${base}/nothing/here`);
      expect(missing.status).toBe(404);
      expect(await missing.json()).toEqual({ error: { code: 'not_found', message: 'no route for GET /nothing/here' } });
    } finally {
      await app.close();
    }
  });

  it('close() lets in-flight calls finish, then stops listening', async () => {
    const server = testServer({ env: { MCP_SHUTDOWN_GRACE_MS: '3000' } });
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    server.addTool({
      name: 'slow',
      inputSchema: { type: 'object' },
      validateInput: compile({ type: 'object' }),
      handler: async () => {
        started();
        await new Promise((r) => setTimeout(r, 200));
        return 'finished';
      },
    });
    const app = createApp(server);
    const { url } = await app.listen(0, '127.0.0.1');
    const { headers } = await openSession(url);
    const call = post(url, { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'slow', arguments: {} } }, headers);
    await running;
    const closing = app.close();
    expect(server.closing).toBe(true);
    const r = await call;
    expect(r.json().result.content[0].text).toBe('finished');
    await closing;
    await expect(fetch(url, { method: 'POST' })).rejects.toThrow();
  });
});

describe('createApp errors on the Express side', () => {
  it('answers JSON without a stack trace when a route throws', async () => {
    const app = createApp(testServer(), {
      installers: [
        (router) => {
          router.get('/boom', () => {
            throw new Error('secret detail at /srv/app.js:12');
          });
        },
      ],
    });
    const { url } = await app.listen(0, '127.0.0.1');
    try {
      const res = await fetch(url.replace(/\/mcp$/, '/boom'));
      expect(res.status).toBe(500);
      const text = await res.text();
      expect(JSON.parse(text)).toEqual({ error: { code: 'internal_error', message: 'Internal server error' } });
      expect(text).not.toContain('secret');
    } finally {
      await app.close();
    }
  });
});
