import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveGuards, type GuardServer } from '../../../../../test/security/guard-server.js';
import { send } from '../../../../../test/security/http.js';
import { MemoryNonceStore } from '../../../store/memory/nonce.js';
import { hmacGuard, signRequest } from './index.js';

const SECRET = 'supersecret';
const base = { hmacSecret: SECRET, hmacWindowSec: 300, defaultRoles: ['user'] };
const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'mcp.list' });
const now = (): number => Math.floor(Date.now() / 1000);

describe('hmacGuard over HTTP', () => {
  let srv: GuardServer;
  let compat: GuardServer;
  beforeAll(async () => {
    srv = await serveGuards([hmacGuard(base, new MemoryNonceStore())]);
    compat = await serveGuards([hmacGuard({ ...base, hmacAllowBodyOnly: true }, new MemoryNonceStore())]);
  });
  afterAll(async () => {
    await srv.close();
    await compat.close();
  });

  const post = (url: string, headers: Record<string, string>, b = body) => send(`${url}/mcp`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: b });

  it('accepts a signed, timestamped request once', async () => {
    const ts = now();
    const headers = { 'X-Timestamp': String(ts), 'X-Signature': signRequest(SECRET, body, ts) };
    const ok = await post(srv.url, headers);
    expect(ok.status).toBe(200);
    expect(ok.json().caller).toEqual({ id: 'hmac', roles: ['user'], scheme: 'hmac' });
    const replay = await post(srv.url, headers);
    expect(replay.status).toBe(401);
    expect(replay.json().error).toEqual({ code: 'invalid_signature', message: 'invalid signature: this signature was already used (replay)' });
  });

  it('refuses forged, tampered, stale, future and malformed signatures', async () => {
    const ts = now();
    const cases: Array<[Record<string, string>, string, string?]> = [
      [{}, 'missing X-Signature'],
      [{ 'X-Signature': signRequest('wrong-secret', body, ts), 'X-Timestamp': String(ts) }, 'does not match'],
      [{ 'X-Signature': signRequest(SECRET, body, ts), 'X-Timestamp': String(ts + 1) }, 'does not match'],
      [{ 'X-Signature': signRequest(SECRET, body, ts), 'X-Timestamp': String(ts) }, 'does not match', body.replace('1', '2')],
      [{ 'X-Signature': signRequest(SECRET, body, ts - 3600), 'X-Timestamp': String(ts - 3600) }, 'stale'],
      [{ 'X-Signature': signRequest(SECRET, body, ts + 3600), 'X-Timestamp': String(ts + 3600) }, 'stale'],
      [{ 'X-Signature': 'sha256=zz', 'X-Timestamp': String(ts) }, 'malformed X-Signature'],
      [{ 'X-Signature': 'md5=' + 'a'.repeat(64), 'X-Timestamp': String(ts) }, 'malformed X-Signature'],
      [{ 'X-Signature': signRequest(SECRET, body, ts), 'X-Timestamp': '12e3' }, 'malformed X-Timestamp'],
      [{ 'X-Signature': signRequest(SECRET, body) }, 'missing X-Timestamp'],
    ];
    for (const [headers, why, b] of cases) {
      const r = await post(srv.url, headers, b);
      expect(r.status, why).toBe(401);
      expect(r.json().error.code).toBe('invalid_signature');
      expect(r.json().error.message).toContain(why);
      expect(r.text).not.toContain(SECRET);
    }
  });

  it('accepts the reference body-only signature only in compatibility mode', async () => {
    const sig = signRequest(SECRET, body);
    expect((await post(compat.url, { 'X-Signature': sig })).status).toBe(200);
    expect((await post(srv.url, { 'X-Signature': sig })).status).toBe(401);
    expect((await post(compat.url, { 'X-Signature': signRequest('x', body) })).status).toBe(401);
  });

  it('accepts millisecond timestamps, so identical GETs within a second differ', async () => {
    const ms = Date.now();
    const a = await send(`${srv.url}/mcp`, { headers: { 'X-Timestamp': String(ms), 'X-Signature': signRequest(SECRET, '', ms) } });
    const b = await send(`${srv.url}/mcp`, { headers: { 'X-Timestamp': String(ms + 1), 'X-Signature': signRequest(SECRET, '', ms + 1) } });
    expect([a.status, b.status]).toEqual([200, 200]);
    const stale = Date.now() - 3_600_000;
    expect((await send(`${srv.url}/mcp`, { headers: { 'X-Timestamp': String(stale), 'X-Signature': signRequest(SECRET, '', stale) } })).status).toBe(401);
  });

  it('signs GET requests over an empty body', async () => {
    const ts = now();
    const r = await send(`${srv.url}/mcp`, { headers: { 'X-Timestamp': String(ts), 'X-Signature': signRequest(SECRET, '', ts) } });
    expect(r.status).toBe(200);
  });
});
