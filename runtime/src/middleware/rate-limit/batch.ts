/**
 * MCP_RATE_LIMIT for batches: a JSON-RPC batch (2025-03-26) or a legacy `/mcp/batch` of N calls counts as N
 * requests, not one. {@link rateLimitGuard} has charged the HTTP request once; this charges the other N-1 on the
 * same counter, so a client allowed 100 requests a minute cannot make 70,000 calls with one 4 MB batch. It runs
 * as the rate-limit guard's `chargeBatch` hook: the transport calls it once it has parsed a batch (after every
 * guard passed, so after authentication), and single messages never pay for it.
 */
import type { RateLimitSpec, Settings } from '../../settings/types.js';
import type { RateLimitStore } from '../../store/types.js';
import { HttpError, setReplyHeader, type GuardRequest, type Observer } from '../types.js';

type SyncStore = RateLimitStore & { hitSync?(key: string, windowMs: number): { count: number; resetAt: number } };

export interface BatchRateLimitOptions {
  readonly observers?: readonly Observer[];
  readonly now?: () => number;
}

/**
 * The batch part of the server-wide rate limit, as a `chargeBatch` hook for the rate-limit guard.
 *
 * @example
 * const guard = { ...rateLimitGuard(settings, store), chargeBatch: batchCharger(settings, store) };
 */
export function batchCharger(
  settings: Pick<Settings, 'rateLimit' | 'rateScope' | 'rateLimitFailMode'>,
  store: RateLimitStore,
  options: BatchRateLimitOptions = {},
): (r: GuardRequest, calls: number) => void | Promise<void> {
  const spec = settings.rateLimit;
  if (spec === undefined) throw new Error('batchCharger: MCP_RATE_LIMIT is not set');
  const s = store as SyncStore;
  const now = options.now ?? Date.now;
  const observers = options.observers ?? [];
  const byKey = settings.rateScope === 'key';
  const failOpen = settings.rateLimitFailMode === 'open';
  // the key rateLimitGuard counts under (same prefix, same ip / key choice)
  const keyOf = (r: GuardRequest): string => `rl:${spec.limit}/${spec.windowMs}:${byKey && r.caller !== undefined ? `k:${r.caller.id}` : `ip:${r.ip}`}`;

  const settle = (r: GuardRequest, calls: number, count: number, resetAt: number): void => {
    const resetSec = Math.max(0, Math.ceil((resetAt - now()) / 1000));
    if (count <= spec.limit) {
      setReplyHeader(r, 'RateLimit-Remaining', String(spec.limit - count));
      return;
    }
    for (const o of observers) o.rateLimited?.('server');
    throw refused(spec, calls, resetSec, byKey && r.caller !== undefined);
  };

  return (r, calls) => {
    if (calls <= 1) return undefined;
    const key = keyOf(r);
    // N-1 more hits, stopping once past the limit: the work is bounded by the limit, not by the batch
    const extra = Math.min(calls - 1, spec.limit + 1);
    if (s.hitSync !== undefined) {
      let last = { count: 0, resetAt: now() + spec.windowMs };
      try {
        for (let i = 0; i < extra && last.count <= spec.limit; i++) last = s.hitSync(key, spec.windowMs);
      } catch {
        if (failOpen) return undefined;
        throw storeDown();
      }
      return settle(r, calls, last.count, last.resetAt);
    }
    return Promise.all(Array.from({ length: extra }, () => s.hit(key, spec.windowMs))).then(
      (hits) => {
        const last = hits.reduce((a, b) => (b.count > a.count ? b : a));
        settle(r, calls, last.count, last.resetAt);
      },
      () => {
        if (!failOpen) throw storeDown();
      },
    );
  };
}

function refused(spec: RateLimitSpec, calls: number, resetSec: number, perKey: boolean): HttpError {
  const retry = String(Math.max(1, resetSec));
  return new HttpError(
    429,
    'rate_limited',
    `rate limit exceeded for ${perKey ? 'this key' : 'this client'}: ${spec.spec}, and a batch of ${calls} calls counts as ${calls} requests; retry in ${retry} s`,
    { 'RateLimit-Limit': String(spec.limit), 'RateLimit-Remaining': '0', 'RateLimit-Reset': String(resetSec), 'Retry-After': retry },
    -32000,
    { limit: spec.spec, retryAfterSec: Number(retry), batch: calls },
  );
}

const storeDown = (): HttpError => new HttpError(503, 'rate_limit_unavailable', 'rate-limit store unavailable; try again shortly', { 'Retry-After': '1' });
