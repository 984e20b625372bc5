/**
 * Reply headers from HTTP guards (RateLimit-* from MCP_RATE_LIMIT, Retry-After on 429) reach the client exactly
 * once on every kind of answer: /mcp JSON, one-shot SSE, a real SSE stream, 202, errors (400/401/429), the GET
 * stream, DELETE, OPTIONS; the legacy routes, the REST routes and an Express-mounted router. Real HTTP on
 * 127.0.0.1, raw `http.request` so duplicated header lines would show (node joins them in `res.headers`).
 */
import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMcpRouter } from '../../runtime/src/app/router.js';
import { JSON_HEADERS, PROTOCOL, startApp, type TestApp } from './app.js';

interface Raw {
  readonly status: number;
  /** Header name (lower case) -> every value sent, in order. */
  readonly lines: Map<string, string[]>;
  readonly text: string;
}

/** One request; `stream` resolves on the headers and drops the connection (SSE that never ends). */
function raw(url: string, options: { method?: string; headers?: Record<string, string>; body?: string; stream?: boolean } = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const req = httpRequest({ host: u.hostname, port: u.port, path: u.pathname + u.search, method: options.method ?? 'GET', headers: options.headers ?? {} }, (res) => {
      const lines = new Map<string, string[]>();
      for (let i = 0; i < res.rawHeaders.length; i += 2) {
        const name = res.rawHeaders[i]!.toLowerCase();
        lines.set(name, [...(lines.get(name) ?? []), res.rawHeaders[i + 1]!]);
      }
      if (options.stream === true) {
        res.destroy();
        resolve({ status: res.statusCode ?? 0, lines, text: '' });
        return;
      }
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, lines, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.setTimeout(10_000, () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
    req.end(options.body);
  });
}

/** The RateLimit-* headers, each present exactly once; returns their values. */
function rateHeaders(r: Raw, limit: number): { remaining: number; reset: number } {
  for (const name of ['ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset']) expect(r.lines.get(name), name).toHaveLength(1);
  expect(r.lines.get('ratelimit-limit')).toEqual([String(limit)]);
  const remaining = Number(r.lines.get('ratelimit-remaining')![0]);
  const reset = Number(r.lines.get('ratelimit-reset')![0]);
  expect(Number.isInteger(remaining) && remaining >= 0 && remaining <= limit).toBe(true);
  expect(Number.isInteger(reset) && reset >= 0 && reset <= 60).toBe(true);
  return { remaining, reset };
}

const rpc = (id: number | undefined, method: string, params?: object): string => JSON.stringify({ jsonrpc: '2.0', ...(id === undefined ? {} : { id }), method, ...(params ? { params } : {}) });
const INIT = rpc(1, 'initialize', { protocolVersion: PROTOCOL, capabilities: {}, clientInfo: { name: 't', version: '1' } });
const KEY = { 'X-API-Key': 'k1' };

/** initialize + notifications/initialized; returns the session headers and the two raw answers. */
async function openSession(url: string, extra: Record<string, string> = {}): Promise<{ headers: Record<string, string>; init: Raw; initialized: Raw }> {
  const init = await raw(url, { method: 'POST', headers: { ...JSON_HEADERS, ...extra }, body: INIT });
  expect(init.status).toBe(200);
  const sid = init.lines.get('mcp-session-id')?.[0];
  expect(sid).toBeTruthy();
  const headers = { ...JSON_HEADERS, ...extra, 'Mcp-Session-Id': sid!, 'MCP-Protocol-Version': PROTOCOL };
  const initialized = await raw(url, { method: 'POST', headers, body: rpc(undefined, 'notifications/initialized') });
  return { headers, init, initialized };
}

describe('guard reply headers (MCP_RATE_LIMIT) on every /mcp answer', () => {
  let app: TestApp;
  let mounted: Server;
  let mountedUrl: string;
  beforeAll(async () => {
    app = await startApp({ MCP_AUTH_MODE: 'apikey', MCP_API_KEYS: 'k1', MCP_RATE_LIMIT: '1000/m' });
    const foreign = express();
    foreign.use('/mounted/mcp', createMcpRouter(app.server));
    mounted = foreign.listen(0, '127.0.0.1');
    await new Promise((r) => mounted.once('listening', r));
    mountedUrl = `http://127.0.0.1:${(mounted.address() as AddressInfo).port}/mounted/mcp`;
  });
  afterAll(async () => {
    mounted.closeAllConnections();
    await new Promise((r) => mounted.close(r));
    await app.close();
  });

  it('JSON replies (initialize, tools/call) and the 202 of a notification carry them once, counting down', async () => {
    const { headers, init, initialized } = await openSession(app.url, KEY);
    expect(init.lines.get('content-type')).toEqual(['application/json']);
    const first = rateHeaders(init, 1000);
    expect(initialized.status).toBe(202);
    const second = rateHeaders(initialized, 1000);
    const call = await raw(app.url, { method: 'POST', headers, body: rpc(2, 'tools/call', { name: 'math.add', arguments: { a: 1, b: 2 } }) });
    expect(call.status).toBe(200);
    expect(call.lines.get('content-type')).toEqual(['application/json']);
    expect(call.lines.get('content-length')).toHaveLength(1);
    expect(JSON.parse(call.text).result.content[0].text).toBe('3');
    const third = rateHeaders(call, 1000);
    expect([first.remaining - second.remaining, second.remaining - third.remaining]).toEqual([1, 1]);
  });

  it('errors after the guard (401 without a key, 400 without a session, 404 unknown session) carry them once', async () => {
    const noKey = await raw(app.url, { method: 'POST', headers: JSON_HEADERS, body: INIT });
    expect(noKey.status).toBe(401);
    rateHeaders(noKey, 1000);
    const noSession = await raw(app.url, { method: 'POST', headers: { ...JSON_HEADERS, ...KEY }, body: rpc(2, 'tools/list') });
    expect(noSession.status).toBe(400);
    expect(JSON.parse(noSession.text).error.data.error).toBe('session_required');
    rateHeaders(noSession, 1000);
    const unknown = await raw(app.url, { method: 'POST', headers: { ...JSON_HEADERS, ...KEY, 'Mcp-Session-Id': 'nope' }, body: rpc(2, 'tools/list') });
    expect(unknown.status).toBe(404);
    rateHeaders(unknown, 1000);
  });

  it('the GET stream, DELETE and OPTIONS carry them once', async () => {
    const { headers } = await openSession(app.url, KEY);
    const stream = await raw(app.url, { headers: { ...headers, Accept: 'text/event-stream' }, stream: true });
    expect(stream.status).toBe(200);
    expect(stream.lines.get('content-type')).toEqual(['text/event-stream']);
    rateHeaders(stream, 1000);
    const del = await raw(app.url, { method: 'DELETE', headers });
    expect(del.status).toBe(200);
    rateHeaders(del, 1000);
    const options = await raw(app.url, { method: 'OPTIONS', headers: KEY });
    expect(options.status).toBe(204);
    rateHeaders(options, 1000);
  });

  it('the legacy routes, the REST routes and an Express-mounted router carry them once', async () => {
    const call = await raw(`${app.base}/mcp/call`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...KEY }, body: JSON.stringify({ kind: 'tool', name: 'math.add', args: { a: 1, b: 2 } }) });
    expect(call.status).toBe(200);
    rateHeaders(call, 1000);
    const list = await raw(`${app.base}/mcp/list`, { headers: KEY });
    expect(list.status).toBe(200);
    rateHeaders(list, 1000);
    const legacyError = await raw(`${app.base}/mcp/call`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...KEY }, body: '{' });
    expect(legacyError.status).toBe(400);
    rateHeaders(legacyError, 1000);
    const rest = await raw(`${app.base}/tools/math.add`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...KEY }, body: JSON.stringify({ a: 2, b: 3 }) });
    expect(rest.status).toBe(200);
    rateHeaders(rest, 1000);
    const restError = await raw(`${app.base}/tools/math.add`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...KEY }, body: JSON.stringify({ a: 'x' }) });
    expect(restError.status).toBe(400);
    rateHeaders(restError, 1000);
    const { headers, init } = await openSession(mountedUrl, KEY);
    rateHeaders(init, 1000);
    const viaRouter = await raw(mountedUrl, { method: 'POST', headers, body: rpc(2, 'tools/call', { name: 'math.add', arguments: { a: 1, b: 1 } }) });
    expect(viaRouter.status).toBe(200);
    rateHeaders(viaRouter, 1000);
    const routerLegacy = await raw(`${mountedUrl}/list`, { headers: KEY });
    expect(routerLegacy.status).toBe(200);
    rateHeaders(routerLegacy, 1000);
  });
});

