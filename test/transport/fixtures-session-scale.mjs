// Opens N sessions through the engine (as the HTTP transport does) and reports time and heap per session.
import { createMcpServer, loadSettings, silentLogger } from '../../runtime/dist/index.js';

const n = Number(process.argv[2] ?? 1000);
const registry = { server: { name: 's', version: '1' }, tools: [], resources: [], resourceTemplates: [], prompts: [], completions: [] };
const server = createMcpServer(registry, { settings: loadSettings({ MCP_LOG_LEVEL: 'silent' }), logger: silentLogger() });
const caller = { id: 'anonymous', roles: [], scheme: 'none' };
const init = (id) => ({ jsonrpc: '2.0', id, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: { sampling: {} }, clientInfo: { name: 'c', version: '1' } } });
const open = async (count) => {
  const ids = [];
  for (let i = 0; i < count; i++) {
    const ctx = { transport: 'http', caller, ip: '127.0.0.1', protocolVersion: '2025-03-26', session: undefined, outbound: undefined };
    await server.handleMessage(init(i), ctx);
    await server.handleMessage({ jsonrpc: '2.0', method: 'notifications/initialized' }, ctx);
    ids.push(ctx.session.id);
  }
  return ids;
};
await open(50); // warm up
globalThis.gc();
const before = process.memoryUsage().heapUsed;
const t0 = performance.now();
const ids = await open(n);
const ms = performance.now() - t0;
globalThis.gc();
const after = process.memoryUsage().heapUsed;
console.log(JSON.stringify({ ms, bytesPerSession: Math.round((after - before) / n), sessions: ids.length }));
await server.close();
