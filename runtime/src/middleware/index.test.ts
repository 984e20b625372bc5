import { describe, expect, it } from 'vitest';
import { silentLogger } from '../logger/index.js';
import { loadSettings } from '../settings/load.js';
import { createMemoryStores } from '../store/memory/index.js';
import { createSecurity, isPublicPath, isRateLimitExempt, securityFor } from './index.js';
import { runGuards } from './pipeline.js';
import { HttpError, type GuardRequest } from './types.js';

const make = (env: Record<string, string>) => {
  const stores = createMemoryStores();
  return { stores, sec: createSecurity(loadSettings(env), stores, silentLogger()) };
};

const request = (path: string, headers: Record<string, string> = {}): GuardRequest =>
  ({ req: { headers: { host: '127.0.0.1:1', ...headers } }, res: { setHeader: () => undefined }, path, method: 'GET', ip: '127.0.0.1', requestId: '1' }) as unknown as GuardRequest;

describe('createSecurity', () => {
  it('orders guards: cors, host, origin, body size, auth, rate limit', () => {
    const { sec } = make({ MCP_CORS_ORIGIN: '*', MCP_AUTH_MODE: 'apikey', MCP_API_KEYS: 'k', MCP_RATE_LIMIT: '10/s', MCP_RATE_SCOPE: 'key' });
    expect(sec.guards.map((g) => g.name)).toEqual(['cors', 'host', 'origin', 'body-size', 'auth-apikey', 'rate-limit']);
    const ip = make({ MCP_AUTH_MODE: 'apikey', MCP_API_KEYS: 'k', MCP_RATE_LIMIT: '10/s' }).sec;
    expect(ip.guards.map((g) => g.name)).toEqual(['host', 'origin', 'body-size', 'rate-limit', 'auth-apikey']);
    // a batch of N counts N: the rate-limit guard carries the hook the transport calls once it parsed a batch
    expect(ip.guards.filter((g) => g.chargeBatch !== undefined).map((g) => g.name)).toEqual(['rate-limit']);
    expect(make({ MCP_AUTH_MODE: 'apikey', MCP_API_KEYS: 'k' }).sec.guards.some((g) => g.chargeBatch !== undefined)).toBe(false);
    expect(make({ HOST: '0.0.0.0' }).sec.guards.map((g) => g.name)).toEqual(['origin', 'body-size']);
    expect(make({ MCP_AUTH_MODE: 'hmac', MCP_HMAC_SECRET: 's' }).sec.guards.find((g) => g.name === 'auth-hmac')?.needsBody).toBe(true);
  });

  it('lets public paths through auth and rate limits, not the rest', () => {
    const { sec } = make({ MCP_AUTH_MODE: 'apikey', MCP_API_KEYS: 'k', MCP_RATE_LIMIT: '1/h' });
    for (const p of ['/healthz', '/readyz', '/.well-known/oauth-protected-resource/mcp']) {
      expect(isPublicPath(p)).toBe(true);
      expect(() => runGuards(sec.guards, request(p))).not.toThrow();
      expect(() => runGuards(sec.guards, request(p))).not.toThrow();
    }
    for (const p of ['/mcp', '/docs.json', '/swagger', '/metrics', '/tools/x', '/healthz/../mcp', '/.well-knownx']) {
      expect(isPublicPath(p)).toBe(false);
      expect(() => runGuards(sec.guards, request(p))).toThrow(HttpError);
    }
  });

  it('asks /metrics for credentials but never counts it against the rate limit', () => {
    const { sec } = make({ MCP_AUTH_MODE: 'apikey', MCP_API_KEYS: 'k', MCP_RATE_LIMIT: '1/h' });
    expect(isRateLimitExempt('/metrics')).toBe(true);
    expect(isRateLimitExempt('/mcp')).toBe(false);
    expect(() => runGuards(sec.guards, request('/metrics'))).toThrow(HttpError);
    for (let i = 0; i < 3; i++) expect(() => runGuards(sec.guards, request('/metrics', { 'x-api-key': 'k' }))).not.toThrow();
    expect(() => runGuards(sec.guards, request('/mcp', { 'x-api-key': 'k' }))).not.toThrow();
    expect(() => runGuards(sec.guards, request('/mcp', { 'x-api-key': 'k' }))).toThrow(HttpError);
  });

  it('builds call middleware and observers from settings', () => {
    expect(make({}).sec.callMiddleware).toHaveLength(5);
    expect(make({ MCP_CACHE_MAX_ENTRIES: '0' }).sec.callMiddleware).toHaveLength(4);
    expect(make({ MCP_METRICS: 'false' }).sec.metrics).toBeUndefined();
    const { sec, stores } = make({});
    expect(sec.metrics?.registry).toBeDefined();
    expect(sec.observers).toHaveLength(2);
    expect(securityFor(stores)).toBe(sec);
  });
});
