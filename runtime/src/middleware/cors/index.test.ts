import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveGuards, type GuardServer } from '../../../../test/security/guard-server.js';
import { send } from '../../../../test/security/http.js';
import { corsGuard } from './index.js';

describe('corsGuard', () => {
  let list: GuardServer;
  let star: GuardServer;
  beforeAll(async () => {
    list = await serveGuards([corsGuard({ corsOrigin: 'https://app.example.com, http://localhost:3000' })!]);
    star = await serveGuards([corsGuard({ corsOrigin: '*' })!]);
  });
  afterAll(async () => {
    await list.close();
    await star.close();
  });

  it('is absent when MCP_CORS_ORIGIN is unset', () => {
    expect(corsGuard({ corsOrigin: undefined })).toBeUndefined();
  });

  it('answers a preflight with the MCP headers', async () => {
    const r = await send(`${list.url}/mcp`, { method: 'OPTIONS', headers: { Origin: 'https://app.example.com', 'Access-Control-Request-Method': 'POST' } });
    expect(r.status).toBe(204);
    expect(r.headers['access-control-allow-origin']).toBe('https://app.example.com');
    expect(r.headers['vary']).toBe('Origin');
    const allow = String(r.headers['access-control-allow-headers']);
    for (const h of ['Mcp-Session-Id', 'MCP-Protocol-Version', 'Mcp-Method', 'Mcp-Name', 'Last-Event-ID', 'Authorization', 'X-API-Key', 'Content-Type', 'X-Signature', 'X-Timestamp']) expect(allow).toContain(h);
    expect(String(r.headers['access-control-allow-methods'])).toContain('DELETE');
  });

  it('exposes Mcp-Session-Id on actual responses', async () => {
    const r = await send(`${list.url}/mcp`, { method: 'POST', headers: { Origin: 'http://localhost:3000' }, body: '{}' });
    expect(r.status).toBe(200);
    expect(r.headers['access-control-allow-origin']).toBe('http://localhost:3000');
    expect(String(r.headers['access-control-expose-headers'])).toContain('Mcp-Session-Id');
  });

  it('grants nothing to an unlisted origin', async () => {
    const r = await send(`${list.url}/mcp`, { method: 'OPTIONS', headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' } });
    expect(r.status).toBe(204);
    expect(r.headers['access-control-allow-origin']).toBeUndefined();
    expect(r.headers['access-control-allow-headers']).toBeUndefined();
  });

  it('allows any origin with *', async () => {
    const r = await send(`${star.url}/mcp`, { headers: { Origin: 'https://whatever.example' } });
    expect(r.headers['access-control-allow-origin']).toBe('*');
  });
});
