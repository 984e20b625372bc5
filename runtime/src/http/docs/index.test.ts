import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { send } from '../../../../test/security/http.js';
import { createApp, type App } from '../../app/create-app.js';
import { silentLogger } from '../../logger/index.js';
import type { RegistryDefinition } from '../../registry/types.js';
import { createMcpServer } from '../../server/create-server.js';
import type { McpServer } from '../../server/types.js';
import { loadSettings } from '../../settings/load.js';
import { installDocsRoutes } from './index.js';
import { liveDocument } from './live-document.js';

const registry: RegistryDefinition = { server: { name: 'docs-test', version: '1', title: 'Docs <Test>' }, tools: [], resources: [], resourceTemplates: [], prompts: [], completions: [] };

const openapi = {
  openapi: '3.1.0',
  info: { title: 'Docs test', version: '1' },
  servers: [{ url: '/' }],
  security: [{}],
  paths: { '/tools/x': { post: { operationId: 'tool.x', summary: 'x', responses: { '200': { description: 'ok' } } } } },
  components: {
    securitySchemes: {
      apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
      apiKeyBearer: { type: 'http', scheme: 'bearer' },
      hmacSignature: { type: 'apiKey', in: 'header', name: 'X-Signature' },
      oauth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
    },
  },
};

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function start(env: Record<string, string> = {}, withDocument = true): Promise<string> {
  const server = createMcpServer(registry, { settings: loadSettings(env), logger: silentLogger() });
  const app: App = createApp(server, withDocument ? { openapi } : {});
  cleanups.push(() => app.close());
  const { url } = await app.listen(0, '127.0.0.1');
  return url.replace(/\/mcp$/, '');
}

describe('docs routes', () => {
  it('serves the document with the live mount path and auth mode, without a key even in apikey mode', async () => {
    const base = await start({ MCP_AUTH_MODE: 'apikey', MCP_API_KEYS: 'k1' });
    const res = await send(`${base}/docs.json`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const doc = res.json();
    expect(doc.security).toEqual([{ apiKey: [] }, { apiKeyBearer: [] }]);
    expect(doc.servers).toEqual([{ url: '/', description: 'This server' }]);
    expect(doc.info).toEqual({ ...openapi.info, description: expect.stringContaining('Auth mode: `apikey`: send `X-API-Key') });
    // The MCP endpoint itself still wants the key.
    expect((await send(`${base}/mcp/list`)).status).toBe(401);
  });

  it('serves Swagger UI from the local swagger-ui-dist with a strict CSP and no external URL', async () => {
    const base = await start();
    const page = await send(`${base}/swagger`);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.text).toContain('/swagger/swagger-ui-bundle.js');
    expect(page.text).toContain('Docs &lt;Test&gt;');
    expect(page.text).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(page.text).not.toMatch(/<script>(?!<\/script>)/);
    const init = await send(`${base}/swagger/swagger-initializer.js`);
    expect(init.text).toContain('"url":"/docs.json"');
    const bundle = await send(`${base}/swagger/swagger-ui-bundle.js`);
    expect([bundle.status, bundle.headers['content-type']]).toEqual([200, 'text/javascript; charset=utf-8']);
    expect(bundle.text.length).toBeGreaterThan(100_000);
    const css = await send(`${base}/swagger/swagger-ui.css`);
    expect(css.headers['content-type']).toMatch(/^text\/css/);
  });

  it('serves only the listed assets (no other file of the package, no traversal)', async () => {
    const base = await start();
    for (const path of ['/swagger/package.json', '/swagger/..%2Fpackage.json', '/swagger/%2e%2e%2fpackage.json', '/swagger/swagger-ui-es-bundle.js.map']) {
      const res = await send(`${base}${path}`);
      expect(res.status, path).toBe(404);
      expect(res.text).not.toContain('"version"');
    }
  });

  it('answers 404 not_found naming the fix when the app has no OpenAPI document', async () => {
    const base = await start({}, false);
    const res = await send(`${base}/docs.json`);
    expect(res.status).toBe(404);
    expect(res.json().error.code).toBe('not_found');
    expect(res.json().error.message).toContain('openapi');
  });

  it('is off with MCP_DOCS=false', async () => {
    const base = await start({ MCP_DOCS: 'false' });
    expect((await send(`${base}/docs.json`)).status).toBe(404);
    expect((await send(`${base}/swagger`)).status).toBe(404);
  });

  it('refuses a foreign Host (DNS rebinding) and a disallowed Origin', async () => {
    const base = await start();
    const rebinding = await send(`${base}/docs.json`, { headers: { host: 'evil.example.com' } });
    expect(rebinding.status).toBeGreaterThanOrEqual(400);
    expect(rebinding.status).toBeLessThan(500);
    const origin = await send(`${base}/docs.json`, { headers: { origin: 'https://evil.example.com' } });
    expect(origin.status).toBe(403);
  });

  it('works under a prefix of a foreign Express app', async () => {
    const server: McpServer = createMcpServer(registry, { settings: loadSettings({}), logger: silentLogger() });
    const app = express();
    const router = express.Router();
    installDocsRoutes(router, server, { openapi });
    app.use('/api', router);
    const http = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    cleanups.push(async () => {
      http.closeAllConnections();
      await new Promise((r) => http.close(r));
      await server.close();
    });
    const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    expect((await send(`${base}/api/docs.json`)).json().servers).toEqual([{ url: '/api', description: 'This server' }]);
    const page = await send(`${base}/api/swagger`);
    expect(page.text).toContain('/api/swagger/swagger-ui-bundle.js');
    expect((await send(`${base}/api/swagger/swagger-initializer.js`)).text).toContain('"url":"/api/docs.json"');
    expect((await send(`${base}/api/swagger/swagger-ui.css`)).status).toBe(200);
  });
});

