/**
 * A provider named in MCP_PROVIDERS adds a tool at runtime: an official SDK client sees list_changed,
 * the tool in tools/list, and the provider's service through ctx.services.
 */
import { fileURLToPath } from 'node:url';
import { dirname } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { bootProviders, loadProviders, registerProviders } from '../../runtime/src/providers/index.js';
import { startApp } from './app.js';

const here = dirname(fileURLToPath(import.meta.url));

describe('providers at runtime', () => {
  it('a provider tool appears in lists and fires list_changed', async () => {
    const t = await startApp({ MCP_PROVIDERS: './fixtures/clock-provider.mjs:Provider' });
    const client = new Client({ name: 'sec', version: '1' });
    try {
      const providers = await loadProviders(t.server.settings.providers, { cwd: here });
      await registerProviders(providers, t.server.services, t.server);
      await client.connect(new StreamableHTTPClientTransport(new URL(t.url)));
      const changed = new Promise<void>((resolve) => client.setNotificationHandler(ToolListChangedNotificationSchema, () => resolve()));
      expect((await client.listTools()).tools.map((x) => x.name)).not.toContain('time.now');
      await bootProviders(providers, t.app.express, t.server);
      await Promise.race([changed, new Promise((_r, rej) => setTimeout(() => rej(new Error('no list_changed within 5 s')), 5000))]);
      expect((await client.listTools()).tools.map((x) => x.name)).toContain('time.now');
      const r = await client.callTool({ name: 'time.now', arguments: {} });
      expect(r.content).toEqual([{ type: 'text', text: '1700000000000' }]);
    } finally {
      await client.close();
      await t.close();
    }
  });
});
