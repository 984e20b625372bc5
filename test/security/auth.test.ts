/**
 * Authentication through the real app on every route: apikey, hmac, oauth (real JWKS on 127.0.0.1).
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signRequest } from '../../runtime/src/middleware/auth/hmac/index.js';
import { JSON_HEADERS, MINIMAL_OPENAPI, PROTOCOL, rpcBody, startApp, type TestApp } from './app.js';
import { send } from './http.js';
import { startIssuer, type Issuer } from './jwks-server.js';
import { openSession } from './mcp-client.js';
import { DOCS_ROUTES, PROTECTED_ROUTES, PUBLIC_ROUTES } from './routes.js';

const errorCode = (text: string): string | undefined => {
  try {
    const j = JSON.parse(text);
    // JSON-RPC errors carry the name in data.error; REST errors in error.code.
    if (typeof j.error?.code === 'number') return j.error?.data?.error;
    return j.error?.code ?? j.error;
  } catch {
    return undefined;
  }
};

/** Element names and schemas only the admin role may see. */
const HIDDEN = ['admin.secret', 'admin-notes', 'admin.prompt', 'AdminSecretInput', 'AdminPromptArguments'];

/** A document with REST operations for visible and admin-only elements, like the generator emits. */
const FIXTURE_OPENAPI = {
  ...MINIMAL_OPENAPI,
  paths: {
    '/tools/math.add': { post: { operationId: 'tool.math.add', requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/MathAddInput' } } } }, responses: { '200': { description: 'ok' } } } },
    '/tools/admin.secret': { post: { operationId: 'tool.admin.secret', requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/AdminSecretInput' } } } }, responses: { '200': { description: 'ok' } } } },
    '/resources/about': { get: { operationId: 'resource.about', responses: { '200': { description: 'ok' } } } },
    '/resources/admin-notes': { get: { operationId: 'resource.admin-notes', responses: { '200': { description: 'ok' } } } },
    '/prompts/greet': { post: { operationId: 'prompt.greet', responses: { '200': { description: 'ok' } } } },
    '/prompts/admin.prompt': { post: { operationId: 'prompt.admin.prompt', requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/AdminPromptArguments' } } } }, responses: { '200': { description: 'ok' } } } },
  },
  components: { schemas: { MathAddInput: { type: 'object' }, AdminSecretInput: { type: 'object' }, AdminPromptArguments: { type: 'object' } } },
};

describe('apikey mode', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ MCP_AUTH_MODE: 'apikey', MCP_API_KEYS: 'plain-key', MCP_API_KEYS_MAP: 'admin-key:admin|user;user-key:user' }, {}, { openapi: FIXTURE_OPENAPI });
  });
  afterAll(() => t.close());

  for (const r of PROTECTED_ROUTES) {
    it(`401 invalid_api_key on ${r.name} without a key, and not with one`, async () => {
      const res = await send(t.base + r.path, { method: r.method, headers: r.headers, ...(r.body !== undefined ? { body: r.body } : {}) });
      expect(res.status).toBe(401);
      expect(errorCode(res.text)).toBe('invalid_api_key');
      const wrong = await send(t.base + r.path, { method: r.method, headers: { ...r.headers, 'X-API-Key': 'nope' }, ...(r.body !== undefined ? { body: r.body } : {}) });
      expect(wrong.status).toBe(401);
      const ok = await send(t.base + r.path, { method: r.method, headers: { ...r.headers, 'X-API-Key': 'user-key' }, ...(r.body !== undefined ? { body: r.body } : {}), ...(r.stream === true ? { headersOnly: true } : {}) });
      expect(ok.status).not.toBe(401);
      expect(ok.status).not.toBe(403);
    });
  }

  for (const r of PUBLIC_ROUTES) {
    it(`${r.name} needs no key`, async () => {
      expect((await send(t.base + r.path)).status).toBe(200);
    });
  }

  for (const r of DOCS_ROUTES) {
    it(`${r.name} refuses a rebinding Host and a foreign Origin`, async () => {
      expect((await send(t.base + r.path, { headers: { Host: 'evil.example.com' } })).status).toBe(403);
      expect((await send(t.base + r.path, { headers: { Origin: 'https://evil.example.com' } })).status).toBe(403);
    });
  }

  it('/docs.json needs a key and is the caller\'s view: role-hidden elements never appear without the role', async () => {
    expect((await send(`${t.base}/docs.json`)).status).toBe(401);
    expect((await send(`${t.base}/docs.json`, { headers: { 'X-API-Key': 'wrong' } })).status).toBe(401);
    const user = await send(`${t.base}/docs.json`, { headers: { 'X-API-Key': 'user-key' } });
    expect(user.status).toBe(200);
    for (const hidden of HIDDEN) expect(user.text, `user-key sees ${hidden}`).not.toContain(hidden);
    for (const shown of ['/tools/math.add', '/resources/about', '/prompts/greet']) expect(user.text).toContain(shown);
    const admin = await send(`${t.base}/docs.json`, { headers: { Authorization: 'Bearer admin-key' } });
    for (const shown of HIDDEN) expect(admin.text, `admin-key misses ${shown}`).toContain(shown);
  });

  it('MCP_DOCS_PUBLIC=true opens the docs to anonymous callers, still filtered by the default roles', async () => {
    const open = await startApp({ MCP_AUTH_MODE: 'apikey', MCP_API_KEYS_MAP: 'admin-key:admin|user', MCP_DOCS_PUBLIC: 'true' }, {}, { openapi: FIXTURE_OPENAPI });
    try {
      const anonymous = await send(`${open.base}/docs.json`);
      expect(anonymous.status).toBe(200);
      for (const hidden of HIDDEN) expect(anonymous.text, `anonymous sees ${hidden}`).not.toContain(hidden);
      expect(anonymous.text).toContain('/tools/math.add');
      expect((await send(`${open.base}/swagger`)).status).toBe(200);
      // A wrong key is refused, not downgraded; the right one gets its wider view.
      expect((await send(`${open.base}/docs.json`, { headers: { 'X-API-Key': 'wrong' } })).status).toBe(401);
      expect((await send(`${open.base}/docs.json`, { headers: { 'X-API-Key': 'admin-key' } })).text).toContain('admin.secret');
      // Everything else still wants the key.
      expect((await send(`${open.base}/mcp/list`)).status).toBe(401);
      expect((await send(`${open.base}/metrics`)).status).toBe(401);
    } finally {
      await open.close();
    }
  });

  it('gives each key its roles (whoami over /mcp)', async () => {
    for (const [key, roles] of [
      ['admin-key', ['admin', 'user']],
      ['user-key', ['user']],
      ['plain-key', ['user']], // plain keys get MCP_DEFAULT_ROLES (default: user)
    ] as const) {
      const s = await openSession(t.url, { Authorization: `Bearer ${key}` });
      const { body } = await s.rpc('tools/call', { name: 'whoami', arguments: {} });
      expect(JSON.parse(body.result.content[0].text).roles).toEqual(roles);
    }
  });

  it('binds a session to the key that opened it', async () => {
    const s = await openSession(t.url, { 'X-API-Key': 'admin-key' });
    const hijack = await send(t.url, { method: 'POST', headers: { ...s.headers(), 'X-API-Key': 'user-key' }, body: JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'tools/list' }) });
    expect([403, 404]).toContain(hijack.status);
    expect(hijack.text).not.toContain('admin.secret');
  });
});

