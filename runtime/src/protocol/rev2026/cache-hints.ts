/**
 * SEP-2549 caching hints: `ttlMs` and `cacheScope` on list, read and discover results. The TTL comes
 * from the element's `ttl` (seconds, mcp.yaml) or the server default; a result that depends on the
 * caller's roles may only be cached per authorization context (`private`).
 */
import type { ElementPolicy } from '../../registry/types.js';

export interface CacheHints {
  ttlMs: number;
  cacheScope: 'public' | 'private';
}

/** Hints for a list: fresh for `defaultTtlMs`; private when any listed element is role-restricted. */
export function listHints(elements: readonly ElementPolicy[], defaultTtlMs: number): CacheHints {
  const restricted = elements.some((e) => e.roles !== undefined && e.roles.length > 0);
  return { ttlMs: toMs(defaultTtlMs), cacheScope: restricted ? 'private' : 'public' };
}

/** Hints for one read: the element's own TTL; contents are private (a handler may read the caller). */
export function readHints(policy: ElementPolicy | undefined, defaultTtlMs: number): CacheHints {
  const ttl = policy?.ttl;
  return { ttlMs: ttl !== undefined && ttl > 0 ? toMs(ttl * 1000) : toMs(defaultTtlMs), cacheScope: 'private' };
}

function toMs(v: number): number {
  return Number.isFinite(v) && v > 0 ? Math.round(v) : 0;
}
