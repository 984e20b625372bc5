/**
 * The client's address, for per-ip rate limits, logs and handler contexts. Without MCP_TRUST_PROXY it is the
 * socket's peer. Behind load balancers, MCP_TRUST_PROXY says which `X-Forwarded-For` entries to believe:
 * - a hop count N: the N-th address from the right (each of the N proxies in front appends the one it saw);
 * - a list of proxy IPs/CIDRs: walk from the socket address leftwards while the address is a trusted proxy.
 * Entries a client wrote itself sit left of what trusted proxies appended, so they are never reached unless a
 * trusted proxy vouches for them. A malformed entry stops the walk at the last address that could be trusted.
 */
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import type { Settings, TrustProxy } from '../../settings/types.js';

/** Computes the client address of a request. */
export type ClientAddressOf = (req: IncomingMessage) => string;

const socketAddress: ClientAddressOf = (req) => req.socket.remoteAddress ?? '';

/**
 * One `X-Forwarded-For` entry as an IP address, or undefined when malformed. Accepts what proxies write:
 * `1.2.3.4`, `2001:db8::1`, `1.2.3.4:5678`, `[2001:db8::1]:443`, `[2001:db8::1]`.
 */
export function parseForwardedEntry(entry: string): string | undefined {
  let s = entry.trim();
  if (s === '') return undefined;
  if (s.charCodeAt(0) === 91 /* [ */) {
    const close = s.indexOf(']');
    if (close < 0 || (close + 1 < s.length && !/^:\d{1,5}$/.test(s.slice(close + 1)))) return undefined;
    s = s.slice(1, close);
    return isIP(s) === 6 ? s : undefined;
  }
  const colon = s.indexOf(':');
  if (colon > 0 && colon === s.lastIndexOf(':')) {
    // IPv4 with a port (one colon); IPv6 always has two or more
    if (!/^\d{1,5}$/.test(s.slice(colon + 1))) return undefined;
    s = s.slice(0, colon);
    return isIP(s) === 4 ? s : undefined;
  }
  return isIP(s) !== 0 ? s : undefined;
}

/** The entries of X-Forwarded-For, left to right (several header lines count as one list, in order). */
function forwardedList(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  const text = Array.isArray(value) ? value.join(',') : value;
  return text === '' ? [] : text.split(',');
}

/** Bounds the work a hostile header can cause: nobody is behind more proxies than this. */
const MAX_ENTRIES = 64;

/**
 * The client address for one request under a trust policy. Never throws.
 *
 * @example
 * const trust = parseTrustProxy('10.0.0.0/8')!;
 * clientAddress('10.0.0.5', '203.0.113.7, 10.0.0.9', trust); // '203.0.113.7'
 * clientAddress('198.51.100.2', '203.0.113.7', trust);       // '198.51.100.2' (not a trusted proxy)
 */
export function clientAddress(socket: string, forwardedFor: string | string[] | undefined, trust: TrustProxy | undefined): string {
  if (trust === undefined) return socket;
  const entries = forwardedList(forwardedFor);
  if (entries.length === 0) return socket;
  const last = entries.length - 1;
  if (trust.kind === 'hops') {
    // the N closest hops are trusted: entry N from the right is the address the outermost of them saw
    let address = socket;
    const stop = Math.max(0, entries.length - Math.min(trust.hops, MAX_ENTRIES));
    for (let i = last; i >= stop; i--) {
      const ip = parseForwardedEntry(entries[i]!);
      if (ip === undefined) return address;
      address = ip;
    }
    return address;
  }
  // trusted proxies: from the socket leftwards, as long as the address at hand is a trusted proxy
  let address = socket;
  const stop = Math.max(0, entries.length - MAX_ENTRIES);
  for (let i = last; i >= stop && isTrusted(trust, address); i--) {
    const ip = parseForwardedEntry(entries[i]!);
    if (ip === undefined) return address;
    address = ip;
  }
  return address;
}

function isTrusted(trust: Extract<TrustProxy, { kind: 'proxies' }>, address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  return trust.proxies.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

const resolvers = new WeakMap<object, ClientAddressOf>();

/**
 * The client-address function for a server's settings; every HTTP path (/mcp, legacy, REST, Express-mounted,
 * logs) uses it. Without MCP_TRUST_PROXY it only reads the socket's address.
 *
 * @example
 * const addressOf = clientAddressOf(settings);
 * http.createServer((req, res) => res.end(addressOf(req)));
 */
export function clientAddressOf(settings: Pick<Settings, 'trustProxy'>): ClientAddressOf {
  const trust = settings.trustProxy;
  if (trust === undefined) return socketAddress;
  let fn = resolvers.get(trust);
  if (fn === undefined) {
    fn = (req) => clientAddress(req.socket.remoteAddress ?? '', req.headers['x-forwarded-for'], trust);
    resolvers.set(trust, fn);
  }
  return fn;
}
