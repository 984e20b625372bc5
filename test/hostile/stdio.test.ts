/**
 * Hostile input on the stdio transport: every line out is one JSON-RPC message, the transport keeps
 * serving, and nothing but JSON-RPC reaches stdout. Ends with `hostile battery (stdio): N cases, N passed`.
 */
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMcpServer } from '../../runtime/src/server/create-server.js';
import type { McpServer } from '../../runtime/src/server/types.js';
import { silentLogger } from '../../runtime/src/logger/index.js';
import { loadSettings } from '../../runtime/src/settings/load.js';
import { serveStdio, type StdioConnection } from '../../runtime/src/transport/stdio/index.js';
import { testRegistry } from '../security/app.js';
import { prototypePolluted } from './checks.js';

const tally = { total: 0, passed: 0 };
let server: McpServer;
let conn: StdioConnection;
const input = new PassThrough();
const output = new PassThrough();
let buffer = '';
const lines: string[] = [];
output.on('data', (c: Buffer) => {
  buffer += c.toString('utf8');
  let i: number;
  while ((i = buffer.indexOf('\n')) >= 0) {
    lines.push(buffer.slice(0, i));
    buffer = buffer.slice(i + 1);
  }
});

async function waitForLines(n: number, timeoutMs = 3000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  while (lines.length < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  return lines.splice(0, lines.length);
}

let pingId = 1000;
async function stillServing(): Promise<void> {
  const id = pingId++;
  input.write(`{"jsonrpc":"2.0","id":${id},"method":"ping"}\n`);
  const out = await waitForLines(1);
  expect(out.map((l) => JSON.parse(l))).toContainEqual({ jsonrpc: '2.0', id, result: {} });
}

beforeAll(async () => {
  server = createMcpServer(testRegistry({ cachedRuns: 0, slowAborted: 0 }), { settings: loadSettings({ MCP_MAX_BODY_BYTES: '65536' }), logger: silentLogger() });
  conn = serveStdio(server, { input, output });
  input.write(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"h","version":"1"}}}\n`);
  await waitForLines(1);
  input.write('{"jsonrpc":"2.0","method":"notifications/initialized"}\n');
});

afterAll(async () => {
  conn.close();
  await server.close();
  console.log(`hostile battery (stdio): ${tally.total} cases, ${tally.passed} passed`);
});

const cases: Array<[string, string | Buffer, number]> = [
  ['truncated JSON', '{"jsonrpc":"2.0","id":1,"method":', 1],
  ['not JSON', 'hello there', 1],
  ['JSON scalar', '42', 1],
  ['empty batch', '[]', 1],
  ['unknown method', '{"jsonrpc":"2.0","id":2,"method":"evil/method"}', 1],
  ['wrong params type', '{"jsonrpc":"2.0","id":3,"method":"tools/call","params":[1,2]}', 1],
  ['proto pollution', '{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"echo","arguments":{"text":"x","__proto__":{"polluted":true}}}}', 1],
  ['constructor pollution', '{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"echo","arguments":{"text":"x","constructor":{"prototype":{"polluted":true}}}}}', 1],
  ['invalid UTF-8', Buffer.concat([Buffer.from('{"jsonrpc":"2.0","id":6,"method":"tools/call","params":{"name":"echo","arguments":{"text":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}}}')]), 1],
  ['line over the limit', '{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"echo","arguments":{"text":"' + 'x'.repeat(70_000) + '"}}}', 1],
  ['deep nesting', '['.repeat(5000) + ']'.repeat(5000), 1],
  // readline also splits on a bare CR: two fragments, two parse errors (each answered, nothing else written)
  ['CR inside a line', '{"jsonrpc":"2.0","id":8,\r"method":"ping"}', 2],
  ['id with newline escapes', '{"jsonrpc":"2.0","id":"a\\nb\\r\\n{}","method":"ping"}', 1],
  ['hidden tool', '{"jsonrpc":"2.0","id":9,"method":"tools/call","params":{"name":"admin.secret","arguments":{}}}', 1],
  ['crashing tool', '{"jsonrpc":"2.0","id":10,"method":"tools/call","params":{"name":"crash","arguments":{}}}', 1],
  ['response to nothing', '{"jsonrpc":"2.0","id":"nope","result":{}}', 0],
  ['NUL bytes', '\u0000\u0000\u0000', 1],
];

describe('stdio', () => {
  for (const [name, line, expected] of cases) {
    it(`stdio: ${name}`, async () => {
      tally.total++;
      input.write(Buffer.concat([Buffer.isBuffer(line) ? line : Buffer.from(line), Buffer.from('\n')]));
      const out = expected === 0 ? (await new Promise((r) => setTimeout(r, 100)), lines.splice(0)) : await waitForLines(expected);
      expect(out.length).toBe(expected);
      for (const l of out) {
        const parsed = JSON.parse(l);
        // an array is a 2025-03-26 batch reply: every item must be a response
        for (const m of Array.isArray(parsed) ? parsed : [parsed]) {
          expect(m.jsonrpc).toBe('2.0');
          expect('result' in m || 'error' in m).toBe(true);
        }
        expect(l).not.toMatch(/\n\s+at |node:internal|\/work\/|\.ts:\d+/);
        expect(l).not.toContain('the admin secret');
      }
      expect(prototypePolluted()).toBe(false);
      await stillServing();
      tally.passed++;
    });
  }
});
