/**
 * TTL result cache (`ttl:` seconds on a tool, resource, template or prompt), as call middleware.
 * Key: element + canonical JSON of the arguments (or the URI) + the caller's sorted roles, so a
 * result computed for one role set is never served to another. Only successful results are kept
 * (no tool result with `isError`). Backed by stores.cache (bounded LRU in memory, Redis when shared).
 */
import type { CacheStore } from '../../store/types.js';
import { acceptsSyncNext, type CallInfo, type CallMiddleware, type Observer } from '../types.js';

/**
 * JSON with object keys sorted at every level: equal values give equal text.
 *
 * @example
 * canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] }); // '{"a":[2,{"c":4,"d":3}],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).sort();
  let out = '{';
  let first = true;
  for (const k of keys) {
    const v = obj[k];
    if (v === undefined) continue;
    out += `${first ? '' : ','}${JSON.stringify(k)}:${canonicalJson(v)}`;
    first = false;
  }
  return `${out}}`;
}

/** Results this middleware served from the cache (so the core can report CallRecord outcome `cached`). */
const served = new WeakSet<object>();

/**
 * True when `result` came from the cache rather than the handler.
 *
 * @example
 * const outcome = wasCached(result) ? 'cached' : 'ok';
 */
export function wasCached(result: unknown): boolean {
  return result !== null && typeof result === 'object' && served.has(result);
}

type SyncCache = CacheStore & { getSync?(key: string): string | undefined; setSync?(key: string, value: string, ttlMs: number): void };

export interface CacheMiddlewareOptions {
  readonly observers?: readonly Observer[];
  /** Called when the store fails; the call goes on uncached. */
  readonly onStoreError?: (err: unknown) => void;
}

/** The part of the request that identifies the result. */
function subject(params: Record<string, unknown> | undefined): unknown {
  if (params === undefined) return null;
  if ('uri' in params) return params['uri'];
  return params['arguments'] ?? null;
}

function isCacheable(result: unknown): boolean {
  if (result === null || typeof result !== 'object') return false;
  // 2026-07-28: input-required results and task handles belong to one call, never to a cache
  const type = (result as { resultType?: unknown }).resultType;
  if (type !== undefined && type !== 'complete') return false;
  return (result as { isError?: unknown }).isError !== true;
}

/**
 * @example
 * const mw = cacheMiddleware(stores.cache);
 */
export function cacheMiddleware(store: CacheStore, options: CacheMiddlewareOptions = {}): CallMiddleware {
  const s = store as SyncCache;
  const onError = options.onStoreError ?? (() => undefined);
  const cached = async (call: CallInfo, next: () => unknown, t: NonNullable<CallInfo['target']>, ttl: number): Promise<unknown> => {
    // a retry that carries answers (2026-07-28 input-required rounds) is not the same request
    if (call.params !== undefined && ('inputResponses' in call.params || 'requestState' in call.params)) return next();
    const roles = call.caller.roles.length === 0 ? '' : [...call.caller.roles].sort().join('|');
    const key = `cache:${t.kind}:${t.name}:${canonicalJson(subject(call.params))}:${roles}`;
    let hit: string | undefined;
    try {
      hit = s.getSync !== undefined ? s.getSync(key) : await s.get(key);
    } catch (err) {
      onError(err);
    }
    if (hit !== undefined) {
      try {
        const value = JSON.parse(hit) as unknown;
        if (value !== null && typeof value === 'object') served.add(value);
        return value;
      } catch {
        // corrupt entry: recompute
      }
    }
    const result = await next();
    if (isCacheable(result)) {
      try {
        const text = JSON.stringify(result);
        if (s.setSync !== undefined) s.setSync(key, text, ttl * 1000);
        else await s.set(key, text, ttl * 1000);
      } catch (err) {
        onError(err);
      }
    }
    return result;
  };
  // Elements without ttl pay one property read, no extra promise.
  return acceptsSyncNext((call, next) => {
    const t = call.target;
    const ttl = t?.policy.ttl;
    return t === undefined || ttl === undefined || !(ttl > 0) ? next() : cached(call, next, t, ttl);
  });
}
