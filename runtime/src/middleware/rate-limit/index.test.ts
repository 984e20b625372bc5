import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveGuards, type GuardServer } from '../../../../test/security/guard-server.js';
import { send } from '../../../../test/security/http.js';
import { apiKeyGuard } from '../auth/apikey/index.js';
import { MemoryRateLimitStore } from '../../store/memory/rate-limit.js';
import { parseRateLimit } from '../../settings/parse.js';
import type { RateLimitStore } from '../../store/types.js';
import { HttpError, type CallInfo, type Observer } from '../types.js';
import { elementRateLimit, limitAuthFailures, rateLimitGuard } from './index.js';

const spec = parseRateLimit('3/m')!;
// A fixed clock 30 s into a window: a burst can never straddle a window edge.
const T = 1_800_000_030_000;
const now = () => T;

describe('rateLimitGuard over HTTP', () => {
  let byIp: GuardServer;
  let byKey: GuardServer;
  const rejected: string[] = [];
  const observer: Observer = { rateLimited: (s) => rejected.push(s) };
  beforeAll(async () => {
    byIp = await serveGuards([rateLimitGuard({ rateLimit: spec, rateScope: 'ip', rateLimitFailMode: 'closed' }, new MemoryRateLimitStore({ now }), { observers: [observer], now })]);
    const auth = apiKeyGuard({ apiKeys: ['a', 'b'], apiKeysMap: new Map(), defaultRoles: [] });
    byKey = await serveGuards([auth, rateLimitGuard({ rateLimit: spec, rateScope: 'key', rateLimitFailMode: 'closed' }, new MemoryRateLimitStore({ now }), { now })]);
  });
  afterAll(async () => {
    await byIp.close();
    await byKey.close();
  });

  it('answers 429 rate_limited with Retry-After and RateLimit headers after a burst', async () => {
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 5; i++) {
      last = await send(`${byIp.url}/mcp`);
      statuses.push(last.status);
      if (i === 0) {
        expect(last.headers['ratelimit-limit']).toBe('3');
        expect(last.headers['ratelimit-remaining']).toBe('2');
      }
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(last!.json().error.code).toBe('rate_limited');
    expect(last!.json().error.message).toBe('rate limit exceeded for this client: 3/m; retry in 30 s');
    expect(last!.headers['retry-after']).toBe('30');
    expect(last!.headers['ratelimit-reset']).toBe('30');
    expect(last!.headers['ratelimit-remaining']).toBe('0');
    expect(rejected).toEqual(['server', 'server']);
  });

  it('counts per key in key scope', async () => {
    const a = [];
    for (let i = 0; i < 4; i++) a.push((await send(`${byKey.url}/mcp`, { headers: { 'X-API-Key': 'a' } })).status);
    expect(a).toEqual([200, 200, 200, 429]);
    expect((await send(`${byKey.url}/mcp`, { headers: { 'X-API-Key': 'b' } })).status).toBe(200);
  });
});

describe('store failures', () => {
  const broken: RateLimitStore = { hit: () => Promise.reject(new Error('redis down')) };
  const gr = () => ({ req: { headers: {} }, res: { setHeader: () => undefined }, path: '/mcp', method: 'GET', ip: '1.2.3.4', requestId: '1' }) as never;
  it('fails closed with 503', async () => {
    const g = rateLimitGuard({ rateLimit: spec, rateScope: 'ip', rateLimitFailMode: 'closed' }, broken);
    await expect(g.check(gr())).rejects.toMatchObject({ status: 503, code: 'rate_limit_unavailable' });
  });
  it('fails open when configured', async () => {
    const g = rateLimitGuard({ rateLimit: spec, rateScope: 'ip', rateLimitFailMode: 'open' }, broken);
    await expect(g.check(gr())).resolves.toBeUndefined();
  });
});

describe('elementRateLimit', () => {
  const call = (caller: string, rateLimit?: string): CallInfo => ({
    method: 'tools/call',
    params: { name: 'slow' },
    caller: { id: caller, roles: [], scheme: 'apikey' },
    target: { kind: 'tool', name: 'slow', policy: rateLimit === undefined ? {} : { rateLimit } },
    transport: 'http',
    ip: '127.0.0.1',
    signal: new AbortController().signal,
  });
  it('limits one element per caller and names the limit', async () => {
    const mw = elementRateLimit({ rateScope: 'key', rateLimitFailMode: 'closed' }, new MemoryRateLimitStore({ now }), { now });
    const next = () => Promise.resolve('ok');
    expect(await mw(call('k1', '2/h'), next)).toBe('ok');
    expect(await mw(call('k1', '2/h'), next)).toBe('ok');
    const err = await mw(call('k1', '2/h'), next).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect((err as HttpError).code).toBe('rate_limited');
    expect((err as HttpError).message).toMatch(/^rate limit exceeded for tool "slow": 2\/h; retry in \d+ s$/);
    expect((err as HttpError).data).toMatchObject({ limit: '2/h', element: 'slow' });
    expect(await mw(call('k2', '2/h'), next)).toBe('ok');
    expect(await mw(call('k1'), next)).toBe('ok');
  });
});

describe('MemoryRateLimitStore', () => {
  it('resets at the window edge and bounds its keys', () => {
    let t = 60_000 * 10;
    const s = new MemoryRateLimitStore({ now: () => t, maxKeys: 100 });
    expect(s.hitSync('a', 60_000)).toEqual({ count: 1, resetAt: 60_000 * 11 });
    expect(s.hitSync('a', 60_000).count).toBe(2);
    t = 60_000 * 11;
    expect(s.hitSync('a', 60_000).count).toBe(1);
    for (let i = 0; i < 500; i++) s.hitSync(`k${i}`, 60_000);
    expect(s.size).toBeLessThanOrEqual(100);
  });
});

describe('limitAuthFailures', () => {
  it('brakes an ip after repeated failed authentications, without checking its credentials', async () => {
    const auth = apiKeyGuard({ apiKeys: ['good'], apiKeysMap: new Map(), defaultRoles: [] });
    const srv = await serveGuards([limitAuthFailures(auth, spec, new MemoryRateLimitStore({ now }), { now })]);
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await send(`${srv.url}/mcp`, { headers: { 'X-API-Key': `guess-${i}` } })).status);
      expect(statuses).toEqual([401, 401, 401, 401]);
      const blocked = await send(`${srv.url}/mcp`, { headers: { 'X-API-Key': 'good' } });
      expect(blocked.status).toBe(429);
      expect(blocked.json().error.message).toBe('rate limit exceeded for failed authentications from this client: 3/m; retry in 30 s');
      expect(blocked.headers['retry-after']).toBe('30');
    } finally {
      await srv.close();
    }
  });

  it('leaves successful callers and other ips alone', () => {
    const auth = apiKeyGuard({ apiKeys: ['good'], apiKeysMap: new Map(), defaultRoles: [] });
    const g = limitAuthFailures(auth, spec, new MemoryRateLimitStore({ now }), { now });
    const req = (ip: string, key: string) => ({ req: { headers: { 'x-api-key': key } }, res: {}, path: '/mcp', method: 'GET', ip, requestId: '1' }) as never;
    for (let i = 0; i < 10; i++) expect(() => g.check(req('10.0.0.1', 'good'))).not.toThrow();
    for (let i = 0; i < 4; i++) expect(() => g.check(req('10.0.0.2', 'bad'))).toThrow(HttpError);
    expect(() => g.check(req('10.0.0.2', 'good'))).toThrow(/failed authentications/);
    expect(() => g.check(req('10.0.0.3', 'good'))).not.toThrow();
  });
});
