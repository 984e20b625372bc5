/**
 * Parsers for the textual forms of settings. Each returns undefined for a malformed value;
 * load.ts turns that into a SettingsError naming the variable and the expected form.
 */
import type { RateLimitSpec } from './types.js';

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
