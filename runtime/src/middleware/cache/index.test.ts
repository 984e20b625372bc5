import { describe, expect, it } from 'vitest';
import { MemoryCacheStore } from '../../store/memory/cache.js';
import type { CallInfo } from '../types.js';
import { cacheMiddleware, canonicalJson, wasCached } from './index.js';

const info = (args: unknown, roles: string[], ttl: number | null = 30, name = 'math.add'): CallInfo => ({
  method: 'tools/call',
  params: { name, arguments: args },
  caller: { id: 'c', roles, scheme: 'apikey' },
  target: { kind: 'tool', name, policy: ttl === null ? {} : { ttl } },
  transport: 'http',
  ip: undefined,
  signal: new AbortController().signal,
});

describe('cacheMiddleware', () => {
  it('serves repeat calls from the cache, keyed by canonical args and sorted roles', async () => {
    const mw = cacheMiddleware(new MemoryCacheStore());
    let runs = 0;
    const next = () => Promise.resolve({ content: [{ type: 'text', text: String(++runs) }] });
    const first = await mw(info({ a: 1, b: 2 }, ['user', 'admin']), next);
    const again = await mw(info({ b: 2, a: 1 }, ['admin', 'user']), next);
    expect(again).toEqual(first);
    expect(runs).toBe(1);
    expect(wasCached(first)).toBe(false);
    expect(wasCached(again)).toBe(true);
    await mw(info({ a: 1, b: 2 }, ['user']), next); // other role set: other entry
    await mw(info({ a: 1, b: 3 }, ['user', 'admin']), next); // other args
    await mw(info({ a: 1, b: 2 }, ['user', 'admin'], 30, 'math.sub'), next); // other element
    expect(runs).toBe(4);
  });

  it('does not cache errors, failures or elements without ttl', async () => {
    const mw = cacheMiddleware(new MemoryCacheStore());
    let runs = 0;
    const errorResult = () => Promise.resolve({ isError: true, content: [{ type: 'text', text: String(++runs) }] });
    await mw(info({}, []), errorResult);
    await mw(info({}, []), errorResult);
    expect(runs).toBe(2);
    let fails = 0;
    const failing = () => Promise.reject(new Error(`boom ${++fails}`));
    await expect(mw(info({ x: 1 }, []), failing)).rejects.toThrow('boom 1');
    await expect(mw(info({ x: 1 }, []), failing)).rejects.toThrow('boom 2');
    let plain = 0;
    const ok = () => Promise.resolve({ n: ++plain });
    await mw(info({}, [], null), ok);
    await mw(info({}, [], null), ok);
    expect(plain).toBe(2);
  });

  it('expires entries after ttl', async () => {
    let t = 0;
    const mw = cacheMiddleware(new MemoryCacheStore({ now: () => t }));
    let runs = 0;
    const next = () => Promise.resolve({ n: ++runs });
    await mw(info({}, [], 1), next);
    t = 999;
    await mw(info({}, [], 1), next);
    expect(runs).toBe(1);
    t = 1000;
    await mw(info({}, [], 1), next);
    expect(runs).toBe(2);
  });

  it('keeps the store bounded (LRU)', async () => {
    const store = new MemoryCacheStore({ maxEntries: 3 });
    await store.set('a', '1', 1000);
    await store.set('b', '2', 1000);
    await store.set('c', '3', 1000);
    await store.get('a'); // a is now most recent
    await store.set('d', '4', 1000);
    expect(await store.get('b')).toBeUndefined();
    expect(await store.get('a')).toBe('1');
    expect(store.size).toBe(3);
  });

  it('canonicalizes JSON', () => {
    expect(canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }], u: undefined })).toBe('{"a":[2,{"c":4,"d":3}],"b":1}');
    expect(canonicalJson(null)).toBe('null');
    expect(canonicalJson('x')).toBe('"x"');
  });
});
