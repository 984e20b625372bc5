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
  it('needs credentials when auth is on: 401 without a key, on the document, the page and its assets', async () => {
    const base = await start({ MCP_AUTH_MODE: 'apikey', MCP_API_KEYS: 'k1' });
    for (const path of ['/docs.json', '/swagger', '/swagger/index.html', '/swagger/swagger-initializer.js', '/swagger/swagger-ui.css']) {
      for (const headers of [{}, { 'X-API-Key': 'wrong' }]) {
        const res = await send(`${base}${path}`, { headers });
        expect(res.status, `${path} ${JSON.stringify(headers)}`).toBe(401);
        expect(res.json().error.code).toBe('invalid_api_key');
      }
    }
    for (const headers of [{ 'X-API-Key': 'k1' }, { Authorization: 'Bearer k1' }]) {
      expect((await send(`${base}/docs.json`, { headers })).status).toBe(200);
      expect((await send(`${base}/swagger`, { headers })).status).toBe(200);
    }
    const hmac = await start({ MCP_AUTH_MODE: 'hmac', MCP_HMAC_SECRET: 's3cret' });
    const unsigned = await send(`${hmac}/docs.json`);
    expect([unsigned.status, unsigned.json().error.code]).toEqual([401, 'invalid_signature']);
  });

  it('serves the document with the live mount path and auth mode without a key with MCP_DOCS_PUBLIC=true', async () => {
    const base = await start({ MCP_AUTH_MODE: 'apikey', MCP_API_KEYS: 'k1', MCP_DOCS_PUBLIC: 'true' });
    const res = await send(`${base}/docs.json`);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('private, no-cache');
    expect(res.headers['vary']).toContain('X-API-Key');
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const doc = res.json();
    expect(doc.security).toEqual([{ apiKey: [] }, { apiKeyBearer: [] }]);
    expect(doc.servers).toEqual([{ url: '/', description: 'This server' }]);
    expect(doc.info).toEqual({ ...openapi.info, description: expect.stringContaining('Auth mode: `apikey`: send `X-API-Key') });
    // The MCP endpoint itself still wants the key.
    expect((await send(`${base}/mcp/list`)).status).toBe(401);
    expect((await send(`${base}/swagger`)).status).toBe(200);
    expect((await send(`${base}/swagger/swagger-ui.css`)).status).toBe(200);
    // Credentials on public docs are checked, never silently downgraded to anonymous.
    expect((await send(`${base}/docs.json`, { headers: { 'X-API-Key': 'wrong' } })).status).toBe(401);
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

describe("the document is the caller's view", () => {
  const empty = { type: 'object' };
  const roleRegistry: RegistryDefinition = {
    server: { name: 'roles-docs', version: '1' },
    tools: [
      { name: 'math.add', roles: ['user', 'admin'], inputSchema: empty, validateInput: () => true, handler: () => 'ok' },
      { name: 'admin.wipe', roles: ['admin'], inputSchema: empty, validateInput: () => true, handler: () => 'wiped' },
    ],
    resources: [{ name: 'admin-notes', uri: 'info://admin-notes', roles: ['admin'], handler: () => 'notes' }],
    resourceTemplates: [
      { name: 'admin-file', uriTemplate: 'files://{path}', roles: ['admin'], paramsSchema: empty, validateParams: () => true, handler: () => 'file' },
    ],
    prompts: [{ name: 'admin.prompt', roles: ['admin'], arguments: [], handler: () => 'hi' }],
    completions: [],
  };
  const op = (schema?: string) => ({
    summary: 'op',
    ...(schema !== undefined ? { requestBody: { content: { 'application/json': { schema: { $ref: `#/components/schemas/${schema}` } } } } } : {}),
    responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/ToolResult' } } } } },
  });
  const document = {
    openapi: '3.1.0',
    info: { title: 'roles', version: '1' },
    tags: [{ name: 'Tools' }, { name: 'Resources' }, { name: 'Prompts' }, { name: 'Legacy' }],
    paths: {
      '/tools/math.add': { post: { ...op('MathAddInput'), tags: ['Tools'] } },
      '/tools/admin.wipe': { post: { ...op('AdminWipeInput'), tags: ['Tools'] } },
      '/resources/admin-notes': { get: { ...op(), tags: ['Resources'] } },
      '/resource-templates/admin-file': { get: { ...op('AdminFileParams'), tags: ['Resources'] } },
      '/prompts/admin.prompt': { post: { ...op('AdminPromptArguments'), tags: ['Prompts'] } },
      '/mcp/call': { post: { ...op(), tags: ['Legacy'], requestBody: { content: { 'application/json': { schema: { type: 'object' }, example: { kind: 'tool', name: 'admin.wipe', args: {} } } } } } },
    },
    components: {
      schemas: {
        MathAddInput: empty,
        AdminWipeInput: { type: 'object', properties: { reason: { $ref: '#/components/schemas/WipeReason' } } },
        WipeReason: { type: 'string' },
        AdminFileParams: empty,
        AdminPromptArguments: empty,
        ToolResult: empty,
      },
      securitySchemes: openapi.components.securitySchemes,
    },
  };
  const ADMIN_ONLY = ['admin.wipe', 'AdminWipeInput', 'WipeReason', 'admin-notes', 'admin-file', 'AdminFileParams', 'admin.prompt', 'AdminPromptArguments', '"Prompts"'];

  async function startRoles(env: Record<string, string>): Promise<string> {
    const server = createMcpServer(roleRegistry, { settings: loadSettings(env), logger: silentLogger() });
    const app = createApp(server, { openapi: document });
    cleanups.push(() => app.close());
    return (await app.listen(0, '127.0.0.1')).url.replace(/\/mcp$/, '');
  }

  const expectUserView = (text: string, who: string) => {
    for (const hidden of ADMIN_ONLY) expect(text, `${who} sees ${hidden}`).not.toContain(hidden);
    expect(text).toContain('/tools/math.add');
    expect(text).toContain('MathAddInput');
    expect(text).toContain('"ToolResult"');
    expect(text).toContain('/mcp/call');
  };

  it('hides admin elements, their schemas and examples from anonymous callers (default roles: user) in mode none', async () => {
    const base = await startRoles({});
    const res = await send(`${base}/docs.json`);
    expect(res.status).toBe(200);
    expectUserView(res.text, 'anonymous');
    expect(res.json().tags.map((t: { name: string }) => t.name)).toEqual(['Tools', 'Legacy']);
  });

  it('gives each key the view of its roles, protected or public', async () => {
    for (const extra of [{}, { MCP_DOCS_PUBLIC: 'true' }]) {
      const base = await startRoles({ MCP_AUTH_MODE: 'apikey', MCP_API_KEYS_MAP: 'admin-key:admin;user-key:user', ...extra });
      expectUserView((await send(`${base}/docs.json`, { headers: { 'X-API-Key': 'user-key' } })).text, 'user-key');
      const admin = await send(`${base}/docs.json`, { headers: { 'X-API-Key': 'admin-key' } });
      expect(admin.status).toBe(200);
      for (const shown of ADMIN_ONLY) expect(admin.text, `admin misses ${shown}`).toContain(shown);
      const anonymous = await send(`${base}/docs.json`);
      if (extra.MCP_DOCS_PUBLIC === undefined) expect(anonymous.status).toBe(401);
      else expectUserView(anonymous.text, 'anonymous on public docs');
    }
  });

  it('shows anonymous callers only unrestricted elements when MCP_DEFAULT_ROLES is empty', async () => {
    const base = await startRoles({ MCP_DEFAULT_ROLES: '' });
    const text = (await send(`${base}/docs.json`)).text;
    expect(text).not.toContain('/tools/math.add');
    expect(text).not.toContain('MathAddInput');
    expect(text).toContain('/mcp/call');
  });
});
