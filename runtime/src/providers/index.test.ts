import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from '../server/engine.js';
import { loadSettings } from '../settings/load.js';
import { silentLogger } from '../logger/index.js';
import type { RegistryDefinition } from '../registry/types.js';
import { bootProviders, loadProviders, ProviderError, registerProviders, shutdownProviders, splitSpecifier } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'mcp-providers-'));
writeFileSync(
  join(dir, 'clock.mjs'),
  `export class Provider {
    register(container, registry) {
      container.set('clock', { now: () => 1234 });
      registry.addTool({ name: 'time.now', inputSchema: { type: 'object' }, validateInput: () => true, handler: () => 'tick' });
    }
    boot(app, registry) { app.booted = (app.booted ?? 0) + 1; app.tools = registry.tools().map((t) => t.name); }
  }`,
);
writeFileSync(join(dir, 'plain.mjs'), `export function register(container) { container.set('plain', true); }`);
writeFileSync(join(dir, 'default.mjs'), `export default { boot(app) { app.defaultBooted = true; } }`);
writeFileSync(join(dir, 'empty.mjs'), `export const nothing = 1;`);
writeFileSync(join(dir, 'closing.mjs'), `export const order = []; export default { boot() {}, shutdown() { order.push('closing'); } }`);
writeFileSync(join(dir, 'hanging.mjs'), `export default { shutdown() { return new Promise(() => {}); } }`);
writeFileSync(join(dir, 'broken.mjs'), `export function register() { throw new Error('db unreachable'); }`);
mkdirSync(join(dir, 'node_modules', 'acme-provider'), { recursive: true });
writeFileSync(join(dir, 'node_modules', 'acme-provider', 'package.json'), JSON.stringify({ name: 'acme-provider', type: 'module', exports: './main.js' }));
writeFileSync(join(dir, 'node_modules', 'acme-provider', 'main.js'), `export const AcmeProvider = { register(c) { c.set('acme', 'ok'); } };`);

const registry: RegistryDefinition = { server: { name: 'p', version: '1' }, tools: [], resources: [], resourceTemplates: [], prompts: [], completions: [] };
const server = () => new Engine(registry, { settings: loadSettings({}), logger: silentLogger() });

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('providers', () => {
  it('splits module:Export specifiers', () => {
    expect(splitSpecifier('./a.js:Provider')).toEqual({ module: './a.js', exportName: 'Provider' });
    expect(splitSpecifier('my-pkg')).toEqual({ module: 'my-pkg', exportName: undefined });
    expect(splitSpecifier('file:///x/a.js')).toEqual({ module: 'file:///x/a.js', exportName: undefined });
    expect(splitSpecifier('node:fs')).toEqual({ module: 'node:fs', exportName: undefined });
    expect(splitSpecifier('C:\\x\\a.js')).toEqual({ module: 'C:\\x\\a.js', exportName: undefined });
  });

  it('registers then boots every provider; runtime tools appear in the live registry', async () => {
    const s = server();
    const list = await loadProviders(['./clock.mjs:Provider', './plain.mjs', './default.mjs', 'acme-provider:AcmeProvider'], { cwd: dir });
    expect(list.map((p) => p.specifier)).toEqual(['./clock.mjs:Provider', './plain.mjs', './default.mjs', 'acme-provider:AcmeProvider']);
    await registerProviders(list, s.services, s);
    expect(s.services.get<{ now(): number }>('clock').now()).toBe(1234);
    expect(s.services.get('plain')).toBe(true);
    expect(s.services.get('acme')).toBe('ok');
    expect(s.tools().map((t) => t.name)).toEqual(['time.now']);
    const app: Record<string, unknown> = {};
    await bootProviders(list, app, s);
    expect(app).toEqual({ booted: 1, tools: ['time.now'], defaultBooted: true });
    await s.close();
  });

  it('names the specifier in every failure', async () => {
    await expect(loadProviders(['./missing.mjs'], { cwd: dir })).rejects.toThrow(/^cannot load provider "\.\/missing\.mjs" \(MCP_PROVIDERS\): /);
    await expect(loadProviders(['./empty.mjs'], { cwd: dir })).rejects.toThrow('provider "./empty.mjs" (MCP_PROVIDERS) exports neither register(container, registry) nor boot(app, registry)');
    await expect(loadProviders(['./clock.mjs:Nope'], { cwd: dir })).rejects.toThrow('provider "./clock.mjs:Nope" (MCP_PROVIDERS): module has no export "Nope"');
    const s = server();
    const broken = await loadProviders(['./broken.mjs'], { cwd: dir });
    const err = await registerProviders(broken, s.services, s).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect((err as Error).message).toBe('provider "./broken.mjs" register() failed: db unreachable');
    await s.close();
  });

  it('shuts providers down in reverse order, bounded in time, never throwing', async () => {
    const s = server();
    const list = await loadProviders(['./closing.mjs', './hanging.mjs'], { cwd: dir });
    const failures = await shutdownProviders(list, {}, s, 100);
    expect(failures.map((f) => f.message)).toEqual(['provider "./hanging.mjs" shutdown() failed: did not finish within 100 ms']);
    const mod = (await import(join(dir, 'closing.mjs'))) as { order: string[] };
    expect(mod.order).toEqual(['closing']);
    await s.close();
  });
});
