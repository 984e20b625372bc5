/**
 * Rate limits: exact fixed windows counted in stores.rateLimits.
 * - {@link rateLimitGuard}: the server default (MCP_RATE_LIMIT) per ip or per authenticated key
 *   (MCP_RATE_SCOPE); HTTP 429 `rate_limited` with Retry-After and RateLimit-* headers
 *   (draft-ietf-httpapi-ratelimit-headers) on rejection, RateLimit-* on every answer.
 * - {@link elementRateLimit}: per-element `rateLimit:` from mcp.yaml, as call middleware.
 * When the store fails, MCP_RATE_LIMIT_FAIL decides: `closed` rejects (503), `open` lets the request through.
 */
import { parseRateLimit } from '../../settings/parse.js';
import type { RateLimitSpec, Settings } from '../../settings/types.js';
import type { RateLimitStore } from '../../store/types.js';
import { HttpError, acceptsSyncNext, setReplyHeader, type CallInfo, type CallMiddleware, type GuardRequest, type HttpGuard, type Observer } from '../types.js';

export { parseRateLimit };

type SyncStore = RateLimitStore & { hitSync?(key: string, windowMs: number): { count: number; resetAt: number } };

interface Verdict {
  readonly allowed: boolean;
  readonly headers: Record<string, string>;
}

function verdict(spec: RateLimitSpec, count: number, resetAt: number, now: number): Verdict {
  const resetSec = Math.max(0, Math.ceil((resetAt - now) / 1000));
  const headers: Record<string, string> = {
    'RateLimit-Limit': String(spec.limit),
    'RateLimit-Remaining': String(Math.max(0, spec.limit - count)),
    'RateLimit-Reset': String(resetSec),
  };
  if (count > spec.limit) headers['Retry-After'] = String(Math.max(1, resetSec));
  return { allowed: count <= spec.limit, headers };
}

const limitedError = (what: string, spec: RateLimitSpec, headers: Record<string, string>, data: Record<string, unknown> = {}, note = ''): HttpError =>
  new HttpError(429, 'rate_limited', `rate limit exceeded for ${what}: ${spec.spec}${note}; retry in ${headers['Retry-After'] ?? '1'} s`, headers, -32000, {
    limit: spec.spec,
    retryAfterSec: Number(headers['Retry-After'] ?? '1'),
    ...data,
  });

const storeDown = (): HttpError => new HttpError(503, 'rate_limit_unavailable', 'rate-limit store unavailable; try again shortly', { 'Retry-After': '1' });

export interface RateLimitOptions {
  readonly observers?: readonly Observer[];
  readonly now?: () => number;
}

/**
 * The server-wide rate-limit guard. Put it after the auth guard so `key` scope sees the caller.
 * Its `chargeBatch` makes a batch of N calls (2025-03-26 JSON-RPC batch, legacy `/mcp/batch`) cost N: the
 * transport calls it once it has parsed a batch, after every guard passed, so single messages never pay for
 * it; past the limit the whole batch is refused.
 *
 * @example
 * const guard = rateLimitGuard(settings, stores.rateLimits); // settings.rateLimit from MCP_RATE_LIMIT=100/m
 */
