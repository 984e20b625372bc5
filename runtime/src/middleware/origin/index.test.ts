import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveGuards, type GuardServer } from '../../../../test/security/guard-server.js';
import { send } from '../../../../test/security/http.js';
import { hostGuard, isLoopbackHost, originGuard, splitHost } from './index.js';

describe('origin and host guards on a loopback server', () => {
  let srv: GuardServer;
  let listed: GuardServer;
  beforeAll(async () => {
    const s = { host: '127.0.0.1', allowedOrigins: [], allowedHosts: [], corsOrigin: undefined };
    srv = await serveGuards([hostGuard(s)!, originGuard(s)]);
    const l = { host: '127.0.0.1', allowedOrigins: ['https://app.example.com'], allowedHosts: ['mcp.example.com', '127.0.0.1'], corsOrigin: undefined };
    listed = await serveGuards([hostGuard(l)!, originGuard(l)]);
  });
  afterAll(async () => {
    await srv.close();
    await listed.close();
  });

  it('lets the real host:port and loopback origins through', async () => {
    expect((await send(`${srv.url}/mcp`)).status).toBe(200);
    expect((await send(`${srv.url}/mcp`, { headers: { Origin: srv.url } })).status).toBe(200);
    expect((await send(`${srv.url}/mcp`, { headers: { Origin: 'http://localhost:5173' } })).status).toBe(200);
    expect((await send(`${srv.url}/mcp`, { headers: { Host: `localhost:${srv.port}` } })).status).toBe(200);
    expect((await send(`${srv.url}/mcp`, { headers: { Host: `[::1]:${srv.port}` } })).status).toBe(200);
  });

  it('refuses a rebinding Host with 403 host_not_allowed', async () => {
    for (const host of ['evil.example.com', `evil.example.com:${srv.port}`, '127.0.0.1.evil.example', 'localhost@evil', '']) {
      const r = await send(`${srv.url}/mcp`, { headers: { Host: host } });
      expect(r.status, host).toBe(403);
      expect(r.json().error.code).toBe('host_not_allowed');
    }
  });

  it('refuses a foreign Origin with 403 origin_not_allowed', async () => {
    for (const origin of ['http://evil.example.com', 'null', 'https://127.0.0.1.evil.example', 'garbage']) {
      const r = await send(`${srv.url}/mcp`, { headers: { Origin: origin } });
      expect(r.status, origin).toBe(403);
      expect(r.json().error).toEqual({ code: 'origin_not_allowed', message: 'origin not allowed: set MCP_ALLOWED_ORIGINS to allow it' });
    }
  });

  it('uses the explicit lists when set', async () => {
    expect((await send(`${listed.url}/mcp`, { headers: { Origin: 'https://app.example.com' } })).status).toBe(200);
    expect((await send(`${listed.url}/mcp`, { headers: { Origin: 'http://localhost:3000' } })).status).toBe(403);
    expect((await send(`${listed.url}/mcp`, { headers: { Host: 'mcp.example.com' } })).status).toBe(200);
    expect((await send(`${listed.url}/mcp`, { headers: { Host: 'localhost' } })).status).toBe(403);
  });

  it('does not check Host on a public bind without a list', () => {
    expect(hostGuard({ host: '0.0.0.0', allowedHosts: [] })).toBeUndefined();
    expect(hostGuard({ host: '127.0.0.1', allowedHosts: ['*'] })).toBeUndefined();
  });

  it('parses host names', () => {
    expect(splitHost('[::1]:8080')).toEqual({ name: '[::1]', port: '8080' });
    expect(splitHost('a b')).toBeUndefined();
    expect(isLoopbackHost('127.8.0.1')).toBe(true);
    expect(isLoopbackHost('127.0.0.1.nip.io')).toBe(false);
  });
});
