import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { send } from '../../../test/security/http.js';
import { silentLogger } from '../logger/index.js';
import { mcpOpenApiDocument } from '../openapi/index.js';
import type { RegistryDefinition } from '../registry/types.js';
import { defineApp } from './define-app.js';

const registry: RegistryDefinition = {
  server: { name: 'defined', version: '1' },
  tools: [{ name: 'echo', inputSchema: { type: 'object' }, validateInput: () => true, handler: () => 'echoed' }],
  resources: [],
  resourceTemplates: [],
  prompts: [],
  completions: [],
};
const openapi = mcpOpenApiDocument({ info: { title: 'defined docs', version: '1' } });
const logger = silentLogger();

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

describe('defineApp', () => {
  it('createServer makes a new server over the registry on every call', async () => {
    const { createServer } = defineApp(registry, { openapi });
    const a = createServer({ logger });
    const b = createServer({ logger });
    closers.push(() => a.close(), () => b.close());
    expect(a).not.toBe(b);
    expect(a.listTools().map((t) => t.name)).toEqual(['echo']);
    expect(JSON.stringify(await a.callTool('echo', {}))).toContain('echoed');
  });

  it('createApp serves /mcp, the REST routes and the given OpenAPI document', async () => {
    const app = defineApp(registry, { openapi }).createApp({ server: { logger } });
    closers.push(() => app.close());
    const { url } = await app.listen(0, '127.0.0.1');
    const base = url.replace(/\/mcp$/, '');
    const docs = await send(`${base}/docs.json`);
    expect(docs.status).toBe(200);
    expect(docs.json().info.title).toBe('defined docs');
    const call = await send(`${base}/tools/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(call.status).toBe(200);
    expect(call.text).toContain('echoed');
  });

  it('createApp without a document answers /docs.json with an error, not a crash', async () => {
    const app = defineApp(registry).createApp({ server: { logger } });
    closers.push(() => app.close());
    const { url } = await app.listen(0, '127.0.0.1');
    const docs = await send(url.replace(/\/mcp$/, '/docs.json'));
    expect(docs.status).toBeGreaterThanOrEqual(400);
    expect(() => docs.json()).not.toThrow();
  });

  it('app options override the document', async () => {
    const other = mcpOpenApiDocument({ info: { title: 'other docs', version: '2' } });
    const app = defineApp(registry, { openapi }).createApp({ server: { logger }, app: { openapi: other } });
    closers.push(() => app.close());
    const { url } = await app.listen(0, '127.0.0.1');
    expect((await send(url.replace(/\/mcp$/, '/docs.json'))).json().info.title).toBe('other docs');
  });

  it('mcpRouter mounts the MCP and legacy routes at any prefix', async () => {
    const router = defineApp(registry, { openapi }).mcpRouter({ server: { logger } });
    const host = express();
    host.use('/api/mcp', router);
    const server = host.listen(0, '127.0.0.1');
    closers.push(() => new Promise((resolve) => server.close(() => resolve())));
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as { port: number };
    const call = await send(`http://127.0.0.1:${port}/api/mcp/call`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'tool', name: 'echo', args: {} }),
    });
    expect(call.status).toBe(200);
    expect(call.text).toContain('echoed');
    const off = defineApp(registry).mcpRouter({ server: { logger }, router: { legacyRoutes: false } });
    expect(off.stack.length).toBeLessThan(router.stack.length);
  });
});