describe('liveDocument', () => {
  it('applies each auth mode and never mutates the generated document', () => {
    const before = JSON.stringify(openapi);
    expect(liveDocument(openapi, { basePath: '', authMode: 'none' }).security).toEqual([{}]);
    expect(liveDocument(openapi, { basePath: '', authMode: 'hmac' }).security).toEqual([{ hmacSignature: [] }]);
    // openIdConnect is not declared in this document, so only the bearer scheme is offered.
    expect(liveDocument(openapi, { basePath: '', authMode: 'oauth' }).security).toEqual([{ oauth: [] }]);
    expect(JSON.stringify(openapi)).toBe(before);
  });
});

describe('tools added or removed at run time', () => {
  it('appear in and disappear from /docs.json', async () => {
    const server = createMcpServer(registry, { settings: loadSettings({}), logger: silentLogger() });
    const app = createApp(server, { openapi });
    cleanups.push(() => app.close());
    const base = (await app.listen(0, '127.0.0.1')).url.replace(/\/mcp$/, '');
    server.addTool({
      name: 'time.now',
      title: 'Now',
      inputSchema: { type: 'object', properties: { zone: { $ref: '#/$defs/Zone' } }, $defs: { Zone: { type: 'string' } } },
      outputSchema: { type: 'object', properties: { iso: { type: 'string' } } },
      validateInput: () => true,
      handler: () => ({ iso: new Date(0).toISOString() }),
    });
    const doc = (await send(`${base}/docs.json`)).json();
    expect(doc.paths['/tools/x']).toBeUndefined(); // not a tool of this server
    expect(doc.paths['/tools/time.now'].post.summary).toBe('Now');
    expect(doc.components.schemas['tool.time.now.Input'].properties.zone.$ref).toBe('#/components/schemas/tool.time.now.Input/$defs/Zone');
    expect(doc.paths['/tools/time.now'].post.responses['200'].content['application/json'].schema.$ref).toBe('#/components/schemas/tool.time.now.Output');
    expect((await send(`${base}/tools/time.now`, { method: 'POST' })).json()).toEqual({ iso: '1970-01-01T00:00:00.000Z' });
    server.removeTool('time.now');
    expect((await send(`${base}/docs.json`)).json().paths['/tools/time.now']).toBeUndefined();
  });
});
