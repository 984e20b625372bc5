/**
 * CORS for browser clients (MCP_CORS_ORIGIN: `*` or a comma-separated list of origins).
 * Answers preflights itself (204) and sets the response headers a browser needs to read MCP replies,
 * including `Access-Control-Expose-Headers: Mcp-Session-Id` so a web client can keep its session.
 */
import type { Settings } from '../../settings/types.js';
import { setReplyHeader, type HttpGuard } from '../types.js';

export const CORS_ALLOW_HEADERS =
  'Mcp-Session-Id, MCP-Protocol-Version, Mcp-Method, Mcp-Name, Last-Event-ID, Authorization, X-API-Key, Content-Type, Accept, X-Signature, X-Timestamp, X-Request-Id';
export const CORS_EXPOSE_HEADERS = 'Mcp-Session-Id, MCP-Protocol-Version, WWW-Authenticate, Retry-After, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, X-Request-Id';
export const CORS_ALLOW_METHODS = 'GET, POST, DELETE, OPTIONS';

/**
 * The CORS guard; undefined when MCP_CORS_ORIGIN is not set (no CORS headers at all).
 * Put it first: a preflight must be answered before auth (browsers send no credentials on it).
 *
 * @example
 * const guard = corsGuard({ corsOrigin: 'https://app.example.com' });
 */
export function corsGuard(settings: Pick<Settings, 'corsOrigin'>): HttpGuard | undefined {
  const raw = settings.corsOrigin?.trim();
  if (raw === undefined || raw === '') return undefined;
  const list = raw.split(',').map((o) => o.trim().replace(/\/+$/, '')).filter((o) => o.length > 0);
  const wildcard = list.includes('*');
  const allowed = new Set(list.map((o) => o.toLowerCase()));
  return {
    name: 'cors',
    check(r) {
      const origin = r.req.headers.origin;
      if (origin === undefined) return undefined;
      const res = r.res;
      let allowOrigin: string | undefined;
      if (wildcard) allowOrigin = '*';
      else if (allowed.has(origin.toLowerCase())) allowOrigin = origin;
      if (r.method === 'OPTIONS' && r.req.headers['access-control-request-method'] !== undefined) {
        // the preflight is answered here, so its headers go straight on the response
        if (!wildcard) res.setHeader('Vary', 'Origin');
        if (allowOrigin !== undefined) {
          res.setHeader('Access-Control-Allow-Origin', allowOrigin);
          res.setHeader('Access-Control-Expose-Headers', CORS_EXPOSE_HEADERS);
          res.setHeader('Access-Control-Allow-Methods', CORS_ALLOW_METHODS);
          res.setHeader('Access-Control-Allow-Headers', CORS_ALLOW_HEADERS);
          res.setHeader('Access-Control-Max-Age', '600');
        }
        // A refused preflight still gets 204 without allow headers: the browser then blocks the call.
        res.statusCode = 204;
        res.setHeader('Content-Length', '0');
        res.end();
        return 'handled';
      }
      // queued with the reply (the transport's own writeHead on /mcp), on errors too
      if (!wildcard) setReplyHeader(r, 'Vary', 'Origin');
      if (allowOrigin !== undefined) {
        setReplyHeader(r, 'Access-Control-Allow-Origin', allowOrigin);
        setReplyHeader(r, 'Access-Control-Expose-Headers', CORS_EXPOSE_HEADERS);
      }
      return undefined;
    },
  };
}
