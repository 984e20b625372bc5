/**
 * flask-mcp-server 0.6.1's README curl examples, run AS WRITTEN (real curl) against the built
 * examples/quickstart server: `npm run build && npm run build -w examples/quickstart` first.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const main = fileURLToPath(new URL('../../examples/quickstart/dist/main.js', import.meta.url));
let proc: ChildProcess;
let base: string;

/** Run curl; resolves with stdout even when `--max-time` ends a stream (exit 28). */
function curl(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('curl', ['-s', ...args], { timeout: 10_000 }, (err, stdout) => {
      if (err !== null && (err as { code?: unknown }).code !== 28) reject(new Error(`curl ${args.join(' ')} failed: ${err.message}`));
      else resolve(stdout);
    });
  });
}

beforeAll(async () => {
  if (!existsSync(main)) throw new Error(`${main} is missing: run \`npm run build && npm run build -w examples/quickstart\` first`);
  proc = spawn(process.execPath, [main], { env: { ...process.env, PORT: '0', HOST: '127.0.0.1', NO_COLOR: '1', MCP_LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] });
  base = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`quickstart did not start within 10 s: ${out}`)), 10_000);
    proc.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (http:\/\/\S+)\/mcp/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    proc.once('exit', (code) => reject(new Error(`quickstart exited (${code}): ${out}`)));
  });
}, 15_000);

afterAll(() => {
  proc?.kill();
});

describe('reference README examples against examples/quickstart', () => {
  it('POST mcp.list without Accept and without a session', async () => {
    const out = await curl(['-X', 'POST', `${base}/mcp`, '-H', 'Content-Type: application/json', '-H', 'MCP-Protocol-Version: 2025-06-18', '-d', '{"jsonrpc":"2.0","id":1,"method":"mcp.list"}']);
    const body = JSON.parse(out);
    expect(body.id).toBe(1);
    expect(body.result.tools.map((t: { name: string }) => t.name)).toContain('sum');
  });

  it('mcp.call over SSE (Accept: text/event-stream, application/json)', async () => {
    const out = await curl(['-N', '-X', 'POST', `${base}/mcp`, '-H', 'Accept: text/event-stream, application/json', '-H', 'Content-Type: application/json', '-d', '{"jsonrpc":"2.0","id":"2","method":"mcp.call","params":{"kind":"tool","name":"sum","args":{"a":5,"b":7}}}']);
    expect(JSON.parse(out)).toMatchObject({ jsonrpc: '2.0', id: '2', result: { structuredContent: { result: 12 } } });
  });

  it('POST /mcp/batch answers item by item', async () => {
    const out = await curl(['-X', 'POST', `${base}/mcp/batch`, '-H', 'Content-Type: application/json', '-d', '[{"kind":"tool","name":"sum","args":{"a":1,"b":2}},{"kind":"prompt","name":"greet","args":{"name":"Bashar"}},{"kind":"tool","name":"nope"}]']);
    const items = JSON.parse(out);
    expect(items[0]).toMatchObject({ ok: true, result: { structuredContent: { result: 3 } } });
    expect(items[1].ok).toBe(true);
    expect(items[2]).toEqual({ ok: false, error: { code: 'invalid_params', message: 'Unknown tool: nope', rpcCode: -32602 } });
  });

  it('curl -N /mcp opens an SSE stream that greets with a hello event', async () => {
    const out = await curl(['-N', '--max-time', '1', `${base}/mcp`]);
    expect(out.startsWith('event: hello\ndata: {')).toBe(true);
    expect(out).not.toContain('session_required');
  });
});
