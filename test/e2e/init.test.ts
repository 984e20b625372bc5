/**
 * The path a new user takes, for real: `mcp-gen init` in a folder outside the repository, `npm install`
 * (file: dependencies on this checkout), `mcp-gen build`, fill in a handler, `npm start`, then the official
 * MCP TypeScript SDK client calls the tool over Streamable HTTP and over stdio and gets the typed structured result.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cliBin, requireBuilt } from '../golden/support.js';

const parent = mkdtempSync(join(tmpdir(), 'mcp-gen-e2e-'));
const dir = join(parent, 'hello-mcp');
let server: ChildProcess | undefined;

function sh(cmd: string, args: string[], timeout = 180_000): string {
  const r = spawnSync(cmd, args, { cwd: dir, encoding: 'utf8', timeout, env: { ...process.env, NO_COLOR: '1' } });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

const HANDLER = `import type { Tools } from '../../generated/contracts.gen.js';

export default (async ({ a, b }) => ({ sum: a + b })) satisfies Tools['math.add'];
`;

beforeAll(() => {
  requireBuilt();
  const init = spawnSync(process.execPath, [cliBin, 'init', dir, '--yes'], { encoding: 'utf8', timeout: 60_000 });
  if (init.status !== 0) throw new Error(`init failed: ${init.stderr}`);
  sh('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error']);
  sh(join(dir, 'node_modules', '.bin', 'mcp-gen'), ['build']);
  writeFileSync(join(dir, 'src', 'handlers', 'tools', 'math.add.ts'), HANDLER);
}, 300_000);

afterAll(async () => {
  if (server?.pid !== undefined && server.exitCode === null) {
    // npm start runs node in a child: stop the whole group we started.
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {
      // already gone
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  rmSync(parent, { recursive: true, force: true });
});

describe('init -> install -> build -> serve', () => {
  test('npm start builds and serves; the SDK client calls the tool over Streamable HTTP', async () => {
    server = spawn('npm', ['start'], { cwd: dir, env: { ...process.env, PORT: '0', HOST: '127.0.0.1', NO_COLOR: '1' }, detached: true });
    let out = '';
    server.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    server.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    const url = await new Promise<string>((resolveUrl, reject) => {
      const deadline = setTimeout(() => reject(new Error(`no URL printed within 120 s:\n${out}`)), 120_000);
      const poll = setInterval(() => {
        const m = /(http:\/\/127\.0\.0\.1:\d+\/mcp)\b/.exec(out);
        if (m?.[1]) {
          clearTimeout(deadline);
          clearInterval(poll);
          resolveUrl(m[1]);
        } else if (server?.exitCode !== null) {
          clearTimeout(deadline);
          clearInterval(poll);
          reject(new Error(`npm start exited:\n${out}`));
        }
      }, 50);
    });

    const client = new Client({ name: 'e2e', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(url)));
    try {
      const tools = await client.listTools();
      const add = tools.tools.find((t) => t.name === 'math.add');
      expect(add?.inputSchema).toMatchObject({ type: 'object', required: ['a', 'b'] });
      expect(add?.outputSchema).toMatchObject({ type: 'object', required: ['sum'] });
      const result = await client.callTool({ name: 'math.add', arguments: { a: 2, b: 3 } });
      expect(result.isError ?? false).toBe(false);
      expect(result.structuredContent).toEqual({ sum: 5 });
      const invalid = await client.callTool({ name: 'math.add', arguments: { a: 'two', b: 3 } });
      expect(invalid.isError).toBe(true);
    } finally {
      await client.close();
    }
  }, 180_000);

  test('the SDK client calls the tool over stdio (node dist/main.js stdio)', async () => {
    const client = new Client({ name: 'e2e-stdio', version: '1.0.0' });
    const transport = new StdioClientTransport({ command: process.execPath, args: [join(dir, 'dist', 'main.js'), 'stdio'], cwd: dir, stderr: 'pipe' });
    await client.connect(transport);
    try {
      const result = await client.callTool({ name: 'math.add', arguments: { a: 40, b: 2 } });
      expect(result.structuredContent).toEqual({ sum: 42 });
      const prompt = await client.getPrompt({ name: 'greet', arguments: { name: 'Ada' } }).catch((e: Error) => e);
      // the greet stub is not implemented yet: a clear error naming the file, not a crash
      expect(String(prompt instanceof Error ? prompt.message : '')).toContain('src/handlers/prompts/greet.ts');
    } finally {
      await client.close();
    }
  }, 60_000);

  test('the made project is what init promised', () => {
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(pkg.dependencies['@mcp-gen/runtime']).toMatch(/^file:\//);
    expect(sh(process.execPath, [join(dir, 'node_modules', '.bin', 'mcp-gen'), 'build', '--check'])).toContain('up to date');
  });
});
