import { createHmac } from 'node:crypto';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterEach, describe, expect, it } from 'vitest';
import { send } from '../../../../test/security/http.js';
import { createApp, type App } from '../../app/create-app.js';
import { toolError } from '../../handler/results.js';
import { silentLogger } from '../../logger/index.js';
import { signRequest } from '../../middleware/auth/hmac/index.js';
import type { Observer, RequestRecord } from '../../middleware/types.js';
import type { RegistryDefinition, Validator } from '../../registry/types.js';
import { createMcpServer } from '../../server/create-server.js';
import { loadSettings } from '../../settings/load.js';

const ajv = new Ajv2020({ allErrors: true, strict: false });
const compile = (schema: object): Validator => ajv.compile(schema) as unknown as Validator;

const addInput = { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } }, required: ['a', 'b'], additionalProperties: false };
const sumOutput = { type: 'object', properties: { sum: { type: 'number' } }, required: ['sum'] };
const anyObject = { type: 'object' };
const userParams = { type: 'object', properties: { id: { type: 'integer', minimum: 1 } }, required: ['id'] };
const greetArgs = { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] };

let handlerCalls = 0;

function registry(): RegistryDefinition {
  return {
    server: { name: 'rest-test', version: '1.0.0' },
    tools: [
      {
        name: 'math.add',
        inputSchema: addInput,
        outputSchema: sumOutput,
        validateInput: compile(addInput),
        validateOutput: compile(sumOutput),
        handler: (input: { a: number; b: number }) => {
          handlerCalls++;
          return { sum: input.a + input.b };
        },
      },
      { name: 'echo', inputSchema: anyObject, validateInput: compile(anyObject), handler: (input: { text?: string }) => `echo: ${input.text ?? ''}` },
      { name: 'fail', inputSchema: anyObject, validateInput: compile(anyObject), handler: () => toolError('the disk is full') },
      {
        name: 'crash',
        inputSchema: anyObject,
        validateInput: compile(anyObject),
        handler: () => {
          throw new Error('secret internal detail');
        },
      },
      { name: 'admin.reset', roles: ['admin'], inputSchema: anyObject, validateInput: compile(anyObject), handler: () => 'reset done' },
      {
        name: 'slow',
        timeoutMs: 50,
        inputSchema: anyObject,
        validateInput: compile(anyObject),
        handler: (_input: unknown, ctx: { signal: AbortSignal }) =>
          new Promise<string>((resolve) => {
            const timer = setTimeout(() => resolve('too late'), 2_000);
            ctx.signal.addEventListener('abort', () => {
              clearTimeout(timer);
              resolve('aborted');
            });
          }),
      },
      { name: 'limited', rateLimit: '2/m', inputSchema: anyObject, validateInput: compile(anyObject), handler: () => 'ok' },
    ],
    resources: [{ name: 'readme', uri: 'docs://readme', mimeType: 'text/markdown', handler: () => '# Hello' }],
    resourceTemplates: [
      {
        name: 'user',
        uriTemplate: 'users://{id}/profile',
        mimeType: 'application/json',
        paramsSchema: userParams,
        validateParams: compile(userParams),
        handler: (params: { id: number }) => JSON.stringify({ id: params.id, type: typeof params.id }),
      },
    ],
    prompts: [{ name: 'greet', arguments: [{ name: 'name', required: true }], validateArguments: compile(greetArgs), handler: (args: { name: string }) => `Say hello to ${args.name}.` }],
    completions: [],
  };
}

const apps: App[] = [];

async function start(env: Record<string, string> = {}, observers: Observer[] = []): Promise<string> {
  const server = createMcpServer(registry(), { settings: loadSettings(env), logger: silentLogger(), observers });
  const app = createApp(server);
  apps.push(app);
  const { url } = await app.listen(0, '127.0.0.1');
  return url.replace(/\/mcp$/, '');
}

afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

