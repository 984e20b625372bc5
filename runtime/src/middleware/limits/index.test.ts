import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveGuards, type GuardServer } from '../../../../test/security/guard-server.js';
import { send } from '../../../../test/security/http.js';
import { HttpError } from '../types.js';
import { assertJsonDepth, bodySizeGuard, jsonDepthExceeds, readBodyLimited } from './index.js';

describe('body size', () => {
  let srv: GuardServer;
  let reader: ReturnType<typeof createServer>;
  let readerUrl = '';
  let largestBuffered = 0;
  beforeAll(async () => {
    srv = await serveGuards([bodySizeGuard({ maxBodyBytes: 1000 })]);
    reader = createServer((req, res) => {
      readBodyLimited(req, 1000).then(
        (b) => {
          largestBuffered = Math.max(largestBuffered, b.length);
          res.writeHead(200).end(String(b.length));
        },
        (e: HttpError) => res.writeHead(e.status, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: { code: e.code } })),
      );
    });
    await new Promise<void>((r) => reader.listen(0, '127.0.0.1', r));
    readerUrl = `http://127.0.0.1:${(reader.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await srv.close();
    reader.closeAllConnections();
    await new Promise((r) => reader.close(r));
  });

  it('refuses a declared oversized body before reading it', async () => {
    const r = await send(`${srv.url}/mcp`, { method: 'POST', headers: { 'Content-Length': '5000' }, body: 'x'.repeat(5000) });
    expect(r.status).toBe(413);
    expect(r.json().error.code).toBe('payload_too_large');
  });

  it('counts chunked bodies while streaming and never buffers past the limit', async () => {
    const ok = await send(readerUrl, { method: 'POST', headers: { 'Transfer-Encoding': 'chunked' }, body: 'x'.repeat(1000) });
    expect(ok.status).toBe(200);
    const big = await send(readerUrl, { method: 'POST', headers: { 'Transfer-Encoding': 'chunked' }, body: 'x'.repeat(50_000) });
    expect(big.status).toBe(413);
    expect(largestBuffered).toBeLessThanOrEqual(1000);
  });
});

describe('JSON depth', () => {
  it('counts nesting outside strings only', () => {
    expect(jsonDepthExceeds('[[[1]]]', 3)).toBe(false);
    expect(jsonDepthExceeds('[[[[1]]]]', 3)).toBe(true);
    expect(jsonDepthExceeds('{"a":"[[[[[[[["}', 1)).toBe(false);
    expect(jsonDepthExceeds('{"a":"\\"[[[[[["}', 1)).toBe(false);
    expect(jsonDepthExceeds(Buffer.from('{"a":{"b":{"c":{}}}}'), 3)).toBe(true);
    expect(jsonDepthExceeds('['.repeat(100_000), 64)).toBe(true);
  });
  it('throws json_too_deep', () => {
    expect(() => assertJsonDepth('[[[]]]', 2)).toThrow(HttpError);
    try {
      assertJsonDepth('[[[]]]', 2);
    } catch (e) {
      expect((e as HttpError).code).toBe('json_too_deep');
      expect((e as HttpError).status).toBe(400);
    }
  });
});
