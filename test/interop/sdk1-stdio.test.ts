/**
 * Interop with the official SDK 1.x client over stdio (the server is a child process run by runCli).
 * Needs the built runtime (`npm run build`).
 */
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { sdk1StdioClients } from './sdk1-stdio-client.js';
import { CreateMessageRequestSchema, LoggingMessageNotificationSchema } from '@modelcontextprotocol/sdk/types.js';

const script = fileURLToPath(new URL('./fixtures/stdio-server.mjs', import.meta.url));
const connect = sdk1StdioClients(script, 'sdk1-stdio');

describe('SDK 1.x client over stdio', () => {
  it('initializes, lists and calls tools', async () => {
    const c = await connect();
    expect(c.getServerVersion()).toMatchObject({ name: 'stdio-test' });
    expect((await c.listTools()).tools.map((t) => t.name)).toEqual(['math.add', 'count', 'ask.model']);
    const r = await c.callTool({ name: 'math.add', arguments: { a: 2, b: 3 } });
    expect(r.content).toEqual([{ type: 'text', text: '5' }]);
    const bad = await c.callTool({ name: 'math.add', arguments: { a: 2.5, b: 3 } });
    expect(bad.isError).toBe(true);
    expect((await c.readResource({ uri: 'config://app' })).contents[0]).toMatchObject({ text: 'cfg' });
  });

  it('streams progress and logs, and samples through the client', async () => {
    const c = await connect({ sampling: {} });
    const logs: unknown[] = [];
    c.setNotificationHandler(LoggingMessageNotificationSchema, (n) => {
      logs.push(n.params.data);
    });
    c.setRequestHandler(CreateMessageRequestSchema, async () => ({ role: 'assistant', model: 'm', content: { type: 'text', text: 'pong' } }));
    const progress: number[] = [];
    await c.callTool({ name: 'count', arguments: { n: 2 } }, undefined, { onprogress: (p) => progress.push(p.progress) });
    expect(progress).toEqual([1, 2]);
    expect(logs).toEqual(['step 1', 'step 2']);
    const s = await c.callTool({ name: 'ask.model', arguments: {} });
    expect(s.content).toEqual([{ type: 'text', text: 'model: pong' }]);
  });
});

describe('stdio framing', () => {
  it('writes only JSON-RPC lines on stdout (logs go to stderr), answers parse errors and batches', async () => {
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, [script, 'stdio'], { env: { ...process.env, MCP_LOG_LEVEL: 'debug' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += String(c)));
    child.stderr.on('data', (c: Buffer) => (err += String(c)));
    const lines = [
      '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-03-26","capabilities":{},"clientInfo":{"name":"raw","version":"0"}}}',
      'this is not json',
      '[{"jsonrpc":"2.0","id":2,"method":"ping"},{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"math.add","arguments":{"a":1,"b":2}}}]',
      '{"jsonrpc":"2.0","id":4,"method":"nope"}',
    ];
    child.stdin.write(lines[0] + '\n');
    await new Promise((r) => setTimeout(r, 100));
    child.stdin.end(lines.slice(1).join('\n') + '\n');
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(0);
    const msgs = out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(msgs.find((m) => m['id'] === 1)).toMatchObject({ id: 1, result: { protocolVersion: '2025-03-26' } });
    expect(msgs).toContainEqual({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error: the line is not valid JSON' } });
    expect(msgs).toContainEqual([
      { jsonrpc: '2.0', id: 2, result: {} },
      { jsonrpc: '2.0', id: 3, result: { content: [{ type: 'text', text: '3' }] } },
    ]);
    expect(msgs).toContainEqual({ jsonrpc: '2.0', id: 4, error: { code: -32601, message: 'Method not found: nope' } });
    expect(msgs).toHaveLength(4);
    expect(err).toContain('"level":'); // the server log is on stderr
  });
});