describe('REST routes', () => {
  it('calls a tool with an output schema and answers its structured output', async () => {
    const base = await start();
    const res = await send(`${base}/tools/math.add`, json({ a: 2, b: 3 }));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.json()).toEqual({ sum: 5 });
  });

  it('answers the CallToolResult of a tool without an output schema; an empty body is {}', async () => {
    const base = await start();
    expect((await send(`${base}/tools/echo`, json({ text: 'hi' }))).json()).toEqual({ content: [{ type: 'text', text: 'echo: hi' }] });
    const empty = await send(`${base}/tools/echo`, { method: 'POST' });
    expect([empty.status, empty.json()]).toEqual([200, { content: [{ type: 'text', text: 'echo: ' }] }]);
  });

  it('refuses input that fails the schema with 400 invalid_params naming the field, without running the handler', async () => {
    const base = await start();
    const before = handlerCalls;
    const res = await send(`${base}/tools/math.add`, json({ a: 'two' }));
    expect(res.status).toBe(400);
    const body = res.json();
    expect(body.error.code).toBe('invalid_params');
    expect(body.error.data.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: '/a', keyword: 'type' }), expect.objectContaining({ keyword: 'required', message: expect.stringContaining('(b)') })]),
    );
    expect(handlerCalls).toBe(before);
  });

  it('answers 415 for a non-JSON body and 400 invalid_json for broken JSON', async () => {
    const base = await start();
    const text = await send(`${base}/tools/math.add`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'a=1' });
    expect([text.status, text.json().error.code]).toEqual([415, 'unsupported_media_type']);
    const broken = await send(`${base}/tools/math.add`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":' });
    expect([broken.status, broken.json().error.code]).toEqual([400, 'invalid_json']);
  });

  it('maps a tool error (returned or thrown) to 422 tool_error without a stack trace', async () => {
    const base = await start();
    const failed = await send(`${base}/tools/fail`, json({}));
    expect(failed.status).toBe(422);
    expect(failed.json().error).toEqual({ code: 'tool_error', message: 'the disk is full', data: { content: [{ type: 'text', text: 'the disk is full' }] } });
    // A thrown error is a tool execution error (MCP reports those in the result, for the model to see).
    const crashed = await send(`${base}/tools/crash`, json({}));
    expect([crashed.status, crashed.json().error.code]).toEqual([422, 'tool_error']);
    expect(crashed.text).not.toMatch(/\bat .*:\d+:\d+/);
  });

  it('answers 404 not_found for unknown tools and for tools hidden by roles', async () => {
    const base = await start();
    const unknown = await send(`${base}/tools/nope`, json({}));
    expect([unknown.status, unknown.json().error.code]).toEqual([404, 'not_found']);
    const hidden = await send(`${base}/tools/admin.reset`, json({}));
    expect([hidden.status, hidden.json().error.code]).toEqual([404, 'not_found']);
  });

  it('applies API-key auth and roles like /mcp', async () => {
    const base = await start({ MCP_AUTH_MODE: 'apikey', MCP_API_KEYS_MAP: 'k-admin:admin;k-user:user' });
    const anonymous = await send(`${base}/tools/math.add`, json({ a: 1, b: 1 }));
    expect([anonymous.status, anonymous.json().error.code]).toEqual([401, 'invalid_api_key']);
    expect(anonymous.headers['www-authenticate']).toBeDefined();
    const wrong = await send(`${base}/tools/math.add`, json({ a: 1, b: 1 }, { 'x-api-key': 'guess' }));
    expect(wrong.status).toBe(401);
    const user = await send(`${base}/tools/math.add`, json({ a: 1, b: 1 }, { 'x-api-key': 'k-user' }));
    expect([user.status, user.json()]).toEqual([200, { sum: 2 }]);
    expect((await send(`${base}/tools/admin.reset`, json({}, { 'x-api-key': 'k-user' }))).status).toBe(404);
    const admin = await send(`${base}/tools/admin.reset`, json({}, { authorization: 'Bearer k-admin' }));
    expect([admin.status, admin.json()]).toEqual([200, { content: [{ type: 'text', text: 'reset done' }] }]);
  });

  it('verifies timestamped HMAC signatures over the raw body and refuses replays', async () => {
    const secret = 'shh-a-long-enough-secret';
    const base = await start({ MCP_AUTH_MODE: 'hmac', MCP_HMAC_SECRET: secret });
    const body = JSON.stringify({ a: 4, b: 5 });
    const ts = Date.now();
    const headers = { 'content-type': 'application/json', 'x-timestamp': String(ts), 'x-signature': signRequest(secret, body, ts) };
    const ok = await send(`${base}/tools/math.add`, { method: 'POST', headers, body });
    expect([ok.status, ok.json()]).toEqual([200, { sum: 9 }]);
    const replay = await send(`${base}/tools/math.add`, { method: 'POST', headers, body });
    expect([replay.status, replay.json().error.code]).toEqual([401, 'invalid_signature']);
    const tampered = await send(`${base}/tools/math.add`, { method: 'POST', headers: { ...headers, 'x-timestamp': String(ts + 1) }, body: JSON.stringify({ a: 4, b: 6 }) });
    expect(tampered.status).toBe(401);
  });

  it('accepts flask-mcp-server body-only HMAC signatures when allowed', async () => {
    const base = await start({ MCP_AUTH_MODE: 'hmac', MCP_HMAC_SECRET: 'shh-a-long-enough-secret', MCP_HMAC_ALLOW_BODY_ONLY: 'true' });
    const body = JSON.stringify({ a: 4, b: 5 });
    const signature = `sha256=${createHmac('sha256', 'shh-a-long-enough-secret').update(body).digest('hex')}`;
    const ok = await send(`${base}/tools/math.add`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-signature': signature }, body });
    expect([ok.status, ok.json()]).toEqual([200, { sum: 9 }]);
    const bad = await send(`${base}/tools/math.add`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-signature': 'sha256=00' }, body });
    expect([bad.status, bad.json().error.code]).toEqual([401, 'invalid_signature']);
  });

  it('applies per-element rate limits with 429 rate_limited and Retry-After', async () => {
    const base = await start();
    for (let i = 0; i < 2; i++) expect((await send(`${base}/tools/limited`, json({}))).status).toBe(200);
    const limited = await send(`${base}/tools/limited`, json({}));
    expect([limited.status, limited.json().error.code]).toEqual([429, 'rate_limited']);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('answers 504 request_timeout when a tool runs past its timeoutMs', async () => {
    const base = await start();
    const started = Date.now();
    const res = await send(`${base}/tools/slow`, json({}));
    expect([res.status, res.json().error.code]).toEqual([504, 'request_timeout']);
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('applies the server rate limit (MCP_RATE_LIMIT) to REST calls', async () => {
    const base = await start({ MCP_RATE_LIMIT: '3/m' });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await send(`${base}/tools/math.add`, json({ a: 1, b: i }))).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  it('answers CORS preflights before auth and sets CORS headers on calls from an allowed origin', async () => {
    const origin = 'https://app.example.com';
    const base = await start({ MCP_CORS_ORIGIN: origin, MCP_ALLOWED_ORIGINS: origin, MCP_AUTH_MODE: 'apikey', MCP_API_KEYS: 'k1' });
    const pre = await send(`${base}/tools/math.add`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, x-api-key' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBe(origin);
    expect(String(pre.headers['access-control-allow-headers'])).toContain('X-API-Key');
    const call = await send(`${base}/tools/math.add`, json({ a: 1, b: 2 }, { origin, 'x-api-key': 'k1' }));
    expect([call.status, call.headers['access-control-allow-origin']]).toEqual([200, origin]);
    const foreign = await send(`${base}/tools/math.add`, json({ a: 1, b: 2 }, { origin: 'https://evil.example.com', 'x-api-key': 'k1' }));
    expect([foreign.status, foreign.json().error.code]).toEqual([403, 'origin_not_allowed']);
  });

  it('reports every REST request to the observers (request log, metrics)', async () => {
    const records: RequestRecord[] = [];
    const base = await start({ MCP_AUTH_MODE: 'apikey', MCP_API_KEYS: 'k1' }, [{ requestDone: (r) => records.push(r) }]);
    await send(`${base}/tools/math.add`, json({ a: 1, b: 2 }, { 'x-api-key': 'k1', 'x-request-id': 'req-42' }));
    await send(`${base}/tools/math.add`, json({ a: 1, b: 2 }, { 'x-request-id': 'req-43' }));
    await send(`${base}/tools/fail`, json({}, { 'x-api-key': 'k1' }));
    await expect.poll(() => records.length).toBe(3);
    expect(records[0]).toMatchObject({ requestId: 'req-42', method: 'POST', path: '/tools/math.add', status: 200, caller: { scheme: 'apikey' } });
    expect(records[0]!.error).toBeUndefined();
    expect(records[1]).toMatchObject({ requestId: 'req-43', status: 401, error: 'invalid_api_key' });
    expect(records[2]).toMatchObject({ status: 422, error: 'tool_error' });
  });

  it('refuses a foreign Host (DNS rebinding) before anything runs', async () => {
    const base = await start();
    const res = await send(`${base}/tools/math.add`, { ...json({ a: 1, b: 2 }), headers: { 'content-type': 'application/json', host: 'evil.example.com' } });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });

  it('reads static resources, resource templates (query variables, coerced) and prompts', async () => {
    const base = await start();
    const readme = await send(`${base}/resources/readme`);
    expect([readme.status, readme.json()]).toEqual([200, { contents: [{ uri: 'docs://readme', mimeType: 'text/markdown', text: '# Hello' }] }]);
    const user = await send(`${base}/resource-templates/user?id=42`);
    expect(user.status).toBe(200);
    expect(JSON.parse(user.json().contents[0].text)).toEqual({ id: 42, type: 'number' });
    const missing = await send(`${base}/resource-templates/user`);
    expect([missing.status, missing.json().error.code]).toEqual([400, 'invalid_params']);
    const invalid = await send(`${base}/resource-templates/user?id=0`);
    expect(invalid.status).toBe(400);
    const twice = await send(`${base}/resource-templates/user?id=1&id=2`);
    expect(twice.status).toBe(400);
    expect((await send(`${base}/resources/nope`)).status).toBe(404);
    const prompt = await send(`${base}/prompts/greet`, json({ name: 'Ada' }));
    expect([prompt.status, prompt.json().messages]).toEqual([200, [{ role: 'user', content: { type: 'text', text: 'Say hello to Ada.' } }]]);
    const badArgs = await send(`${base}/prompts/greet`, json({ name: 7 }));
    expect([badArgs.status, badArgs.json().error.code]).toEqual([400, 'invalid_params']);
    const noArgs = await send(`${base}/prompts/greet`, json({}));
    expect(noArgs.status).toBe(400);
  });
});
