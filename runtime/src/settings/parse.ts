/**
 * Parsers for the textual forms of settings. Each returns undefined for a malformed value;
 * load.ts turns that into a SettingsError naming the variable and the expected form.
 */
import { BlockList, isIP } from 'node:net';
import type { RateLimitSpec, TrustProxy } from './types.js';

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const RATE = /^\s*(\d{1,9})\s*\/\s*([smhd])\s*$/;

/**
 * Parses `<N>/<s|m|h|d>` (N >= 1).
 *
 * @example
 * parseRateLimit('100/m'); // { spec: '100/m', limit: 100, windowMs: 60000 }
 * parseRateLimit('abc'); // undefined
 */
export function parseRateLimit(text: string): RateLimitSpec | undefined {
  const m = RATE.exec(text);
  if (m === null) return undefined;
  const limit = Number(m[1]);
  if (limit < 1) return undefined;
  return { spec: `${limit}/${m[2]!}`, limit, windowMs: UNITS[m[2]!]! };
}

/**
 * Parses `name:role|role;name:role` (MCP_API_KEYS_MAP, MCP_OAUTH_SCOPE_ROLES).
 *
 * @example
 * parseRoleMap('k1:admin|user;k2:user'); // Map { 'k1' => ['admin','user'], 'k2' => ['user'] }
 */
export function parseRoleMap(text: string): Map<string, string[]> | undefined {
  const out = new Map<string, string[]>();
  for (const part of text.split(';')) {
    const item = part.trim();
    if (item === '') continue;
    const i = item.lastIndexOf(':');
    if (i <= 0) return undefined;
    const name = item.slice(0, i).trim();
    const roles = item.slice(i + 1).split('|').map((r) => r.trim()).filter((r) => r.length > 0);
    if (name === '' || roles.length === 0 || roles.some((r) => /[\s,;:]/.test(r))) return undefined;
    out.set(name, roles);
  }
  return out.size > 0 ? out : undefined;
}

/** Comma-separated list, blanks dropped. */
export function parseList(text: string): string[] {
  return text.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
}

const TRUE = new Set(['1', 'true', 'yes', 'on']);
const FALSE = new Set(['0', 'false', 'no', 'off']);

/** `true|false|1|0|yes|no|on|off`, case-insensitive. */
export function parseBool(text: string): boolean | undefined {
  const t = text.trim().toLowerCase();
  if (TRUE.has(t)) return true;
  if (FALSE.has(t)) return false;
  return undefined;
}

/** A base-10 integer in [min, max] (digits only: no `1e3`, no `0x10`). */
export function parseIntIn(text: string, min: number, max: number): number | undefined {
  const t = text.trim();
  if (!/^-?\d{1,15}$/.test(t)) return undefined;
  const n = Number(t);
  return n >= min && n <= max ? n : undefined;
}

/** An absolute http(s) URL. */
export function parseHttpUrl(text: string): URL | undefined {
  try {
    const u = new URL(text.trim());
    return u.protocol === 'http:' || u.protocol === 'https:' ? u : undefined;
  } catch {
    return undefined;
  }
}

/** Named ranges MCP_TRUST_PROXY accepts besides addresses and CIDRs (the names Express uses). */
const TRUST_NAMES: Readonly<Record<string, readonly string[]>> = {
  loopback: ['127.0.0.0/8', '::1/128'],
  linklocal: ['169.254.0.0/16', 'fe80::/10'],
  uniquelocal: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
};

/** Largest hop count MCP_TRUST_PROXY takes: real chains are a handful of proxies. */
export const MAX_TRUST_HOPS = 32;

/**
 * Parses MCP_TRUST_PROXY: `false`/`0` (off: null), a hop count `1`..`32`, or a comma-separated list of proxy
 * IPs, CIDRs (IPv4 and IPv6) and the names `loopback`, `linklocal`, `uniquelocal`. `true` is refused (it would
 * believe any client's X-Forwarded-For). Returns `{ error, item }` naming the offending item when malformed.
 *
 * @example
 * parseTrustProxy('1');                  // { kind: 'hops', hops: 1, spec: '1' }
 * parseTrustProxy('10.0.0.0/8, ::1');    // { kind: 'proxies', proxies: BlockList, spec: '10.0.0.0/8,::1' }
 * parseTrustProxy('false');              // null
 * parseTrustProxy('true');               // { error: 'true is not allowed ...', item: 'true' }
 */
export function parseTrustProxy(text: string): TrustProxy | null | { readonly error: string; readonly item: string } {
  const t = text.trim().toLowerCase();
  if (/^\d{1,15}$/.test(t)) {
    const n = Number(t);
    if (n === 0) return null;
    if (n > MAX_TRUST_HOPS) return { error: `a hop count from 1 to ${MAX_TRUST_HOPS}`, item: text.trim() };
    return { kind: 'hops', spec: String(n), hops: n };
  }
  if (t === 'false' || t === 'no' || t === 'off') return null;
  if (t === 'true' || t === 'yes' || t === 'on' || t === '*') {
    return { error: 'a hop count or proxy IPs/CIDRs; true is not allowed: it would believe any client\'s X-Forwarded-For', item: text.trim() };
  }
  const items = parseList(text);
  if (items.length === 0) return null;
  const proxies = new BlockList();
  for (const item of items) {
    const ranges = TRUST_NAMES[item.toLowerCase()] ?? [item];
    for (const range of ranges) if (!addRange(proxies, range)) return { error: 'comma-separated proxy IPs or CIDRs (e.g. 10.0.0.0/8,2001:db8::/32,127.0.0.1), loopback, linklocal, uniquelocal, or a hop count', item };
  }
  return { kind: 'proxies', spec: items.join(','), proxies };
}

function addRange(list: BlockList, range: string): boolean {
  const slash = range.indexOf('/');
  const address = slash < 0 ? range : range.slice(0, slash);
  const family = isIP(address);
  if (family === 0) return false;
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (slash < 0) {
    list.addAddress(address, type);
    return true;
  }
  const bits = range.slice(slash + 1);
  if (!/^\d{1,3}$/.test(bits) || Number(bits) > (family === 4 ? 32 : 128)) return false;
  list.addSubnet(address, Number(bits), type);
  return true;
}
