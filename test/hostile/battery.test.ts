/**
 * The hostile-input battery: every case goes through real HTTP (or raw TCP) to a real app on 127.0.0.1.
 * For each: the server stays up, answers a well-formed error, leaks no stack trace or secret, and nothing
 * meant for one caller reaches another. Ends with `hostile battery: N cases, N passed` (fuzz runs count as cases).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signRequest } from '../../runtime/src/middleware/auth/hmac/index.js';
import { JSON_HEADERS, PROTOCOL, rpcBody, startApp, type TestApp } from '../security/app.js';
import { send, type RawResponse } from '../security/http.js';
import { startIssuer, type Issuer } from '../security/jwks-server.js';
import { openSession, type RawSession } from '../security/mcp-client.js';
import { expectSane, expectUp, prototypePolluted, rawRequest } from './checks.js';

const tally = { total: 0, passed: 0, failed: [] as string[] };
function hostile(name: string, fn: () => Promise<void>, timeout?: number): void {
  it(
    name,
    async () => {
      tally.total++;
      try {
        await fn();
        tally.passed++;
      } catch (e) {
        tally.failed.push(name);
        throw e;
      }
    },
    timeout,
  );
}

const USER_KEY = 'user-key-7f3a9c';
const ADMIN_KEY = 'admin-key-2b8e41';
const OTHER_KEY = 'other-key-c0ffee';
const HMAC_SECRET = 'hmac-secret-d4e5f6a7b8';
const SECRETS = [USER_KEY, ADMIN_KEY, OTHER_KEY, HMAC_SECRET];

let open: TestApp; // auth none
let keyed: TestApp; // apikey with roles
let hmac: TestApp;
let oauth: TestApp;
let issuer: Issuer;
let session: RawSession; // a good session on `open`
let userS: RawSession;
let adminS: RawSession;

beforeAll(async () => {
  open = await startApp({ MCP_MAX_BODY_BYTES: '65536', MCP_MAX_JSON_DEPTH: '32' });
  keyed = await startApp({ MCP_AUTH_MODE: 'apikey', MCP_API_KEYS_MAP: `${USER_KEY}:user;${ADMIN_KEY}:admin;${OTHER_KEY}:user` });
  hmac = await startApp({ MCP_AUTH_MODE: 'hmac', MCP_HMAC_SECRET: HMAC_SECRET, MCP_HMAC_WINDOW_SEC: '60' });
  issuer = await startIssuer('https://mcp.hostile.example/mcp');
  oauth = await startApp({ MCP_AUTH_MODE: 'oauth', MCP_OAUTH_ISSUER: issuer.issuer, MCP_OAUTH_AUDIENCE: 'https://mcp.hostile.example/mcp', MCP_OAUTH_JWKS_URL: issuer.jwksUrl });
  session = await openSession(open.url);
  userS = await openSession(keyed.url, { 'X-API-Key': USER_KEY });
  adminS = await openSession(keyed.url, { 'X-API-Key': ADMIN_KEY });
});

afterAll(async () => {
  for (const t of [open, keyed, hmac, oauth]) await t?.close();
  await issuer?.close();
  const failed = tally.failed.length > 0 ? ` (failed: ${tally.failed.join('; ')})` : '';
  console.log(`hostile battery: ${tally.total} cases, ${tally.passed} passed${failed}`);
});

const post = (t: TestApp, body: string | Buffer, headers: Record<string, string> = {}): Promise<RawResponse> =>
  send(t.url, { method: 'POST', headers: { ...JSON_HEADERS, 'MCP-Protocol-Version': PROTOCOL, ...(session && t === open ? { 'Mcp-Session-Id': session.sessionId } : {}), ...headers }, body });

describe('malformed and truncated JSON', () => {
  const bodies = [
    '{"jsonrpc":',
    '{"jsonrpc":"2.0","id":1,"method":"ping"',
    '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"text":"a',
    '',
    ' ',
    'null',
    '123',
    '"just a string"',
    'true',
    '[]',
    '[1,2,3]',
    '{}',
    '{"jsonrpc":"2.0"}',
    '{"jsonrpc":"1.0","id":1,"method":"ping"}',
    '{"id":1,"method":"ping"}',
    '{"jsonrpc":"2.0","id":{"a":1},"method":"ping"}',
    '{"jsonrpc":"2.0","id":[1],"method":"ping"}',
    '{"jsonrpc":"2.0","id":true,"method":"ping"}',
    '{"jsonrpc":"2.0","id":1e999,"method":"ping"}',
    '{"jsonrpc":"2.0","id":1,"method":123}',
    '{"jsonrpc":"2.0","id":1,"method":null}',
    '{"jsonrpc":"2.0","id":1,"method":"ping","params":"str"}',
    '{"jsonrpc":"2.0","id":1,"method":"ping"}garbage',
    '{"jsonrpc":"2.0","id":1,"method":"ping"}{"jsonrpc":"2.0","id":2,"method":"ping"}',
    "{'jsonrpc':'2.0','id':1,'method':'ping'}",
    '{"jsonrpc":"2.0","id":1,"method":"ping",}',
    '\u0000\u0001\u0002',
    '{"jsonrpc":"2.0","id":1,"method":"ping","id":2}',
  ];
  for (const b of bodies) {
    hostile(`body ${JSON.stringify(b).slice(0, 60)}`, async () => {
      const r = await post(open, b);
      expectSane(r);
      if (r.status === 200) {
        const m = rpcBody(r.text);
        expect(m).toBeDefined();
      }
      await expectUp(open.base);
    });
  }
});

describe('content types, accept and methods', () => {
  const ping = '{"jsonrpc":"2.0","id":1,"method":"ping"}';
  const cases: Array<[string, Record<string, string>, number[]]> = [
    ['text/plain', { 'Content-Type': 'text/plain' }, [415]],
    ['application/xml', { 'Content-Type': 'application/xml' }, [415]],
    ['multipart', { 'Content-Type': 'multipart/form-data; boundary=x' }, [415]],
    ['form', { 'Content-Type': 'application/x-www-form-urlencoded' }, [415]],
    ['json utf-16 charset', { 'Content-Type': 'application/json; charset=utf-16' }, [200, 415]],
    ['no accept', { Accept: '' }, [200, 406]],
    ['accept html only', { Accept: 'text/html' }, [406]],
    ['accept sse only', { Accept: 'text/event-stream' }, [200, 406]],
  ];
  for (const [name, headers, statuses] of cases) {
    hostile(`content negotiation: ${name}`, async () => {
      const r = await post(open, ping, headers);
      expectSane(r, { statuses });
      await expectUp(open.base);
    });
  }
  for (const method of ['PUT', 'PATCH', 'TRACE', 'CONNECT', 'PROPFIND', 'FOO']) {
    hostile(`HTTP method ${method} on /mcp`, async () => {
      if (method === 'CONNECT') {
        const raw = await rawRequest(open.port, `CONNECT /mcp HTTP/1.1\r\nHost: 127.0.0.1:${open.port}\r\n\r\n`);
        expect(raw.statusLine).toMatch(/^HTTP\/1\.1 4\d\d|^$/);
      } else {
        // TRACE must not carry a body (node's parser drops such a connection before the app sees it).
        const r = await send(open.url, { method, headers: { 'Content-Type': 'application/json' }, ...(method === 'TRACE' ? {} : { body: ping }) });
        expectSane(r);
        expect(r.status).toBeGreaterThanOrEqual(400);
      }
      await expectUp(open.base);
    });
  }
});

describe('size and depth', () => {
  hostile('oversized declared body', async () => {
    const r = await post(open, JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'echo', arguments: { text: 'x'.repeat(200_000) } } }));
    expectSane(r, { statuses: [413] });
    await expectUp(open.base);
  });
  hostile('oversized chunked body', async () => {
    const r = await post(open, Buffer.alloc(300_000, 0x20), { 'Transfer-Encoding': 'chunked' });
    expectSane(r, { statuses: [413] });
    await expectUp(open.base);
  });
  hostile('deep arrays (50k)', async () => {
    const r = await post(open, '['.repeat(30_000) + ']'.repeat(30_000));
    expectSane(r, { statuses: [400] });
    await expectUp(open.base);
  });
  hostile('deep objects in arguments', async () => {
    const r = await post(open, `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":${'{"a":'.repeat(1000)}1${'}'.repeat(1000)}}}`);
    expectSane(r, { statuses: [400] });
    await expectUp(open.base);
  });
  hostile('unclosed deep nesting', async () => {
    const r = await post(open, '{"a":'.repeat(12_000));
    expectSane(r, { statuses: [400] });
    await expectUp(open.base);
  });
  hostile('very many keys', async () => {
    const obj: Record<string, number> = {};
    for (let i = 0; i < 5000; i++) obj[`k${i}`] = i;
    const r = await post(open, JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'math.add', arguments: obj } }));
    expectSane(r);
    await expectUp(open.base);
  });
  hostile('huge header', async () => {
    const raw = await rawRequest(open.port, `POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:${open.port}\r\nX-Big: ${'a'.repeat(40_000)}\r\nContent-Length: 2\r\n\r\n{}`);
    expect(raw.statusLine).toMatch(/^HTTP\/1\.1 431|^$/);
    await expectUp(open.base);
  });
});

describe('prototype pollution', () => {
  const payloads = [
    '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"text":"x","__proto__":{"polluted":true,"isAdmin":true}}}}',
    '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"text":"x","constructor":{"prototype":{"polluted":true}}}}}',
    '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"__proto__","arguments":{}}}',
    '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"constructor","arguments":{}}}',
    '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"toString","arguments":{}}}',
    '{"jsonrpc":"2.0","id":1,"method":"prompts/get","params":{"name":"hasOwnProperty","arguments":{}}}',
    '{"jsonrpc":"2.0","id":1,"method":"__proto__","params":{}}',
    '{"jsonrpc":"2.0","id":1,"method":"constructor","params":{}}',
    '{"jsonrpc":"2.0","id":1,"method":"prompts/get","params":{"name":"greet","arguments":{"name":"x","__proto__":{"admin":true}}}}',
    '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"__proto__":{"polluted":1},"protocolVersion":"2025-11-25","capabilities":{"__proto__":{"polluted":1}},"clientInfo":{"name":"x","version":"1"}}}',
    '{"__proto__":{"polluted":true},"jsonrpc":"2.0","id":1,"method":"ping"}',
  ];
  for (const p of payloads) {
    hostile(`pollution ${p.slice(40, 110)}`, async () => {
      expectSane(await post(open, p));
      expectSane(await send(`${open.base}/mcp/call`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: p.replace(/"jsonrpc":"2.0","id":1,"method":"tools\/call","params":/, '"kind":"tool","x":') }));
      expect(prototypePolluted()).toBe(false);
      await expectUp(open.base);
    });
  }
  hostile('legacy batch with __proto__ items', async () => {
    const r = await send(`${open.base}/mcp/batch`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '[{"__proto__":{"polluted":1},"kind":"tool","name":"math.add","args":{"a":1,"b":2}},{"kind":"__proto__","name":"x"}]' });
    expectSane(r);
    expect(prototypePolluted()).toBe(false);
  });
});

describe('encoding', () => {
  const cases: Array<[string, Buffer]> = [
    ['invalid UTF-8 in a string', Buffer.concat([Buffer.from('{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"text":"'), Buffer.from([0xff, 0xfe, 0xc3, 0x28]), Buffer.from('"}}}')])],
    ['invalid UTF-8 in a key', Buffer.concat([Buffer.from('{"jsonrpc":"2.0","id":1,"method":"ping","'), Buffer.from([0xc0, 0xaf]), Buffer.from('":1}')])],
    ['overlong encoding', Buffer.concat([Buffer.from('{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"text":"'), Buffer.from([0xe0, 0x80, 0xaf]), Buffer.from('"}}}')])],
    ['UTF-8 BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"jsonrpc":"2.0","id":1,"method":"ping"}')])],
    ['UTF-16 body', Buffer.from('{"jsonrpc":"2.0","id":1,"method":"ping"}', 'utf16le')],
    ['lone surrogate escapes', Buffer.from('{"jsonrpc":"2.0","id":"\\ud800","method":"tools/call","params":{"name":"echo","arguments":{"text":"\\udfff\\ud800"}}}')],
    ['NUL in method', Buffer.from('{"jsonrpc":"2.0","id":1,"method":"tools/call\\u0000x"}')],
  ];
  for (const [name, body] of cases) {
    hostile(`encoding: ${name}`, async () => {
      expectSane(await post(open, body));
      await expectUp(open.base);
    });
  }
});

describe('unknown methods and wrong parameter types', () => {
  const calls: Array<[string, unknown]> = [
    ['no/such/method', {}],
    ['tools/cal', {}],
    ['TOOLS/LIST', {}],
    ['rpc.discover', {}],
    ['tools/call', []],
    ['tools/call', { name: 42 }],
    ['tools/call', { name: null, arguments: {} }],
    ['tools/call', { name: 'math.add', arguments: 'a=1&b=2' }],
    ['tools/call', { name: 'math.add', arguments: [1, 2] }],
    ['tools/call', { name: 'math.add', arguments: { a: '1', b: {} } }],
    ['tools/call', { name: 'math.add', arguments: { a: 1e308, b: 1e308 } }],
    ['tools/call', { name: 'math.add' }],
    ['tools/call', { name: 'x'.repeat(10_000), arguments: {} }],
    ['tools/list', { cursor: 'not-a-real-cursor' }],
    ['tools/list', { cursor: 12 }],
    ['resources/read', { uri: { href: 'info://about' } }],
    ['resources/read', {}],
    ['resources/templates/list', { cursor: '../../' }],
    ['prompts/get', { name: 'greet', arguments: { name: { nested: true } } }],
    ['prompts/get', { name: 'greet', arguments: 'name=x' }],
    ['prompts/get', { name: 'greet' }],
    ['completion/complete', { ref: { type: 'ref/prompt', name: 'greet' }, argument: 'nope' }],
    ['completion/complete', { ref: { type: 'ref/evil' }, argument: { name: 'x', value: 'y' } }],
    ['logging/setLevel', { level: 'verbose' }],
    ['logging/setLevel', { level: { $gt: '' } }],
    ['resources/subscribe', { uri: 'info://admin-notes' }],
    ['ping', { _meta: { progressToken: { evil: true } } }],
    ['tools/call', { name: 'echo', arguments: { text: 'x' }, _meta: { progressToken: 'a\r\nevent: hijack\r\ndata: {}' } }],
    ['initialize', { protocolVersion: 42 }],
    ['notifications/cancelled', { requestId: 1 }],
  ];
  for (const [method, params] of calls) {
    hostile(`rpc ${method} ${JSON.stringify(params).slice(0, 60)}`, async () => {
      const { res, body } = await session.rpc(method, params);
      expectSane(res);
      if (res.status === 200 && body !== undefined) expect('result' in body || 'error' in body).toBe(true);
      expect(res.text).not.toContain('event: hijack\r');
      await expectUp(open.base);
    });
  }
});

describe('sessions', () => {
  hostile('missing session id', async () => {
    const r = await send(open.url, { method: 'POST', headers: { ...JSON_HEADERS, 'MCP-Protocol-Version': PROTOCOL }, body: '{"jsonrpc":"2.0","id":1,"method":"tools/list"}' });
    expectSane(r, { statuses: [400] });
  });
  for (const forged of ['forged-session', '00000000-0000-0000-0000-000000000000', 'x'.repeat(5000), '../../etc/passwd', '%00', '*', 'a b', 'é']) {
    hostile(`forged session id ${JSON.stringify(forged).slice(0, 40)}`, async () => {
      let r: RawResponse;
      try {
        r = await send(open.url, { method: 'POST', headers: { ...JSON_HEADERS, 'MCP-Protocol-Version': PROTOCOL, 'Mcp-Session-Id': forged }, body: '{"jsonrpc":"2.0","id":1,"method":"tools/list"}' });
      } catch {
        return; // the client itself refused the header (non-latin1): nothing reached the server
      }
      expectSane(r, { statuses: [400, 404] });
      await expectUp(open.base);
    });
  }
  hostile('CR/LF in a session id (raw TCP) is refused, nothing injected', async () => {
    const body = '{"jsonrpc":"2.0","id":1,"method":"tools/list"}';
    const raw = await rawRequest(
      open.port,
      `POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:${open.port}\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\nMcp-Session-Id: abc\rSet-Cookie: x=1\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
    );
    expect(raw.statusLine).toMatch(/^HTTP\/1\.1 4\d\d|^$/);
    expect(raw.text.toLowerCase()).not.toContain('set-cookie: x=1');
    await expectUp(open.base);
  });
  hostile('obs-fold / LF-only header lines', async () => {
    const raw = await rawRequest(open.port, `GET /mcp HTTP/1.1\nHost: 127.0.0.1:${open.port}\n Mcp-Session-Id: folded\n\n`);
    expect(raw.statusLine).toMatch(/^HTTP\/1\.1 4\d\d|^$/);
    await expectUp(open.base);
  });
  hostile('request smuggling: both Content-Length and Transfer-Encoding', async () => {
    const raw = await rawRequest(open.port, `POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:${open.port}\r\nContent-Type: application/json\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\n\r\n`);
    expect(raw.statusLine).toMatch(/^HTTP\/1\.1 4\d\d|^$/);
    await expectUp(open.base);
  });
  hostile("another caller cannot use a session it did not open", async () => {
    const r = await send(keyed.url, { method: 'POST', headers: { ...adminS.headers(), 'X-API-Key': USER_KEY }, body: '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"admin.secret","arguments":{}}}' });
    expectSane(r, { statuses: [403, 404], secrets: SECRETS });
    expect(r.text).not.toContain('the admin secret');
  });
  hostile("another caller cannot open the GET stream of a session it did not open", async () => {
    const r = await send(keyed.url, { method: 'GET', headers: { ...adminS.headers({ Accept: 'text/event-stream' }), 'X-API-Key': OTHER_KEY }, timeoutMs: 3000 });
    expectSane(r, { statuses: [403, 404], secrets: SECRETS });
  });
  hostile('another caller cannot delete a session it did not open', async () => {
    const r = await send(keyed.url, { method: 'DELETE', headers: { ...adminS.headers(), 'X-API-Key': USER_KEY } });
    expectSane(r, { statuses: [403, 404] });
    const still = await adminS.rpc('ping');
    expect(still.res.status).toBe(200);
  });
  for (const lastEventId of ['junk', '0', '../../x', 'a'.repeat(3000), `${'9'.repeat(30)}`, 'stream-x:1']) {
    hostile(`resume with Last-Event-ID ${lastEventId.slice(0, 30)}`, async () => {
      const r = await send(open.url, { method: 'GET', headers: { ...session.headers({ Accept: 'text/event-stream', 'Last-Event-ID': lastEventId }) }, timeoutMs: 1500 }).catch(() => undefined);
      if (r !== undefined) expectSane(r);
      await expectUp(open.base);
    });
  }
  hostile('CR/LF in Last-Event-ID (raw TCP)', async () => {
    const raw = await rawRequest(open.port, `GET /mcp HTTP/1.1\r\nHost: 127.0.0.1:${open.port}\r\nAccept: text/event-stream\r\nMcp-Session-Id: ${session.sessionId}\r\nMCP-Protocol-Version: ${PROTOCOL}\r\nLast-Event-ID: 1\revent: hijack\r\n\r\n`, 1500);
    expect(raw.text).not.toMatch(/^event: hijack/m);
    await expectUp(open.base);
  });
  hostile('request ids with CR/LF stay inside one SSE data line', async () => {
    const r = await post(open, JSON.stringify({ jsonrpc: '2.0', id: 'a\r\nevent: hijack\r\ndata: x', method: 'ping' }), { Accept: 'text/event-stream, application/json' });
    expectSane(r);
    expect(r.text).not.toMatch(/^event: hijack/m);
    expect(rpcBody(r.text)?.id).toBe('a\r\nevent: hijack\r\ndata: x');
  });
  hostile('a caller never sees another session\'s stream', async () => {
    // user opens a GET stream; admin works in its own session; the user's stream must carry nothing of admin's.
    const controller = new AbortController();
    const chunks: string[] = [];
    const res = await fetch(keyed.url, { method: 'GET', headers: userS.headers({ Accept: 'text/event-stream' }), signal: controller.signal });
    const reader = res.body!.getReader();
    const pump = (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          chunks.push(new TextDecoder().decode(value));
        }
      } catch {
        // aborted
      }
    })();
    await adminS.rpc('tools/call', { name: 'admin.secret', arguments: {} });
    await adminS.rpc('resources/read', { uri: 'info://admin-notes' });
    await new Promise((r) => setTimeout(r, 150));
    controller.abort();
    await pump;
    const seen = chunks.join('');
    expect(seen).not.toContain('the admin secret');
    expect(seen).not.toContain('admin notes');
  });
});

describe('forged, replayed and stale signatures', () => {
  const body = '{"jsonrpc":"2.0","id":1,"method":"mcp.list"}';
  const now = () => Math.floor(Date.now() / 1000);
  const cases: Array<[string, () => Record<string, string>, string?]> = [
    ['no signature', () => ({})],
    ['wrong secret', () => ({ 'X-Timestamp': String(now()), 'X-Signature': signRequest('not-the-secret', body, now()) })],
    ['stale timestamp', () => ({ 'X-Timestamp': String(now() - 600), 'X-Signature': signRequest(HMAC_SECRET, body, now() - 600) })],
    ['future timestamp', () => ({ 'X-Timestamp': String(now() + 600), 'X-Signature': signRequest(HMAC_SECRET, body, now() + 600) })],
    ['negative timestamp', () => ({ 'X-Timestamp': '-1', 'X-Signature': signRequest(HMAC_SECRET, body, -1) })],
    ['timestamp not signed', () => ({ 'X-Timestamp': String(now()), 'X-Signature': signRequest(HMAC_SECRET, body) })],
    ['body-only signature (compat off)', () => ({ 'X-Signature': signRequest(HMAC_SECRET, body) })],
    ['truncated hex', () => ({ 'X-Timestamp': String(now()), 'X-Signature': signRequest(HMAC_SECRET, body, now()).slice(0, 40) })],
    ['uppercase scheme', () => ({ 'X-Timestamp': String(now()), 'X-Signature': signRequest(HMAC_SECRET, body, now()).replace('sha256', 'SHA256') })],
    ['two signatures', () => ({ 'X-Timestamp': String(now()), 'X-Signature': `${signRequest(HMAC_SECRET, body, now())}, sha256=${'0'.repeat(64)}` })],
    ['tampered body', () => ({ 'X-Timestamp': String(now()), 'X-Signature': signRequest(HMAC_SECRET, body, now()) }), body.replace('mcp.list', 'tools/list')],
    ['huge timestamp', () => ({ 'X-Timestamp': '9'.repeat(40), 'X-Signature': signRequest(HMAC_SECRET, body, 1) })],
  ];
  for (const [name, headers, sent] of cases) {
    hostile(`hmac: ${name}`, async () => {
      const r = await send(hmac.url, { method: 'POST', headers: { ...JSON_HEADERS, ...headers() }, body: sent ?? body });
      expectSane(r, { statuses: [401], secrets: SECRETS });
      expect(r.text).toContain('invalid_signature');
    });
  }
  hostile('hmac: replay of a valid request', async () => {
    const ts = now();
    const h = { 'X-Timestamp': String(ts), 'X-Signature': signRequest(HMAC_SECRET, body, ts) };
    expect((await send(hmac.url, { method: 'POST', headers: { ...JSON_HEADERS, ...h }, body })).status).toBe(200);
    const again = await send(hmac.url, { method: 'POST', headers: { ...JSON_HEADERS, ...h }, body });
    expectSane(again, { statuses: [401] });
    expect(again.text).toContain('replay');
  });
  hostile('hmac: replay on a legacy route', async () => {
    const ts = now() - 1;
    const h = { 'X-Timestamp': String(ts), 'X-Signature': signRequest(HMAC_SECRET, body, ts) };
    await send(hmac.url, { method: 'POST', headers: { ...JSON_HEADERS, ...h }, body });
    const again = await send(`${hmac.base}/mcp/call`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...h }, body });
    expectSane(again, { statuses: [401] });
  });
});

describe('tokens', () => {
  const base = { sub: 'eve', scope: 'mcp' };
  const cases: Array<[string, () => Promise<string>]> = [
    ['expired', () => issuer.mint(base, { expiresIn: Math.floor(Date.now() / 1000) - 600 })],
    ['wrong audience', () => issuer.mint(base, { audience: 'https://other.example/mcp' })],
    ['audience list without us', () => issuer.mint(base, { audience: ['https://a.example', 'https://b.example'] })],
    ['wrong issuer', () => issuer.mint(base, { issuer: 'https://evil.example' })],
    ['not yet valid', () => issuer.mint(base, { notBefore: Math.floor(Date.now() / 1000) + 3600 })],
    ['rogue key', () => issuer.mint(base, { key: 'rogue' })],
    ['rogue key with unknown kid', () => issuer.mint(base, { key: 'rogue', kid: 'evil' })],
    ['alg none', async () => `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'eve', iss: issuer.issuer, aud: 'https://mcp.hostile.example/mcp', exp: 9999999999 })).toString('base64url')}.`],
    ['HS256 with the public key as secret', async () => {
      const good = await issuer.mint(base);
      const [h, p] = good.split('.');
      const forgedHeader = Buffer.from('{"alg":"HS256","kid":"main-1"}').toString('base64url');
      return `${forgedHeader}.${p}.${h}`;
    }],
    ['garbage', async () => 'not.a.jwt'],
    ['empty', async () => ''],
    ['huge', async () => 'a'.repeat(20_000)],
    ['long but under the header limit', async () => 'a'.repeat(15_000)],
  ];
  for (const [name, token] of cases) {
    hostile(`oauth: ${name}`, async () => {
      const t = await token();
      const r = await send(oauth.url, { method: 'POST', headers: { ...JSON_HEADERS, Authorization: `Bearer ${t}` }, body: '{"jsonrpc":"2.0","id":1,"method":"mcp.list"}' });
      if (r.status === 431) return; // node refused the oversized header before the app: nothing reached it
      expectSane(r, { statuses: [401] });
      expect(String(r.headers['www-authenticate'])).toContain('resource_metadata=');
      if (t.length > 0 && t.length < 20_000) expect(r.text).not.toContain(t);
    });
  }
});

describe('role escalation', () => {
  const attempts: Array<[string, Record<string, string>, unknown]> = [
    ['roles in _meta', {}, { name: 'admin.secret', arguments: {}, _meta: { roles: ['admin'] } }],
    ['caller in params', {}, { name: 'admin.secret', arguments: {}, caller: { id: 'x', roles: ['admin'] } }],
    ['X-Roles header', { 'X-Roles': 'admin' }, { name: 'admin.secret', arguments: {} }],
    ['second X-API-Key value', { 'X-API-Key': `${USER_KEY}, ${ADMIN_KEY}` }, { name: 'admin.secret', arguments: {} }],
    ['key with role suffix', { 'X-API-Key': `${USER_KEY}:admin` }, { name: 'admin.secret', arguments: {} }],
    ['bearer with two keys', { Authorization: `Bearer ${USER_KEY} ${ADMIN_KEY}` }, { name: 'admin.secret', arguments: {} }],
    ['case-changed name', {}, { name: 'ADMIN.SECRET', arguments: {} }],
    ['name with whitespace', {}, { name: ' admin.secret', arguments: {} }],
    ['name with NUL', {}, { name: 'admin.secret\u0000', arguments: {} }],
  ];
  for (const [name, headers, params] of attempts) {
    hostile(`escalation: ${name}`, async () => {
      const { res, body } = await userS.rpc('tools/call', params, headers);
      expectSane(res, { secrets: SECRETS });
      expect(res.text).not.toContain('the admin secret');
      if (res.status === 200) expect(body.error ?? body.result?.isError).toBeTruthy();
    });
  }
  hostile('escalation: admin resource and prompt by every route', async () => {
    const h = { 'X-API-Key': USER_KEY, 'Content-Type': 'application/json' };
    const rs = [
      (await userS.rpc('resources/read', { uri: 'info://admin-notes' })).res,
      await send(`${keyed.base}/mcp/call`, { method: 'POST', headers: h, body: '{"kind":"resource","name":"admin-notes","args":{}}' }),
      await send(`${keyed.base}/mcp/call`, { method: 'POST', headers: h, body: '{"kind":"prompt","name":"admin.prompt","args":{}}' }),
      await send(`${keyed.base}/resources/admin-notes`, { headers: h }),
      await send(`${keyed.base}/prompts/admin.prompt`, { method: 'POST', headers: h, body: '{}' }),
    ];
    for (const r of rs) {
      expectSane(r);
      expect(r.text).not.toContain('admin notes');
      expect(r.text).not.toContain('admin prompt');
    }
  });
});

describe('path tricks in resource URIs', () => {
  const uris = [
    'docs://../etc/passwd',
    'docs://..%2f..%2fetc%2fpasswd',
    'docs://%2e%2e/%2e%2e/etc/passwd',
    'docs://%252e%252e',
    'docs://a/../../admin-notes',
    'file:///etc/passwd',
    'file://localhost/etc/shadow',
    'FILE:///etc/passwd',
    'info://about/../admin-notes',
    'info://./admin-notes',
    'INFO://admin-notes',
    'info://admin-notes#',
    'info://admin-notes?x=1',
    'info://admin-notes%00',
    'http://169.254.169.254/latest/meta-data/',
    'javascript:alert(1)',
    'docs://\u202eevil',
    'docs://' + 'a'.repeat(10_000),
    '',
    '\r\nX-Injected: 1',
  ];
  for (const uri of uris) {
    hostile(`resource uri ${JSON.stringify(uri).slice(0, 50)}`, async () => {
      const { res, body } = await userS.rpc('resources/read', { uri });
      expectSane(res);
      expect(res.text).not.toContain('admin notes');
      expect(res.text).not.toContain('root:');
      if (res.status === 200) expect(body.error).toBeDefined();
      expect(res.headers['x-injected']).toBeUndefined();
    });
  }
  for (const path of ['/resources/..%2fadmin-notes', '/resources/%2e%2e', '/resources/about%00', '/resource-templates/doc?name=..%2F..%2Fetc', '/resource-templates/doc?name=a&name=b', '/tools/..%2fadmin.secret', '/tools/%2e%2e%2fadmin.secret']) {
    hostile(`REST path ${path}`, async () => {
      const r = await send(`${keyed.base}${path}`, { method: path.startsWith('/tools') ? 'POST' : 'GET', headers: { 'X-API-Key': USER_KEY, 'Content-Type': 'application/json' }, ...(path.startsWith('/tools') ? { body: '{}' } : {}) });
      expectSane(r);
      expect(r.status).toBeGreaterThanOrEqual(400);
      expect(r.text).not.toContain('admin notes');
      expect(r.text).not.toContain('the admin secret');
    });
  }
});

describe('headers that reach replies', () => {
  hostile('X-Request-Id with junk is not reflected raw', async () => {
    const raw = await rawRequest(open.port, `GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${open.port}\r\nX-Request-Id: a\rInjected: 1\r\n\r\n`);
    expect(raw.text.toLowerCase()).not.toContain('\r\ninjected: 1');
  });
  hostile('very long protocol version', async () => {
    expectSane(await post(open, '{"jsonrpc":"2.0","id":1,"method":"ping"}', { 'MCP-Protocol-Version': 'x'.repeat(5000) }), { statuses: [400] });
  });
  hostile('Origin null', async () => {
    expectSane(await post(open, '{"jsonrpc":"2.0","id":1,"method":"ping"}', { Origin: 'null' }), { statuses: [403] });
  });
  hostile('Host evil.example.com', async () => {
    expectSane(await post(open, '{"jsonrpc":"2.0","id":1,"method":"ping"}', { Host: 'evil.example.com' }), { statuses: [403] });
  });
  hostile('Host with port trick', async () => {
    expectSane(await post(open, '{"jsonrpc":"2.0","id":1,"method":"ping"}', { Host: `127.0.0.1:${open.port}@evil.example.com` }), { statuses: [403] });
  });
});

describe('property-based fuzz (fast-check, bounded)', () => {
  const METHODS = ['initialize', 'ping', 'tools/list', 'tools/call', 'resources/list', 'resources/read', 'resources/templates/list', 'prompts/list', 'prompts/get', 'completion/complete', 'logging/setLevel', 'resources/subscribe', 'notifications/initialized', 'notifications/cancelled', 'mcp.list', 'mcp.call'];
  const json = fc.jsonValue({ maxDepth: 4 });
  const message = fc.record(
    {
      jsonrpc: fc.oneof(fc.constant('2.0'), fc.string({ maxLength: 5 })),
      id: fc.oneof(fc.integer(), fc.string({ maxLength: 20 }), fc.constant(null), json),
      method: fc.oneof(fc.constantFrom(...METHODS), fc.string({ maxLength: 30 })),
      params: fc.oneof(json, fc.record({ name: fc.oneof(fc.constantFrom('math.add', 'echo', 'admin.secret', 'greet', 'cached'), fc.string({ maxLength: 20 })), arguments: json, uri: fc.oneof(fc.constantFrom('info://about', 'info://admin-notes', 'docs://a'), fc.string({ maxLength: 40 })) }, { requiredKeys: [] })),
    },
    { requiredKeys: ['method'] },
  );

  hostile('fuzz: JSON-RPC messages (120 runs)', async () => {
    await fc.assert(
      fc.asyncProperty(message, async (m) => {
        tally.total++;
        const r = await userS.rpc(String(m.method), m.params, {});
        expectSane(r.res, { secrets: SECRETS });
        expect(r.res.text).not.toContain('the admin secret');
        expect(r.res.text).not.toContain('admin notes');
        const raw = await post(open, JSON.stringify(m));
        expectSane(raw);
        tally.passed++;
      }),
      { numRuns: 120, seed: 20261127, endOnFailure: true },
    );
    expect(prototypePolluted()).toBe(false);
    await expectUp(open.base);
  }, 60_000);

  hostile('fuzz: arbitrary bodies (120 runs)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ maxLength: 200 }), json.map((v) => JSON.stringify(v) ?? 'null'), fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a).toString('latin1'))), async (b) => {
        tally.total++;
        expectSane(await post(open, b));
        expectSane(await send(`${open.base}/mcp/batch`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: b }));
        tally.passed++;
      }),
      { numRuns: 120, seed: 42, endOnFailure: true },
    );
    await expectUp(open.base);
  }, 60_000);

  const headerValue = fc.string({ minLength: 0, maxLength: 60 }).map((s) => s.replace(/[^\x20-\x7e]/g, ''));
  hostile('fuzz: headers (120 runs)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({ sid: headerValue, ver: headerValue, last: headerValue, accept: headerValue, ctype: headerValue, origin: headerValue, key: headerValue, method: fc.constantFrom('GET', 'POST', 'DELETE') }),
        async (h) => {
          tally.total++;
          const headers: Record<string, string> = { 'Mcp-Session-Id': h.sid, 'MCP-Protocol-Version': h.ver, 'Last-Event-ID': h.last, Accept: h.accept, 'Content-Type': h.ctype, Origin: h.origin, 'X-API-Key': h.key };
          for (const k of Object.keys(headers)) if (headers[k] === '') delete headers[k];
          const r = await send(keyed.url, { method: h.method, headers, ...(h.method === 'POST' ? { body: '{"jsonrpc":"2.0","id":1,"method":"tools/list"}' } : {}), timeoutMs: 3000 }).catch((e: Error) => {
            if (/timed out/.test(e.message) && h.method === 'GET') return undefined; // an SSE stream stayed open: fine
            throw e;
          });
          if (r !== undefined) expectSane(r, { secrets: SECRETS });
          tally.passed++;
        },
      ),
      { numRuns: 120, seed: 7, endOnFailure: true },
    );
    await expectUp(keyed.base);
  }, 120_000);
});

describe('still serving', () => {
  hostile('every app still answers a real MCP call after the battery', async () => {
    for (const [t, s] of [
      [open, session],
      [keyed, userS],
    ] as const) {
      const { body } = await s.rpc('tools/call', { name: 'math.add', arguments: { a: 2, b: 3 } });
      expect(body.result.content[0].text).toBe('5');
      await expectUp(t.base);
    }
    expect(prototypePolluted()).toBe(false);
  });
});
