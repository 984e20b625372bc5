/**
 * The guards and middleware with stores that only answer asynchronously (as Redis does): same verdicts as the
 * synchronous fast paths.
 */
import { describe, expect, it } from 'vitest';
import { MemoryCacheStore } from '../store/memory/cache.js';
import { MemoryNonceStore } from '../store/memory/nonce.js';
import { MemoryRateLimitStore } from '../store/memory/rate-limit.js';
import type { CacheStore, NonceStore, RateLimitStore } from '../store/types.js';
import { parseRateLimit } from '../settings/parse.js';
import { hmacGuard, signRequest } from './auth/hmac/index.js';
import { cacheMiddleware } from './cache/index.js';
import { rateLimitGuard } from './rate-limit/index.js';
import { HttpError, type CallInfo, type GuardRequest } from './types.js';

const T = 1_800_000_030_000;
const now = () => T;
const tick = () => new Promise((r) => setTimeout(r, 1));

const asyncRate = (inner: MemoryRateLimitStore): RateLimitStore => ({ hit: (k, w) => tick().then(() => inner.hitSync(k, w)) });
const asyncNonces = (inner: MemoryNonceStore): NonceStore => ({ remember: (n, t) => tick().then(() => inner.rememberSync(n, t)) });
const asyncCache = (inner: MemoryCacheStore): CacheStore => ({ get: (k) => tick().then(() => inner.getSync(k)), set: (k, v, t) => tick().then(() => inner.setSync(k, v, t)) });

const gr = (headers: Record<string, string> = {}, rawBody?: Buffer): GuardRequest => {
  const set: Record<string, string> = {};
  return { req: { headers }, res: { setHeader: (k: string, v: string) => (set[k] = v) }, path: '/mcp', method: 'POST', ip: '10.1.1.1', requestId: '1', ...(rawBody ? { rawBody } : {}) } as unknown as GuardRequest;
};

describe('async stores', () => {
  it('rate limit guard counts and refuses through a promise', async () => {
    const g = rateLimitGuard({ rateLimit: parseRateLimit('2/m')!, rateScope: 'ip', rateLimitFailMode: 'closed' }, asyncRate(new MemoryRateLimitStore({ now })), { now });
    const first = g.check(gr());
    expect(first).toBeInstanceOf(Promise);
    await first;
    await g.check(gr());
    await expect(g.check(gr())).rejects.toMatchObject({ status: 429, code: 'rate_limited' });
  });

  it('hmac guard refuses a replay through a promise', async () => {
    const g = hmacGuard({ hmacSecret: 's', hmacWindowSec: 60, defaultRoles: [] }, asyncNonces(new MemoryNonceStore()), { now });
    const body = Buffer.from('{}');
    const ts = Math.floor(T / 1000);
    const headers = { 'x-timestamp': String(ts), 'x-signature': signRequest('s', body, ts) };
    const r = gr(headers, body);
    await g.check(r);
    expect(r.caller?.id).toBe('hmac');
    await expect(g.check(gr(headers, body))).rejects.toThrow(/replay/);
  });

  it('cache middleware hits through a promise', async () => {
    const mw = cacheMiddleware(asyncCache(new MemoryCacheStore()));
    const info: CallInfo = { method: 'tools/call', params: { name: 't', arguments: { a: 1 } }, caller: { id: 'c', roles: [], scheme: 'none' }, target: { kind: 'tool', name: 't', policy: { ttl: 5 } }, transport: 'http', ip: undefined, signal: new AbortController().signal };
    let runs = 0;
    const next = () => Promise.resolve({ n: ++runs });
    await mw(info, next);
    expect(await mw(info, next)).toEqual({ n: 1 });
    expect(runs).toBe(1);
  });

  it('a failing nonce store answers 503, never lets a request through', async () => {
    const g = hmacGuard({ hmacSecret: 's', hmacWindowSec: 60, defaultRoles: [] }, { remember: () => Promise.reject(new Error('down')) }, { now });
    const ts = Math.floor(T / 1000);
    const err = await Promise.resolve(g.check(gr({ 'x-timestamp': String(ts), 'x-signature': signRequest('s', '', ts) }))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect((err as HttpError).status).toBe(503);
  });
});
