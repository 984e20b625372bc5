import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../logger/index.js';
import type { RegistryDefinition } from '../../registry/types.js';
import { createMcpServer } from '../../server/create-server.js';
import { loadSettings } from '../../settings/load.js';
import { serveStdio, type StdioConnection } from './index.js';

const registry: RegistryDefinition = { server: { name: 'stdio-limits', version: '1' }, tools: [], resources: [], resourceTemplates: [], prompts: [], completions: [] };
const open: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of open.splice(0)) await c();
});

function start(env: Record<string, string>) {
  const server = createMcpServer(registry, { settings: loadSettings(env), logger: silentLogger() });
  const input = new PassThrough();
  const output = new PassThrough();
  const lines: unknown[] = [];
  let buf = '';
  output.on('data', (c: Buffer) => {
    buf += c.toString('utf8');
    for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
      lines.push(JSON.parse(buf.slice(0, i)));
      buf = buf.slice(i + 1);
    }
  });
  const conn: StdioConnection = serveStdio(server, { input, output });
  open.push(async () => {
    conn.close();
    await server.close();
  });
  const next = async (): Promise<any> => {
    const deadline = Date.now() + 3000;
    while (lines.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    if (lines.length === 0) throw new Error('no stdio reply within 3 s');
    return lines.shift();
  };
  return { input, next };
}

describe('stdio limits', () => {
  it('answers an oversize line (MCP_MAX_BODY_BYTES) with a JSON-RPC error and keeps serving', async () => {
    const { input, next } = start({ MCP_MAX_BODY_BYTES: '1024' });
    input.write(`{"jsonrpc":"2.0","id":1,"method":"ping","params":{"pad":"${'x'.repeat(4096)}"}}\n`);
    expect(await next()).toEqual({
      jsonrpc: '2.0',
      id: null,
      error: { code: -32600, message: 'Invalid Request: message exceeds 1024 bytes (MCP_MAX_BODY_BYTES)', data: { error: 'payload_too_large', maxBytes: 1024 } },
    });
    input.write('{"jsonrpc":"2.0","id":2,"method":"ping"}\n');
    expect(await next()).toEqual({ jsonrpc: '2.0', id: 2, result: {} });
  });

  it('refuses JSON nested deeper than MCP_MAX_JSON_DEPTH before parsing it', async () => {
    const { input, next } = start({ MCP_MAX_JSON_DEPTH: '8' });
    input.write(`{"jsonrpc":"2.0","id":1,"method":"ping","params":{"a":${'['.repeat(20)}${']'.repeat(20)}}}\n`);
    const reply = await next();
    expect(reply.error).toMatchObject({ code: -32600, data: { error: 'json_too_deep', maxDepth: 8 } });
    // Brackets inside strings do not count.
    input.write(`{"jsonrpc":"2.0","id":2,"method":"ping","params":{"_meta":{"note":"${'['.repeat(50)}"}}}\n`);
    expect(await next()).toEqual({ jsonrpc: '2.0', id: 2, result: {} });
  });
});
