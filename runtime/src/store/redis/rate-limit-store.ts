/**
 * Fixed-window counters in Redis: one atomic script per hit (INCR, and PEXPIRE on the first hit), so a
 * limit of N admits exactly N across all instances. While Redis is away the store fails open (counts
 * nothing, admits) or closed (503 `store_unavailable`), as configured (MCP_RATE_LIMIT_FAIL).
 */
import type { RateLimitStore } from '../types.js';
import type { RedisConnection, ScriptCall } from './connection.js';
import { isStoreUnavailable } from './errors.js';
import type { ResolvedRedisStoresOptions } from './options.js';
import { RATE_HIT } from './scripts.js';

export class RedisRateLimitStore implements RateLimitStore {
  private readonly hitScript: ScriptCall;

  constructor(
    private readonly connection: RedisConnection,
    private readonly options: ResolvedRedisStoresOptions,
  ) {
    this.hitScript = connection.script(1, RATE_HIT);
  }

  async hit(key: string, windowMs: number): Promise<{ count: number; resetAt: number }> {
    if (!Number.isFinite(windowMs) || windowMs < 1) throw new RangeError(`rate-limit windowMs must be a positive number, got ${String(windowMs)}`);
    const window = Math.ceil(windowMs);
    try {
      const reply = await this.connection.run('rate-limit hit', () => this.hitScript([this.connection.key('rl', key)], [window]));
      const [count, ttl] = reply as [number, number];
      return { count: Number(count), resetAt: Date.now() + Number(ttl) };
    } catch (error) {
      if (this.options.rateLimitFailMode === 'open' && isStoreUnavailable(error)) {
        return { count: 0, resetAt: Date.now() + window };
      }
      throw error;
    }
  }
}
