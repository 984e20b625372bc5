import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { send } from '../../../../test/security/http.js';
import { silentLogger } from '../../logger/index.js';
import type { RegistryDefinition } from '../../registry/types.js';
import { Engine } from '../../server/engine.js';
import { loadSettings } from '../../settings/load.js';
import { createMemoryStores } from '../../store/memory/index.js';
import { installOpsRoutes } from './index.js';

const registry: RegistryDefinition = { server: { name: 'ops', version: '1' }, tools: [], resources: [], resourceTemplates: [], prompts: [], completions: [] };
const open: Array<{ http: Server; engine: Engine }> = [];

async function start(env: Record<string, string>, healthy = () => true) {
  const stores = { ...createMemoryStores(), healthy };
  const engine = new Engine(registry, { settings: loadSettings(env), logger: silentLogger(), stores });
  const app = express();
  const router = express.Router();
  installOpsRoutes(router, engine);
  app.use(router);
  const http = await new Promise<Server>((r) => {
    const s = app.listen(0, '127.0.0.1', () => r(s));
  });
  open.push({ http, engine });
  return { url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`, engine };
}

afterEach(async () => {
  for (const { http, engine } of open.splice(0)) {
    http.closeAllConnections();
    await new Promise((r) => http.close(r));
    await engine.close();
  }
});

describe('ops routes', () => {
  it('serves health and readiness', async () => {
    let up = true;
    const { url } = await start({}, () => up);
    expect((await send(`${url}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await send(`${url}/readyz`);
    expect([ready.status, ready.json().status]).toEqual([200, 'ready']);
    up = false;
    const down = await send(`${url}/readyz`);
    expect(down.status).toBe(503);
    expect(down.json().error.code).toBe('not_ready');
  });

  it('answers 503 on both probes once shutdown began', async () => {
    const { url, engine } = await start({});
    const closing = engine.close();
    expect((await send(`${url}/healthz`)).status).toBe(503);
    expect((await send(`${url}/readyz`)).status).toBe(503);
    await closing;
  });

  it('serves Prometheus metrics from the server registry by default (MCP_METRICS=false turns them off)', async () => {
    const off = await start({ MCP_METRICS: 'false' });
    expect((await send(`${off.url}/metrics`)).status).toBe(404);
    const on = await start({});
    for (const o of on.engine.observers) o.requestDone?.({ requestId: '1', method: 'POST', path: '/mcp', status: 200, durationMs: 1, ip: '' });
    const r = await send(`${on.url}/metrics`);
    expect(r.status).toBe(200);
    expect(String(r.headers['content-type'])).toContain('text/plain');
    expect(r.text).toContain('mcp_http_requests_total{method="POST",status="200"} 1');
    expect(r.text).toContain('mcp_process_cpu_user_seconds_total');
  });

  it('asks for credentials on /metrics when auth is on (Prometheus sends a Bearer key), never on the probes', async () => {
    const { url } = await start({ MCP_AUTH_MODE: 'apikey', MCP_API_KEYS: 'scrape-key' });
    const anonymous = await send(`${url}/metrics`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.json().error.code).toBe('invalid_api_key');
    expect(anonymous.text).not.toContain('mcp_');
    expect((await send(`${url}/metrics`, { headers: { Authorization: 'Bearer wrong' } })).status).toBe(401);
    const scraped = await send(`${url}/metrics`, { headers: { Authorization: 'Bearer scrape-key' } });
    expect(scraped.status).toBe(200);
    expect(scraped.text).toContain('mcp_process_cpu_user_seconds_total');
    expect((await send(`${url}/healthz`)).status).toBe(200);
    expect((await send(`${url}/readyz`)).status).toBe(200);
  });

  it('publishes RFC 9728 metadata in oauth mode only', async () => {
    const none = await start({});
    expect((await send(`${none.url}/.well-known/oauth-protected-resource`)).status).toBe(404);
    const { url } = await start({
      MCP_AUTH_MODE: 'oauth',
      MCP_OAUTH_ISSUER: 'https://as.example',
      MCP_OAUTH_AUDIENCE: 'https://mcp.example/mcp',
      MCP_OAUTH_JWKS_URL: 'https://as.example/jwks',
      MCP_OAUTH_SCOPE_ROLES: 'mcp.read:user',
    });
    for (const path of ['/.well-known/oauth-protected-resource', '/.well-known/oauth-protected-resource/mcp']) {
      const r = await send(`${url}${path}`);
      expect(r.status).toBe(200);
      expect(r.json()).toEqual({
        resource: 'https://mcp.example/mcp',
        authorization_servers: ['https://as.example'],
        bearer_methods_supported: ['header'],
        scopes_supported: ['mcp.read'],
      });
    }
  });
});
