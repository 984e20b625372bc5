/**
 * The default roles (MCP_DEFAULT_ROLES = user) make flask-mcp-server 0.6.1's README examples work AS WRITTEN
 * (real curl, no credentials, auth mode none) against examples/quickstart, whose `math.add` has
 * `roles: [user, admin]`; and the defaults close what they should: no admin view for anonymous callers.
 */
import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSettings } from '@mcp-gen/runtime';
import { createApp, registry } from '../../examples/quickstart/src/generated/app.gen.js';

let base = '';
let close: () => Promise<void>;

function curl(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('curl', ['-s', '--max-time', '5', ...args], { timeout: 10_000 }, (err, stdout) => (err ? reject(new Error(`curl ${args.join(' ')}: ${err.message}`)) : resolve(stdout)));
  });
}

beforeAll(async () => {
  // Exactly what `node dist/main.js` reads with an empty environment (mcp.yaml settings only).
  const settings = loadSettings({ MCP_LOG_LEVEL: 'silent' }, registry.settings);
  expect(settings.authMode).toBe('none');
  expect(settings.defaultRoles).toEqual(['user']);
  const app = createApp({ server: { settings } });
  close = () => app.close();
  base = (await app.listen(0, '127.0.0.1')).url.replace(/\/mcp$/, '');
});

afterAll(async () => {
  await close?.();
});

describe('reference README examples with default settings', () => {
  it('batch: math.add (roles user, admin) and greet, without credentials', async () => {
    const out = await curl(['-X', 'POST', `${base}/mcp/batch`, '-H', 'Content-Type: application/json', '-d', '[\n{"kind":"tool","name":"math.add","args":{"a":1,"b":2}},\n{"kind":"prompt","name":"greet","args":{"name":"Bashar"}}\n]']);
    const items = JSON.parse(out) as Array<{ ok: boolean; result?: unknown; error?: unknown }>;
    expect(items.map((i) => i.ok), out).toEqual([true, true]);
    expect(JSON.stringify(items[0]!.result)).toContain('3');
    expect(JSON.stringify(items[1]!.result)).toContain('Bashar');
  });

  it('mcp.list shows math.add to an anonymous caller', async () => {
    const out = await curl(['-X', 'POST', `${base}/mcp`, '-H', 'Content-Type: application/json', '-H', 'MCP-Protocol-Version: 2025-06-18', '-d', '{"jsonrpc":"2.0","id":1,"method":"mcp.list"}']);
    expect(JSON.parse(out).result.tools.map((t: { name: string }) => t.name)).toContain('math.add');
  });

  it('metrics are on and count the calls; /docs.json lists math.add', async () => {
    await curl(['-X', 'POST', `${base}/mcp/call`, '-H', 'Content-Type: application/json', '-d', '{"kind":"tool","name":"math.add","args":{"a":2,"b":2}}']);
    const metrics = await curl([`${base}/metrics`]);
    expect(metrics).toMatch(/mcp_calls_total\{kind="tool",name="math.add",outcome="(ok|cached)"\} [1-9]/);
    expect(await curl([`${base}/docs.json`])).toContain('/tools/math.add');
  });
});
