import { describe, expect, it } from 'vitest';
import { MemoryRateLimitStore } from '../../store/memory/rate-limit.js';
import { parseRateLimit } from '../../settings/parse.js';
import type { RateLimitStore } from '../../store/types.js';
import { HttpError } from '../types.js';
import { rateLimitGuard } from './index.js';

const T = 1_000_000_020_000;
const settings = { rateLimit: parseRateLimit('5/m')!, rateScope: 'ip' as const, rateLimitFailMode: 'closed' as const };
const gr = () => {
  const headers: Record<string, string> = {};
  return { r: { req: { headers: {} }, res: { setHeader: (n: string, v: string) => (headers[n] = v) }, path: '/mcp', method: 'POST', ip: '1.2.3.4', requestId: '1' } as never, headers };
};

/** The memory store without its sync fast path: what the Redis store looks like to the charger. */
function asyncOnly(inner: MemoryRateLimitStore): RateLimitStore {
  return { hit: (k: string, w: number) => inner.hit(k, w), close: async () => undefined } as unknown as RateLimitStore;
}

describe('rateLimitGuard.chargeBatch', () => {
  for (const [label, make] of [
    ['sync store', (m: MemoryRateLimitStore) => m],
    ['async store', (m: MemoryRateLimitStore) => asyncOnly(m)],
  ] as const) {
    it(`charges N-1 more for a batch of N, on the main guard's counter (${label})`, async () => {
      const mem = new MemoryRateLimitStore();
      const store = make(mem);
      const main = rateLimitGuard(settings, store, { now: () => T });
      const charge = rateLimitGuard(settings, store, { now: () => T }).chargeBatch!;
      const a = gr();
      await main.check(a.r);
      await charge(a.r, 3); // 1 + 2 = 3 of 5
      expect(a.headers['RateLimit-Remaining']).toBe('2');
      const b = gr();
      await main.check(b.r); // 4
      let err: unknown;
      try {
        await charge(b.r, 3); // 6 > 5
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(HttpError);
      expect((err as HttpError).status).toBe(429);
      expect((err as HttpError).message).toContain('a batch of 3 calls counts as 3 requests');
      expect(Number((err as HttpError).headers['Retry-After'])).toBeGreaterThan(0);
    });
  }

  it('stops counting past the limit (a 100,000-call batch costs limit+1 hits)', () => {
    const mem = new MemoryRateLimitStore();
    let hits = 0;
    const counting = Object.assign(Object.create(mem) as MemoryRateLimitStore, { hitSync: (k: string, w: number) => (hits++, mem.hitSync(k, w)) });
    const charge = rateLimitGuard(settings, counting, { now: () => T }).chargeBatch!;
    expect(() => charge(gr().r, 100_000)).toThrow(/100000 calls/);
    expect(hits).toBe(6);
  });

  it('charges nothing for a single call', () => {
    const mem = new MemoryRateLimitStore();
    const charge = rateLimitGuard(settings, mem, { now: () => T }).chargeBatch!;
    expect(charge(gr().r, 1)).toBeUndefined();
    expect(mem.hitSync('rl:5/60000:ip:1.2.3.4', 60_000).count).toBe(1);
  });
});
