import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../logger/index.js';
import { createMcpServer, engineOf } from '../../server/create-server.js';
import type { McpServer } from '../../server/types.js';
import { loadSettings, SettingsError } from '../../settings/load.js';
import { createMemoryStores } from '../../store/memory/index.js';
import { MemoryTaskStore } from '../../store/memory/tasks.js';
import type { Stores } from '../../store/types.js';
import { configureStateless } from './configure.js';
import { stateCodecOf } from './options.js';
import { argumentsHash, type StatePayload } from './request-state.js';

const registry = { server: { name: 'opts', version: '1.0.0' }, tools: [], resources: [], resourceTemplates: [], prompts: [], completions: [] };
const servers: McpServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function server(env: Record<string, string> = {}, stores?: Stores): McpServer {
  const s = createMcpServer(registry, { settings: loadSettings({ MCP_LOG_LEVEL: 'silent', ...env }), logger: silentLogger(), ...(stores ? { stores } : {}) });
  servers.push(s);
  return s;
}

const payload = (): StatePayload => ({ m: 'tools/call', n: 'ask', h: argumentsHash({}), a: { k: { action: 'accept' } }, p: ['k'], x: Date.now() + 60_000 });

/** Does a state sealed by `a` open on `b`? */
async function interoperate(a: McpServer, b: McpServer): Promise<boolean> {
  const sealed = (await stateCodecOf(engineOf(a))).seal(payload());
  try {
    (await stateCodecOf(engineOf(b))).open(sealed);
    return true;
  } catch {
    return false;
  }
}

describe('the requestState secret', () => {
  it('MCP_STATE_SECRET is read from the environment only, and masked', () => {
    expect(loadSettings({ MCP_STATE_SECRET: 's3cret' }).stateSecret).toBe('s3cret');
    expect(loadSettings({}).stateSecret).toBeUndefined();
    expect(() => loadSettings({}, { stateSecret: 'in-yaml' } as never)).toThrow(SettingsError);
    expect(() => loadSettings({}, { stateSecret: 'in-yaml' } as never)).toThrow(/MCP_STATE_SECRET in the environment/);
  });

  it('instances with the same MCP_STATE_SECRET accept each other\'s states; different secrets do not', async () => {
    expect(await interoperate(server({ MCP_STATE_SECRET: 'one' }), server({ MCP_STATE_SECRET: 'one' }))).toBe(true);
    expect(await interoperate(server({ MCP_STATE_SECRET: 'one' }), server({ MCP_STATE_SECRET: 'two' }))).toBe(false);
  });

  it('without a secret, separate in-memory instances each use their own random one', async () => {
    const a = server();
    expect(await interoperate(a, a)).toBe(true);
    expect(await interoperate(a, server())).toBe(false);
  });

  it('without a secret, instances sharing a task store agree on one (what Redis gives)', async () => {
    const shared = new MemoryTaskStore();
    const a = server({}, { ...createMemoryStores(), tasks: shared });
    const b = server({}, { ...createMemoryStores(), tasks: shared });
    expect(await interoperate(a, b)).toBe(true);
    expect(await interoperate(b, a)).toBe(true);
  });

  it('configureStateless({ stateSecret }) wins over the setting', async () => {
    const a = server({ MCP_STATE_SECRET: 'env' });
    configureStateless(a, { stateSecret: 'code' });
    const b = server({ MCP_STATE_SECRET: 'code' });
    expect(await interoperate(a, b)).toBe(true);
  });
});