describe('hmac mode', () => {
  const SECRET = 'hmac-test-secret-value';
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ MCP_AUTH_MODE: 'hmac', MCP_HMAC_SECRET: SECRET, MCP_DEFAULT_ROLES: 'user' });
  });
  afterAll(() => t.close());

  // Milliseconds: several requests with the same (empty) body go out within one second.
  let lastTs = 0;
  const signed = (body: string, ts = (lastTs = Math.max(Date.now(), lastTs + 1))) => ({ 'X-Timestamp': String(ts), 'X-Signature': signRequest(SECRET, body, ts) });

  for (const r of PROTECTED_ROUTES) {
    it(`401 invalid_signature on ${r.name} unsigned, and not when signed`, async () => {
      const res = await send(t.base + r.path, { method: r.method, headers: r.headers, ...(r.body !== undefined ? { body: r.body } : {}) });
      expect(res.status).toBe(401);
      expect(errorCode(res.text)).toBe('invalid_signature');
      const ok = await send(t.base + r.path, { method: r.method, headers: { ...r.headers, ...signed(r.body ?? '') }, ...(r.body !== undefined ? { body: r.body } : {}), ...(r.stream === true ? { headersOnly: true } : {}) });
      expect(ok.status).not.toBe(401);
    });
  }

  it('refuses a replayed signed request and a tampered body', async () => {
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'mcp.list' });
    const h = signed(body);
    const first = await send(t.url, { method: 'POST', headers: { ...JSON_HEADERS, ...h }, body });
    expect(first.status).toBe(200);
    const again = await send(t.url, { method: 'POST', headers: { ...JSON_HEADERS, ...h }, body });
    expect(again.status).toBe(401);
    expect(again.text).toContain('replay');
    const tampered = await send(t.url, { method: 'POST', headers: { ...JSON_HEADERS, ...signed(body) }, body: body.replace('mcp.list', 'tools/list') });
    expect(tampered.status).toBe(401);
  });

  it('accepts the reference README example body signed the reference way only in compatibility mode', async () => {
    const c = await startApp({ MCP_AUTH_MODE: 'hmac', MCP_HMAC_SECRET: 'supersecret', MCP_HMAC_ALLOW_BODY_ONLY: 'true' });
    try {
      const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'mcp.list' });
      const r = await send(c.url, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Signature': signRequest('supersecret', body) }, body });
      expect(r.status).toBe(200);
      expect(JSON.stringify(rpcBody(r.text))).toContain('math.add');
    } finally {
      await c.close();
    }
  });
});

