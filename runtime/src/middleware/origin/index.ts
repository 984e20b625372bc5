/**
 * Origin and Host validation (DNS-rebinding defence), on by default when the server is bound to loopback.
 *
 * Origin (403 `origin_not_allowed`): a request without Origin (not a browser) passes. With
 * MCP_ALLOWED_ORIGINS set, only those origins pass (`*` allows any). Otherwise an origin passes when it
 * is the server's own (same host as the Host header), one of MCP_CORS_ORIGIN, or a loopback origin while
 * the server is bound to loopback.
 *
 * Host (403 `host_not_allowed`): with MCP_ALLOWED_HOSTS set, the Host header must be one of them
 * (`name` or `name:port`, `*` allows any). Otherwise, when bound to loopback, only loopback names pass,
 * so a rebinding page at evil.example.com cannot reach a local server.
 */
import type { Settings } from '../../settings/types.js';
import { HttpError, type HttpGuard } from '../types.js';

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** True for names that only reach this machine. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase();
  return LOOPBACK_NAMES.has(h) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) || h.endsWith('.localhost');
}

/** Splits a Host header into name and port; brackets kept for IPv6. Undefined when malformed. */
export function splitHost(value: string): { name: string; port: string } | undefined {
  const v = value.trim().toLowerCase();
  if (v.length === 0 || v.length > 255) return undefined;
  if (v.startsWith('[')) {
    const end = v.indexOf(']');
    if (end < 0) return undefined;
    const rest = v.slice(end + 1);
    if (rest !== '' && !/^:\d{1,5}$/.test(rest)) return undefined;
    return { name: v.slice(0, end + 1), port: rest.slice(1) };
  }
  const i = v.lastIndexOf(':');
  const name = i < 0 ? v : v.slice(0, i);
  const port = i < 0 ? '' : v.slice(i + 1);
  if (!/^[a-z0-9.-]+$/.test(name) || !/^\d{0,5}$/.test(port)) return undefined;
  return { name, port };
}

/** `scheme://host[:port]` of an Origin header, lower-cased; undefined for `null` or junk. */
function originHost(origin: string): string | undefined {
  try {
    const u = new URL(origin);
    return u.host.toLowerCase();
  } catch {
    return undefined;
  }
}

const normalizeOrigin = (o: string): string => o.trim().replace(/\/+$/, '').toLowerCase();

/**
 * The Origin guard.
 *
 * @example
 * const guard = originGuard(settings); // MCP_ALLOWED_ORIGINS=https://app.example.com
 */
export function originGuard(settings: Pick<Settings, 'allowedOrigins' | 'corsOrigin' | 'host'>): HttpGuard {
  const explicit = settings.allowedOrigins.map(normalizeOrigin);
  const anyOrigin = explicit.includes('*') || (explicit.length === 0 && settings.corsOrigin?.trim() === '*');
  const allowed = new Set(explicit);
  if (explicit.length === 0 && settings.corsOrigin !== undefined) {
    for (const o of settings.corsOrigin.split(',')) if (o.trim() !== '*' && o.trim() !== '') allowed.add(normalizeOrigin(o));
  }
  const loopbackBound = isLoopbackHost(settings.host);
  const implicit = explicit.length === 0;
  const seen = new Map<string, boolean>();

  const decide = (origin: string, host: string | undefined): boolean => {
    const norm = normalizeOrigin(origin);
    if (allowed.has(norm)) return true;
    if (!implicit) return false;
    const oh = originHost(norm);
    if (oh === undefined) return false;
    if (host !== undefined && oh === host.toLowerCase()) return true;
    const split = splitHost(oh);
    return loopbackBound && split !== undefined && isLoopbackHost(split.name);
  };

  return {
    name: 'origin',
    check(r) {
      const origin = r.req.headers.origin;
      if (origin === undefined || anyOrigin) return;
      const host = r.req.headers.host;
      const memoKey = implicit ? `${origin}\n${host ?? ''}` : origin;
      let ok = seen.get(memoKey);
      if (ok === undefined) {
        ok = decide(origin, host);
        if (seen.size < 1000) seen.set(memoKey, ok); // small memo: hot origins skip URL parsing
      }
      if (!ok) throw new HttpError(403, 'origin_not_allowed', 'origin not allowed: set MCP_ALLOWED_ORIGINS to allow it', {}, -32000);
    },
  };
}

/**
 * The Host guard (DNS rebinding). Active when MCP_ALLOWED_HOSTS is set or the server binds loopback.
 *
 * @example
 * const guard = hostGuard(settings); // undefined when there is nothing to check
 */
export function hostGuard(settings: Pick<Settings, 'allowedHosts' | 'host'>): HttpGuard | undefined {
  const list = settings.allowedHosts.map((h) => h.trim().toLowerCase()).filter((h) => h.length > 0);
  if (list.includes('*')) return undefined;
  if (list.length === 0 && !isLoopbackHost(settings.host)) return undefined;
  const names = new Set<string>();
  const exact = new Set<string>();
  for (const h of list) {
    const s = splitHost(h);
    if (s === undefined) continue;
    if (s.port === '') names.add(s.name);
    else exact.add(`${s.name}:${s.port}`);
  }
  const loopbackOnly = list.length === 0;
  const memo = new Map<string, boolean>();
  const decide = (host: string): boolean => {
    const s = splitHost(host);
    if (s === undefined) return false;
    if (loopbackOnly) return isLoopbackHost(s.name);
    return names.has(s.name) || exact.has(`${s.name}:${s.port}`);
  };
  return {
    name: 'host',
    check(r) {
      const host = r.req.headers.host;
      let ok = host === undefined ? false : memo.get(host);
      if (ok === undefined) {
        ok = decide(host!);
        if (memo.size < 1000) memo.set(host!, ok);
      }
      if (!ok) throw new HttpError(403, 'host_not_allowed', 'host not allowed: set MCP_ALLOWED_HOSTS to serve this name', {}, -32000);
    },
  };
}
