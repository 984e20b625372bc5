import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveGuards, type GuardServer } from '../../../../../test/security/guard-server.js';
import { send } from '../../../../../test/security/http.js';
import { startIssuer, type Issuer } from '../../../../../test/security/jwks-server.js';
import type { OAuthSettings } from '../../../settings/types.js';
import { oauthGuard, protectedResourceMetadata, resourceMetadataUrl, tokenScopes } from './index.js';

const AUD = 'http://127.0.0.1/mcp';

describe('oauthGuard over HTTP with a real JWKS', () => {
  let as: Issuer;
  let srv: GuardServer;
  let oauth: OAuthSettings;
  beforeAll(async () => {
    as = await startIssuer(AUD);
    oauth = {
      issuer: as.issuer,
      audience: AUD,
      jwksUrl: as.jwksUrl,
      resourceUrl: 'https://mcp.example.com/mcp',
      authorizationServers: [as.issuer],
      scopeRoles: new Map([
        ['mcp.read', ['user']],
        ['mcp.admin', ['admin', 'user']],
      ]),
      requiredScopes: ['mcp.read'],
    };
    srv = await serveGuards([oauthGuard({ oauth, defaultRoles: [] })]);
  });
  afterAll(async () => {
    await srv.close();
    await as.close();
  });

  const call = (token?: string) => send(`${srv.url}/mcp`, { headers: token === undefined ? {} : { Authorization: `Bearer ${token}` } });
  const META = 'Bearer resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource/mcp"';

  it('accepts a valid token and maps scopes to roles', async () => {
    const token = await as.mint({ sub: 'alice', scope: 'mcp.read mcp.admin' });
    const r = await call(token);
    expect(r.status).toBe(200);
    const caller = r.json().caller;
    expect(caller.id).toBe('oauth:alice');
    expect(caller.scheme).toBe('oauth');
    expect(caller.roles.sort()).toEqual(['admin', 'user']);
    // the second use is served from the verified-token cache
    const before = as.fetches();
    expect((await call(token)).status).toBe(200);
    expect(as.fetches()).toBe(before);
  });

  it('challenges a request without a token with the resource metadata URL', async () => {
    const r = await call();
    expect(r.status).toBe(401);
    expect(r.headers['www-authenticate']).toBe(`${META}, scope="mcp.read"`);
    expect(r.json().error.code).toBe('invalid_token');
  });

  it.each([
    ['expired', { expiresIn: Math.floor(Date.now() / 1000) - 120 }, 'token expired'],
    ['wrong audience', { audience: 'https://other.example/mcp' }, 'token audience is not this resource'],
    ['wrong issuer', { issuer: 'https://evil.example' }, 'token issuer is not trusted'],
    ['not yet valid', { notBefore: Math.floor(Date.now() / 1000) + 600 }, 'token is not valid yet'],
    ['signed by another key', { key: 'rogue' as const }, 'token signature is invalid'],
    ['unknown kid', { kid: 'nope' }, 'token signed by an unknown key'],
  ])('refuses a token that is %s', async (_name, opts, why) => {
    const token = await as.mint({ sub: 'mallory', scope: 'mcp.read' }, opts);
    const r = await call(token);
    expect(r.status).toBe(401);
    expect(r.json().error).toEqual({ code: 'invalid_token', message: why });
    expect(r.headers['www-authenticate']).toContain(`${META}, scope="mcp.read", error="invalid_token", error_description="${why}"`);
  });

  it('refuses garbage and unsigned tokens', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    const payload = Buffer.from(JSON.stringify({ sub: 'x', iss: as.issuer, aud: AUD, exp: 9e9, scope: 'mcp.read' })).toString('base64url');
    for (const t of ['garbage', `${header}.${payload}.`, 'a.b.c']) {
      const r = await call(t);
      expect(r.status).toBe(401);
      expect(r.json().error.code).toBe('invalid_token');
    }
  });

  it('answers 403 insufficient_scope when a required scope is missing', async () => {
    const token = await as.mint({ sub: 'bob', scope: 'mcp.admin' });
    const r = await call(token);
    expect(r.status).toBe(403);
    expect(r.json().error.code).toBe('insufficient_scope');
    expect(r.headers['www-authenticate']).toBe(`${META}, error="insufficient_scope", scope="mcp.read"`);
    // cached path answers the same
    expect((await call(token)).status).toBe(403);
  });

  it('builds RFC 9728 metadata', () => {
    expect(resourceMetadataUrl('https://a.example')).toBe('https://a.example/.well-known/oauth-protected-resource');
    expect(protectedResourceMetadata(oauth)).toEqual({
      resource: 'https://mcp.example.com/mcp',
      authorization_servers: [as.issuer],
      bearer_methods_supported: ['header'],
      scopes_supported: ['mcp.read', 'mcp.admin'],
    });
    expect(tokenScopes({ scp: ['a', 'b'] })).toEqual(['a', 'b']);
  });

  it('answers 503 auth_unavailable (not 401) when the key server is down', async () => {
    const down = await startIssuer(AUD);
    const g = await serveGuards([oauthGuard({ oauth: { ...oauth, issuer: down.issuer, jwksUrl: down.jwksUrl }, defaultRoles: [] })]);
    try {
      const token = await down.mint({ sub: 'x', scope: 'mcp.read' });
      await down.close();
      const r = await send(`${g.url}/mcp`, { headers: { Authorization: `Bearer ${token}` } });
      expect(r.status).toBe(503);
      expect(r.json().error.code).toBe('auth_unavailable');
      expect(r.headers['retry-after']).toBe('5');
    } finally {
      await g.close();
    }
  });
});