describe('oauth mode', () => {
  let as: Issuer;
  let t: TestApp;
  let audience = '';
  beforeAll(async () => {
    // The audience is this server's URL; the port is unknown until listening, so use a fixed canonical URL.
    audience = 'https://mcp.test.example/mcp';
    as = await startIssuer(audience);
    t = await startApp({
      MCP_AUTH_MODE: 'oauth',
      MCP_OAUTH_ISSUER: as.issuer,
      MCP_OAUTH_AUDIENCE: audience,
      MCP_OAUTH_JWKS_URL: as.jwksUrl,
      MCP_OAUTH_SCOPE_ROLES: 'mcp.use:user;mcp.admin:admin|user',
      MCP_OAUTH_REQUIRED_SCOPES: 'mcp.use',
    });
  });
  afterAll(async () => {
    await t.close();
    await as.close();
  });

  const META = 'resource_metadata="https://mcp.test.example/.well-known/oauth-protected-resource/mcp"';

  for (const r of PROTECTED_ROUTES) {
    it(`401 with WWW-Authenticate on ${r.name} without a token; 403 insufficient_scope with a weak one`, async () => {
      const res = await send(t.base + r.path, { method: r.method, headers: r.headers, ...(r.body !== undefined ? { body: r.body } : {}) });
      expect(res.status).toBe(401);
      expect(String(res.headers['www-authenticate'])).toContain(META);
      const weak = await as.mint({ sub: 'w', scope: 'other' });
      const w = await send(t.base + r.path, { method: r.method, headers: { ...r.headers, Authorization: `Bearer ${weak}` }, ...(r.body !== undefined ? { body: r.body } : {}) });
      expect(w.status).toBe(403);
      expect(String(w.headers['www-authenticate'])).toContain('error="insufficient_scope", scope="mcp.use"');
      const good = await as.mint({ sub: 'g', scope: 'mcp.use' });
      const ok = await send(t.base + r.path, { method: r.method, headers: { ...r.headers, Authorization: `Bearer ${good}` }, ...(r.body !== undefined ? { body: r.body } : {}), ...(r.stream === true ? { headersOnly: true } : {}) });
      expect([401, 403]).not.toContain(ok.status);
    });
  }

  it('refuses tokens for another audience or issuer, expired or forged', async () => {
    const cases = [
      await as.mint({ sub: 'a', scope: 'mcp.use' }, { audience: 'https://other.example/mcp' }),
      await as.mint({ sub: 'a', scope: 'mcp.use' }, { issuer: 'https://evil.example' }),
      await as.mint({ sub: 'a', scope: 'mcp.use' }, { expiresIn: Math.floor(Date.now() / 1000) - 300 }),
      await as.mint({ sub: 'a', scope: 'mcp.use' }, { key: 'rogue' }),
    ];
    for (const token of cases) {
      const r = await send(t.url, { method: 'POST', headers: { ...JSON_HEADERS, Authorization: `Bearer ${token}` }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'mcp.list' }) });
      expect(r.status).toBe(401);
      expect(String(r.headers['www-authenticate'])).toContain('error="invalid_token"');
    }
  });

  it('maps scopes to roles: admin scope sees admin tools', async () => {
    const admin = await openSession(t.url, { Authorization: `Bearer ${await as.mint({ sub: 'root', scope: 'mcp.use mcp.admin' })}` });
    const user = await openSession(t.url, { Authorization: `Bearer ${await as.mint({ sub: 'joe', scope: 'mcp.use' })}` });
    const names = async (s: typeof admin) => (await s.rpc('tools/list')).body.result.tools.map((x: { name: string }) => x.name);
    expect(await names(admin)).toContain('admin.secret');
    expect(await names(user)).not.toContain('admin.secret');
  });

  it('works with the official SDK client carrying a bearer token', async () => {
    const token = await as.mint({ sub: 'sdk', scope: 'mcp.use mcp.admin' });
    const client = new Client({ name: 'sdk-oauth', version: '1' });
    await client.connect(new StreamableHTTPClientTransport(new URL(t.url), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }));
    try {
      expect((await client.listTools()).tools.map((x) => x.name)).toContain('admin.secret');
      const r = await client.callTool({ name: 'whoami', arguments: {} });
      expect(JSON.parse((r.content as Array<{ text: string }>)[0]!.text)).toEqual({ id: 'oauth:sdk', roles: ['user', 'admin'] });
    } finally {
      await client.close();
    }
    const anonymous = new Client({ name: 'sdk-anon', version: '1' });
    await expect(anonymous.connect(new StreamableHTTPClientTransport(new URL(t.url)))).rejects.toThrow();
  });

  it('serves RFC 9728 metadata without a token', async () => {
    const r = await send(`${t.base}/.well-known/oauth-protected-resource/mcp`);
    expect(r.status).toBe(200);
    expect(r.json()).toMatchObject({ resource: audience, authorization_servers: [as.issuer] });
  });
});

describe('protocol version header', () => {
  it('400 unsupported_protocol_version', async () => {
    const t = await startApp();
    try {
      const s = await openSession(t.url);
      const r = await send(t.url, { method: 'POST', headers: { ...s.headers(), 'MCP-Protocol-Version': '1999-01-01' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }) });
      expect(r.status).toBe(400);
      expect(r.text).toContain('unsupported_protocol_version');
    } finally {
      await t.close();
    }
  });
});

export { PROTOCOL };
