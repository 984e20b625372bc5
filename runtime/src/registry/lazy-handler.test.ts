import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { silentLogger } from '../logger/index.js';
import { createMcpServer } from '../server/create-server.js';
import { loadSettings } from '../settings/load.js';
import { HandlerLoadError, lazyHandler, preloadHandlers, type HandlerModule } from './lazy-handler.js';
import type { RegistryDefinition, ToolHandler, Validator } from './types.js';

// Real handler modules on disk, imported the way registry.gen.ts imports them.
const dir = mkdtempSync(join(tmpdir(), 'mcp-gen-lazy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let counter = 0;
function moduleFile(source: string): string {
  const file = join(dir, `handler-${counter++}.mjs`);
  writeFileSync(file, source);
  return pathToFileURL(file).href;
}
const importer = <H extends (...args: never[]) => unknown>(href: string) => (): Promise<HandlerModule<H>> => import(href) as Promise<HandlerModule<H>>;

type Add = ToolHandler<{ a: number; b: number }, { sum: number }>;
const anything: Validator = () => true;

describe('lazyHandler', () => {
  test('imports the module on first call only, then calls its default export directly', async () => {
    const href = moduleFile('globalThis.__lazyLoads = (globalThis.__lazyLoads ?? 0) + 1;\nexport default (input) => ({ sum: input.a + input.b });\n');
    let loads = 0;
    const handler = lazyHandler<Add>(() => {
      loads++;
      return importer<Add>(href)();
    }, 'src/handlers/tools/add.ts');
    expect(loads).toBe(0);
    const first = handler({ a: 1, b: 2 }, {} as never);
    expect(first).toBeInstanceOf(Promise);
    expect(await first).toEqual({ sum: 3 });
    // Loaded: later calls are synchronous like the handler itself.
    expect(handler({ a: 2, b: 5 }, {} as never)).toEqual({ sum: 7 });
    expect(loads).toBe(1);
  });

  test('concurrent first calls share one import', async () => {
    const href = moduleFile('export default async (input) => ({ sum: input.a + input.b });\n');
    let loads = 0;
    const handler = lazyHandler<Add>(() => {
      loads++;
      return importer<Add>(href)();
    }, 'src/handlers/tools/add.ts');
    const results = await Promise.all([1, 2, 3].map((a) => handler({ a, b: 1 }, {} as never)));
    expect(results).toEqual([{ sum: 2 }, { sum: 3 }, { sum: 4 }]);
    expect(loads).toBe(1);
  });

  test('a missing module rejects with an error naming the handler file, and the next call tries again', async () => {
    const missing = pathToFileURL(join(dir, 'nope.mjs')).href;
    let href = missing;
    const handler = lazyHandler<Add>(() => import(href) as Promise<HandlerModule<Add>>, 'src/handlers/tools/add.ts');
    const error = await Promise.resolve(handler({ a: 1, b: 1 }, {} as never)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HandlerLoadError);
    expect((error as HandlerLoadError).message).toBe('handler src/handlers/tools/add.ts could not be loaded: the module (or one it imports) was not found; run npm run build');
    expect((error as HandlerLoadError).message).not.toContain(dir);
    expect((error as HandlerLoadError).file).toBe('src/handlers/tools/add.ts');
    href = moduleFile('export default (input) => ({ sum: input.a * 10 });\n');
    expect(await handler({ a: 2, b: 0 }, {} as never)).toEqual({ sum: 20 });
  });

  test('a module that throws while loading, or whose default export is not a function, is reported by file', async () => {
    const throwing = lazyHandler<Add>(importer<Add>(moduleFile('throw new Error("boom at load");\n')), 'src/handlers/tools/a.ts');
    await expect(throwing({ a: 1, b: 1 }, {} as never)).rejects.toThrow(/^handler src\/handlers\/tools\/a\.ts could not be loaded: import failed/);
    const noDefault = lazyHandler<Add>(importer<Add>(moduleFile('export const add = () => 1;\n')), 'src/handlers/tools/b.ts');
    await expect(noDefault({ a: 1, b: 1 }, {} as never)).rejects.toThrow('handler src/handlers/tools/b.ts could not be loaded: its default export is not a function (export default the handler)');
  });

  test('through a real server: tools/call of a handler that cannot load is an isError result naming the file', async () => {
    const ok = moduleFile('export default (input) => ({ sum: input.a + input.b });\n');
    const registry: RegistryDefinition = {
      server: { name: 'lazy', version: '1.0.0' },
      tools: [
        { name: 'add', inputSchema: { type: 'object' }, outputSchema: { type: 'object' }, validateInput: anything, validateOutput: anything, handler: lazyHandler<Add>(importer<Add>(ok), 'src/handlers/tools/add.ts') },
        {
          name: 'gone',
          inputSchema: { type: 'object' },
          validateInput: anything,
          handler: lazyHandler<Add>(importer<Add>(pathToFileURL(join(dir, 'gone.mjs')).href), 'src/handlers/tools/gone.ts'),
        },
      ],
      resources: [],
      resourceTemplates: [],
      prompts: [],
      completions: [],
    };
    const server = createMcpServer(registry, { settings: loadSettings({ MCP_LOG_LEVEL: 'silent' }), logger: silentLogger() });
    try {
      const added = await server.callTool('add', { a: 2, b: 3 });
      expect(added.isError).not.toBe(true);
      expect(added.structuredContent).toEqual({ sum: 5 });
      const gone = await server.callTool('gone', { a: 1, b: 1 });
      expect(gone.isError).toBe(true);
      expect(JSON.stringify(gone.content)).toContain('handler src/handlers/tools/gone.ts could not be loaded');
      expect(await preloadHandlers(registry)).toEqual([expect.objectContaining({ file: 'src/handlers/tools/gone.ts' })]);
    } finally {
      await server.close();
    }
  });

  test('preloadHandlers loads every lazy handler, skips plain ones, and resolves to the failures', async () => {
    let loads = 0;
    const counted = (href: string) => () => {
      loads++;
      return import(href) as Promise<HandlerModule<Add>>;
    };
    const registry: RegistryDefinition = {
      server: { name: 'lazy', version: '1.0.0' },
      tools: [
        { name: 'a', inputSchema: {}, validateInput: anything, handler: lazyHandler<Add>(counted(moduleFile('export default () => ({ sum: 1 });\n')), 'a.ts') },
        { name: 'b', inputSchema: {}, validateInput: anything, handler: () => ({ sum: 2 }) },
      ],
      resources: [],
      resourceTemplates: [],
      prompts: [],
      completions: [{ name: 'c', handler: lazyHandler(counted(moduleFile('export default () => ["x"];\n')) as never, 'c.ts') }],
    };
    expect(await preloadHandlers(registry)).toEqual([]);
    expect(loads).toBe(2);
    const bad: RegistryDefinition = { ...registry, tools: [{ name: 'x', inputSchema: {}, validateInput: anything, handler: lazyHandler<Add>(importer<Add>(moduleFile('export default 42;\n')), 'x.ts') }] };
    const failures = await preloadHandlers(bad);
    expect(failures.map((f) => f.message)).toEqual(['handler x.ts could not be loaded: its default export is not a function (export default the handler)']);
  });
});