export function rateLimitGuard(
  settings: Pick<Settings, 'rateLimit' | 'rateScope' | 'rateLimitFailMode'>,
  store: RateLimitStore,
  options: RateLimitOptions = {},
): HttpGuard {
  const spec = settings.rateLimit;
  if (spec === undefined) throw new Error('rateLimitGuard: MCP_RATE_LIMIT is not set');
  const s = store as SyncStore;
  const now = options.now ?? Date.now;
  const observers = options.observers ?? [];
  const byKey = settings.rateScope === 'key';
  const failOpen = settings.rateLimitFailMode === 'open';
  const prefix = `rl:${spec.limit}/${spec.windowMs}:`;

  const limitText = String(spec.limit);
  const apply = (r: GuardRequest, count: number, resetAt: number): void => {
    if (count <= spec.limit) {
      // allowed (every request): the three headers straight away, no verdict object. Queued on the request
      // when the transport offers it, so /mcp writes them inside its one writeHead (node's fast path).
      const remaining = String(spec.limit - count);
      const reset = String(Math.max(0, Math.ceil((resetAt - now()) / 1000)));
      if (r.replyHeader !== undefined) {
        r.replyHeader('RateLimit-Limit', limitText);
        r.replyHeader('RateLimit-Remaining', remaining);
        r.replyHeader('RateLimit-Reset', reset);
      } else {
        r.res.setHeader('RateLimit-Limit', limitText);
        r.res.setHeader('RateLimit-Remaining', remaining);
        r.res.setHeader('RateLimit-Reset', reset);
      }
      return;
    }
    // refused: the 429 carries RateLimit-* and Retry-After itself
    const v = verdict(spec, count, resetAt, now());
    for (const o of observers) o.rateLimited?.('server');
    throw limitedError(byKey && r.caller !== undefined ? 'this key' : 'this client', spec, v.headers);
  };

  // The store key of each client (its ip or key id), made once: a fresh string per request would be hashed
  // again by every Map lookup. Bounded; past the bound keys are made per request as before.
  const ipKeys = new Map<string, string>();
  const idKeys = new Map<string, string>();
  const keyOf = (made: Map<string, string>, tag: string, who: string): string => {
    let key = made.get(who);
    if (key === undefined) {
      key = `${prefix}${tag}:${who}`;
      if (made.size < 10_000) made.set(who, key);
    }
    return key;
  };

  // `key` scope falls back to the ip for anonymous callers (auth mode none).
  const keyFor = (r: GuardRequest): string => (byKey && r.caller !== undefined ? keyOf(idKeys, 'k', r.caller.id) : keyOf(ipKeys, 'ip', r.ip));

  /** The other N-1 hits of a batch of N (the request itself was counted by `check`). */
  const settleBatch = (r: GuardRequest, calls: number, count: number, resetAt: number): void => {
    if (count <= spec.limit) {
      setReplyHeader(r, 'RateLimit-Remaining', String(spec.limit - count));
      return;
    }
    for (const o of observers) o.rateLimited?.('server');
    const v = verdict(spec, count, resetAt, now());
    throw limitedError(byKey && r.caller !== undefined ? 'this key' : 'this client', spec, v.headers, { batch: calls }, `, and a batch of ${calls} calls counts as ${calls} requests`);
  };

  return {
    name: 'rate-limit',
    chargeBatch(r, calls) {
      if (calls <= 1) return undefined;
      const key = keyFor(r);
      // stopping once past the limit: the work is bounded by the limit, not by the batch
      const extra = Math.min(calls - 1, spec.limit + 1);
      if (s.hitSync !== undefined) {
        let last = { count: 0, resetAt: now() + spec.windowMs };
        try {
          for (let i = 0; i < extra && last.count <= spec.limit; i++) last = s.hitSync(key, spec.windowMs);
        } catch {
          if (failOpen) return undefined;
          throw storeDown();
        }
        return settleBatch(r, calls, last.count, last.resetAt);
      }
      return Promise.all(Array.from({ length: extra }, () => s.hit(key, spec.windowMs))).then(
        (hits) => {
          const last = hits.reduce((a, b) => (b.count > a.count ? b : a));
          settleBatch(r, calls, last.count, last.resetAt);
        },
        () => {
          if (!failOpen) throw storeDown();
        },
      );
    },
    check(r) {
      const key = keyFor(r);
      if (s.hitSync !== undefined) {
        let hit: { count: number; resetAt: number };
        try {
          hit = s.hitSync(key, spec.windowMs);
        } catch {
          if (failOpen) return;
          throw storeDown();
        }
        return apply(r, hit.count, hit.resetAt);
      }
      return s.hit(key, spec.windowMs).then(
        (hit) => apply(r, hit.count, hit.resetAt),
        () => {
          if (!failOpen) throw storeDown();
        },
      );
    },
  };
}

/**
 * Per-element limits (`rateLimit:` on a tool, resource, template or prompt), counted per caller
 * (key or ip by MCP_RATE_SCOPE). Rejections are JSON-RPC errors naming the element and the limit.
 *
 * @example
 * const mw = elementRateLimit(settings, stores.rateLimits);
 */
