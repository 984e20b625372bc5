import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveGuards, type GuardServer } from '../../../../../test/security/guard-server.js';
import { send } from '../../../../../test/security/http.js';
import { apiKeyGuard, apiKeyVerifier } from './index.js';

const settings = { apiKeys: ['plain-key-1'], apiKeysMap: new Map([['admin-key', ['admin', 'user']], ['user-key', ['user']]]), defaultRoles: ['guest'] };

describe('apiKeyVerifier', () => {
  const verify = apiKeyVerifier(settings);
  it('finds the roles of a mapped key and the default roles of a plain key', () => {
    expect(verify('admin-key')?.roles).toEqual(['admin', 'user']);
    expect(verify('plain-key-1')?.roles).toEqual(['guest']);
    expect(verify('plain-key-1')?.scheme).toBe('apikey');
  });
  it('refuses unknown, prefix, longer and empty keys', () => {
    for (const k of ['nope', 'admin-ke', 'admin-key ', 'admin-keyX', '', 'ADMIN-KEY']) expect(verify(k)).toBeUndefined();
  });
  it('answers the same after a key was verified once (cache): same caller, near misses still refused', () => {
    const v = apiKeyVerifier(settings);
    const first = v('user-key');
    expect(v('user-key')).toBe(first);
    for (const k of ['user-ke', 'user-key ', 'user-keyX', 'USER-KEY']) expect(v(k)).toBeUndefined();
    expect(v('admin-key')?.roles).toEqual(['admin', 'user']);
    expect(v('user-key')?.roles).toEqual(['user']);
  });
  it('never uses the key itself as the caller id', () => {
    const c = verify('admin-key')!;
    expect(c.id).toMatch(/^key:[0-9a-f]{12}$/);
    expect(c.id).not.toContain('admin-key');
    expect(verify('user-key')!.id).not.toBe(c.id);
  });
});

describe('apiKeyGuard over HTTP', () => {
  let srv: GuardServer;
  beforeAll(async () => {
    srv = await serveGuards([apiKeyGuard(settings)]);
  });
  afterAll(() => srv.close());

  it('accepts X-API-Key and Bearer', async () => {
    const a = await send(`${srv.url}/mcp`, { headers: { 'X-API-Key': 'user-key' } });
    expect(a.status).toBe(200);
    expect(a.json().caller.roles).toEqual(['user']);
    const b = await send(`${srv.url}/mcp`, { headers: { Authorization: 'Bearer admin-key' } });
    expect(b.status).toBe(200);
    expect(b.json().caller.roles).toEqual(['admin', 'user']);
  });

  it('answers 401 invalid_api_key for missing or wrong keys, without echoing them', async () => {
    for (const headers of [{}, { 'X-API-Key': 'wrong' }, { Authorization: 'Bearer wrong' }, { Authorization: 'Basic dXNlcjpwdw==' }]) {
      const r = await send(`${srv.url}/mcp`, { headers });
      expect(r.status).toBe(401);
      expect(r.json().error.code).toBe('invalid_api_key');
      expect(r.text).not.toContain('wrong');
      expect(r.headers['www-authenticate']).toContain('Bearer');
    }
  });
});
