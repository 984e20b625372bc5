import { afterEach, describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { runCli } from './run-cli.js';
import { SettingsError } from '../settings/load.js';
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
});

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
});