export function elementRateLimit(
  settings: Pick<Settings, 'rateScope' | 'rateLimitFailMode'>,
  store: RateLimitStore,
  options: RateLimitOptions = {},
): CallMiddleware {
  const parsed = new Map<string, RateLimitSpec | null>();
  const now = options.now ?? Date.now;
  const observers = options.observers ?? [];
  const failOpen = settings.rateLimitFailMode === 'open';
  const byKey = settings.rateScope === 'key';
  const limited = async (call: CallInfo, next: () => unknown, t: NonNullable<CallInfo['target']>, text: string): Promise<unknown> => {
    let spec = parsed.get(text);
    if (spec === undefined) {
      spec = parseRateLimit(text) ?? null;
      parsed.set(text, spec);
    }
    if (spec === null) throw new HttpError(500, 'invalid_rate_limit', `invalid rateLimit "${text}" on ${t.kind} ${t.name}: expected <N>/<s|m|h|d>`, {}, -32603);
    const who = byKey || call.ip === undefined ? `k:${call.caller.id}` : `ip:${call.ip}`;
    let hit: { count: number; resetAt: number };
    try {
      hit = await store.hit(`rle:${t.kind}:${t.name}:${who}`, spec.windowMs);
    } catch {
      if (failOpen) return next();
      throw storeDown();
    }
    const v = verdict(spec, hit.count, hit.resetAt, now());
    if (!v.allowed) {
      for (const o of observers) o.rateLimited?.(`${t.kind}:${t.name}`);
      throw limitedError(`${t.kind} "${t.name}"`, spec, v.headers, { element: t.name });
    }
    return next();
  };
  // Elements without a limit pay one property read, no extra promise.
  return acceptsSyncNext((call, next) => {
    const t = call.target;
    const text = t?.policy.rateLimit;
    return t === undefined || text === undefined ? next() : limited(call, next, t, text);
  });
}

/**
 * Brute-force brake for an auth guard (MCP_AUTH_FAIL_LIMIT): failed authentications (401) are counted per ip;
 * past the limit, that ip gets 429 `rate_limited` without its credentials being checked, until the window
 * resets. Successful requests cost one Map lookup. Opt-in: behind a proxy every caller has the proxy's ip (unless
 * MCP_TRUST_PROXY names the proxy), and one guesser would lock everyone out.
 *
 * @example
 * const guard = limitAuthFailures(apiKeyGuard(settings), settings.authFailLimit!, stores.rateLimits);
 */
export function limitAuthFailures(auth: HttpGuard, spec: RateLimitSpec, store: RateLimitStore, options: RateLimitOptions = {}): HttpGuard {
  const s = store as SyncStore;
  const now = options.now ?? Date.now;
  const observers = options.observers ?? [];
  const blocked = new Map<string, number>();
  const prefix = `rlauth:${spec.limit}/${spec.windowMs}:`;

  const record = (ip: string, count: number, resetAt: number): void => {
    if (count <= spec.limit) return;
    if (blocked.size >= 100_000) blocked.clear(); // bounded; the shared store still counts
    blocked.set(ip, resetAt);
  };
  const onFailure = (r: GuardRequest, err: unknown): never | Promise<never> => {
    if (!(err instanceof HttpError) || err.status !== 401) throw err;
    const key = prefix + r.ip;
    if (s.hitSync !== undefined) {
      try {
        const h = s.hitSync(key, spec.windowMs);
        record(r.ip, h.count, h.resetAt);
      } catch {
        // counting failed: the 401 stands
      }
      throw err;
    }
    return s.hit(key, spec.windowMs).then(
      (h) => {
        record(r.ip, h.count, h.resetAt);
        throw err;
      },
      () => {
        throw err;
      },
    );
  };

  return {
    name: auth.name,
    ...(auth.needsBody === true ? { needsBody: true } : {}),
    check(r) {
      const until = blocked.get(r.ip);
      if (until !== undefined) {
        const t = now();
        if (t < until) {
          for (const o of observers) o.rateLimited?.('auth');
          const v = verdict(spec, spec.limit + 1, until, t);
          throw limitedError('failed authentications from this client', spec, v.headers);
        }
        blocked.delete(r.ip);
      }
      let out: ReturnType<HttpGuard['check']>;
      try {
        out = auth.check(r);
      } catch (err) {
        return onFailure(r, err);
      }
      if (out !== undefined && out !== 'handled') return out.catch((err: unknown) => onFailure(r, err));
      return out;
    },
  };
}
