import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { runCli } from './run-cli.js';
import { SettingsError } from '../settings/load.js';
import { createLogger } from '../logger/index.js';
import { testServer } from '../../../test/transport/fixture.js';

function sink(): { stream: Writable; text: () => string } {
  let buf = '';
  return {
    stream: new Writable({
      write(chunk, _enc, cb) {
        buf += String(chunk);
        cb();
      },
    }),
    text: () => buf,
  };
}

function run(argv: string[], server = () => testServer({ env: { PORT: '0' } })) {
  const out = sink();
  const err = sink();
  let resolveExit!: (code: number) => void;
  const exited = new Promise<number>((r) => (resolveExit = r));
  const done = runCli(server, { argv, stdout: out.stream, stderr: err.stream, exit: resolveExit, signals: argv[0] === 'serve' });
  return { out, err, exited, done };
}

afterEach(() => {
  process.removeAllListeners('SIGTERM');
  process.removeAllListeners('SIGINT');
});

/** A provider module recording its lifecycle in globalThis (it is imported into this process). */
function providerModule(shutdownBody: string): { file: string; calls: () => string[]; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'mcp-gen-cli-provider-'));
  const file = path.join(dir, `provider-${Math.random().toString(36).slice(2)}.mjs`);
  const key = `__cliProvider_${path.basename(dir).replace(/\W/g, '_')}`;
  writeFileSync(
    file,
    `const calls = (globalThis[${JSON.stringify(key)}] ??= []);
export function register() { calls.push('register'); }
export function boot(app) { calls.push(typeof app === 'function' ? 'boot(express)' : 'boot'); }
export async function shutdown(app) { calls.push(app === undefined ? 'shutdown(no app)' : 'shutdown(express)'); ${shutdownBody} }
`,
  );
  return {
    file,
    calls: () => ((globalThis as Record<string, unknown>)[key] as string[] | undefined) ?? [],
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

describe('runCli', () => {
  it('list prints the registry as text', async () => {
    const r = run(['list']);
    expect(await r.exited).toBe(0);
    expect(r.out.text()).toContain('test-server 1.0.0');
    expect(r.out.text()).toMatch(/tools \(\d+\)/);
    expect(r.out.text()).toContain('admin.only [roles: admin]');
    expect(r.out.text()).toContain('users://{user_id}/profile (profile)');
  });

  it('list --json prints JSON', async () => {
    const r = run(['list', '--json']);
    expect(await r.exited).toBe(0);
    const body = JSON.parse(r.out.text()) as { tools: { name: string; roles?: string[] }[] };
    expect(body.tools.find((t) => t.name === 'admin.only')).toMatchObject({ roles: ['admin'] });
  });

  it('--help prints usage', async () => {
    const r = run(['--help']);
    expect(await r.exited).toBe(0);
    expect(r.out.text()).toContain('Usage:');
    expect(r.out.text()).toContain('list [--json]');
  });

  it('an unknown command exits 1 with one line', async () => {
    const r = run(['frobnicate']);
    expect(await r.exited).toBe(1);
    expect(r.err.text()).toBe('error: unknown command "frobnicate" (expected serve, stdio or list; see --help)\n');
  });

  it('a settings error prints one line and exits 1', async () => {
    const r = run(['serve'], () => {
      throw new SettingsError('MCP_RATE_LIMIT: expected <N>/<s|m|h|d>, got "lots"', 'MCP_RATE_LIMIT');
    });
    expect(await r.exited).toBe(1);
    expect(r.err.text()).toBe('error: MCP_RATE_LIMIT: expected <N>/<s|m|h|d>, got "lots"\n');
  });

  it('serve listens, prints the URL and shuts down on SIGTERM with exit 0', async () => {
    const r = run(['serve']);
    await r.done;
    const line = r.out.text();
    expect(line).toMatch(/^MCP server "test-server" listening on http:\/\/127\.0\.0\.1:\d+\/mcp\n$/);
    const url = line.trim().split(' ').at(-1)!;
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"jsonrpc":"2.0","id":1,"method":"mcp.list"}' });
    expect(res.status).toBe(200);
    process.emit('SIGTERM', 'SIGTERM');
    expect(await r.exited).toBe(0);
    await expect(fetch(url, { method: 'POST', body: '{}' })).rejects.toThrow();
  });

  it('calls providers\' shutdown() on SIGINT before closing, and exits 0 even when one fails', async () => {
    const p = providerModule("throw new Error('pool already closed');");
    try {
      const logs = sink();
      const logger = createLogger({ logFormat: 'json', logLevel: 'warn' }, { destination: logs.stream });
      const r = run(['serve'], () => testServer({ env: { PORT: '0', MCP_PROVIDERS: p.file }, logger }));
      await r.done;
      expect(p.calls()).toEqual(['register', 'boot(express)']);
      process.emit('SIGINT', 'SIGINT');
      expect(await r.exited).toBe(0);
      expect(p.calls()).toEqual(['register', 'boot(express)', 'shutdown(express)']);
      await expect.poll(() => logs.text(), { timeout: 2000 }).toContain('provider shutdown failed');
      expect(logs.text()).toContain('pool already closed');
    } finally {
      p.cleanup();
    }
  });
});
