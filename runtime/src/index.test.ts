/**
 * The public entry point: the security building blocks are exported, and a pipeline composed from
 * them (the reference's `middlewares=[...]`) works through a real app.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { send } from '../../test/security/http.js';
import * as runtime from './index.js';
import type { RegistryDefinition } from './registry/types.js';

const EXPORTED = [
  'apiKeyGuard', 'hmacGuard', 'oauthGuard', 'rateLimitGuard', 'elementRateLimit', 'corsGuard', 'originGuard', 'hostGuard',
  'bodySizeGuard', 'cacheMiddleware', 'timeoutMiddleware', 'concurrencyMiddleware', 'rolesMiddleware', 'canUse', 'filterVisible',
  'signRequest', 'wasCached', 'createMetrics', 'loggingObserver', 'readBodyLimited', 'assertJsonDepth', 'protectedResourceMetadata',
  'isPublicPath', 'describeSettings', 'shutdownProviders', 'ProviderError',
] as const;

const registry: RegistryDefinition = {
  server: { name: 'composed', version: '1' },
  tools: [{ name: 'echo', inputSchema: { type: 'object' }, validateInput: () => true, handler: () => 'echoed' }],
  resources: [],
  resourceTemplates: [],
  prompts: [],
  completions: [],
};

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

describe('@mcp-gen/runtime exports', () => {
  it('exports the guard factories and helpers as functions', () => {
    for (const name of EXPORTED) expect(typeof (runtime as Record<string, unknown>)[name], name).toBe('function');
  });

  it('composes a custom pipeline from the exported guards (apikey + rate limit) through a real app', async () => {
    const settings = runtime.loadSettings({ MCP_AUTH_MODE: 'apikey', MCP_API_KEYS: 'k1', MCP_RATE_LIMIT: '2/h', MCP_RATE_SCOPE: 'key' });
    const stores = runtime.createMemoryStores();
    const server = runtime.createMcpServer(registry, {
      settings,
      stores,
      logger: runtime.silentLogger(),
      defaultSecurity: false,
      guards: [runtime.apiKeyGuard(settings), runtime.rateLimitGuard(settings, stores.rateLimits)],
      callMiddleware: [runtime.rolesMiddleware()],
    });
    const app = runtime.createApp(server);
    closers.push(() => app.close());
    const { url } = await app.listen(0, '127.0.0.1');
    const list = (headers: Record<string, string>) => send(url.replace(/\/mcp$/, '/mcp/list'), { headers });
    expect((await list({})).status).toBe(401);
    expect((await list({ 'X-API-Key': 'k1' })).status).toBe(200);
    expect((await list({ 'X-API-Key': 'k1' })).status).toBe(200);
    expect((await list({ 'X-API-Key': 'k1' })).status).toBe(429);
    expect(runtime.describeSettings(settings)['apiKeys']).toBe('[1 keys]');
  });
});