describe('guard reply headers on SSE replies', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp({ MCP_RATE_LIMIT: '1000/m' }, { sseReplies: 'always' });
  });
  afterAll(() => app.close());

  it('a one-shot SSE reply and a real SSE stream carry them once', async () => {
    const { headers, init } = await openSession(app.url);
    rateHeaders(init, 1000);
    const oneShot = await raw(app.url, { method: 'POST', headers, body: rpc(2, 'tools/call', { name: 'math.add', arguments: { a: 2, b: 2 } }) });
    expect(oneShot.status).toBe(200);
    expect(oneShot.lines.get('content-type')).toEqual(['text/event-stream']);
    expect(oneShot.lines.get('content-length')).toHaveLength(1); // written whole, in one go
    expect(oneShot.text).toContain('"text":"4"');
    rateHeaders(oneShot, 1000);
    // `slow` is still running at the next turn: the reply becomes a real (chunked) stream, ended by its timeout
    const stream = await raw(app.url, { method: 'POST', headers, body: rpc(3, 'tools/call', { name: 'slow', arguments: {} }) });
    expect(stream.status).toBe(200);
    expect(stream.lines.get('content-type')).toEqual(['text/event-stream']);
    expect(stream.lines.get('content-length')).toBeUndefined();
    expect(stream.text).toContain('"id":3');
    rateHeaders(stream, 1000);
  });
});

describe('429 from the rate-limit guard', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp({ MCP_RATE_LIMIT: '2/m' });
  });
  afterAll(() => app.close());

  it('carries Retry-After and RateLimit-* exactly once, on /mcp, legacy and REST', async () => {
    const list = rpc(1, 'mcp.list');
    for (let i = 0; i < 2; i++) {
      const ok = await raw(app.url, { method: 'POST', headers: JSON_HEADERS, body: list });
      expect(ok.status).toBe(200);
      expect(rateHeaders(ok, 2).remaining).toBe(1 - i);
    }
    const answers = [
      await raw(app.url, { method: 'POST', headers: JSON_HEADERS, body: list }),
      await raw(`${app.base}/mcp/call`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ kind: 'tool', name: 'math.add', args: { a: 1, b: 2 } }) }),
      await raw(`${app.base}/tools/math.add`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ a: 1, b: 2 }) }),
    ];
    for (const r of answers) {
      expect(r.status).toBe(429);
      expect(rateHeaders(r, 2).remaining).toBe(0);
      expect(r.lines.get('retry-after')).toHaveLength(1);
      const retry = Number(r.lines.get('retry-after')![0]);
      expect(retry >= 1 && retry <= 60).toBe(true);
    }
    expect(JSON.parse(answers[0]!.text).error.data.error).toBe('rate_limited');
  });
});
