/**
 * HMAC behind a host app's body parser: a mounted mcpRouter must verify the signature over the bytes the client
 * sent. Re-serializing the parsed JSON changes them (spacing, key order, number forms), so the router uses the raw
 * body the host kept (`express.json({ verify })` storing `req.rawBody`), and without it refuses with a clear
 * 500 naming the fix instead of a misleading 401.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMcpRouter } from '../../runtime/src/app/router.js';
import { signRequest } from '../../runtime/src/middleware/auth/hmac/index.js';
import { createMcpServer } from '../../runtime/src/server/create-server.js';
import type { McpServer } from '../../runtime/src/server/types.js';
import { loadSettings } from '../../runtime/src/settings/load.js';
import { createLogger } from '../../runtime/src/logger/index.js';
import { Writable } from 'node:stream';
import { testRegistry, JSON_HEADERS, rpcBody } from './app.js';
import { send } from './http.js';

const SECRET = 'mounted-hmac-secret';
// Pretty-printed on purpose: JSON.stringify(JSON.parse(body)) is not these bytes.
const BODY = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'mcp.list' }, null, 2);
let lastTs = 0;
const signed = (body: string) => {
  const ts = (lastTs = Math.max(Date.now(), lastTs + 1));
  return { 'X-Timestamp': String(ts), 'X-Signature': signRequest(SECRET, body, ts) };
};

describe('mcpRouter behind express.json() with HMAC auth', () => {
  let server: McpServer;
  let http: Server;
  let base = '';
  const logs: string[] = [];
  beforeAll(async () => {
    const settings = loadSettings({ MCP_AUTH_MODE: 'hmac', MCP_HMAC_SECRET: SECRET, MCP_DEFAULT_ROLES: 'user', MCP_LOG_LEVEL: 'warn' });
    const destination = new Writable({
      write(chunk: Buffer, _e, cb) {
        logs.push(chunk.toString());
        cb();
      },
    });
    server = createMcpServer(testRegistry({ cachedRuns: 0, slowAborted: 0 }), { settings, logger: createLogger(settings, { destination }) });
    const host = express();
    // The usual way to keep the raw bytes next to a parsed body.
    host.use('/kept', express.json({ verify: (req, _res, buf) => ((req as unknown as { rawBody: Buffer }).rawBody = buf) }), createMcpRouter(server));
    host.use('/parsed', express.json(), createMcpRouter(server));
    host.use('/raw', createMcpRouter(server));
    host.use('/text', express.text({ type: 'application/json' }), createMcpRouter(server));
    http = host.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => http.once('listening', resolve));
    base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => http.close(() => resolve()));
    await server.close();
  });

  it('verifies over the raw bytes the host kept (req.rawBody)', async () => {
    const res = await send(`${base}/kept`, { method: 'POST', headers: { ...JSON_HEADERS, ...signed(BODY) }, body: BODY });
    expect(res.status, res.text).toBe(200);
    expect(JSON.stringify(rpcBody(res.text))).toContain('math.add');
    const tampered = await send(`${base}/kept`, { method: 'POST', headers: { ...JSON_HEADERS, ...signed(BODY) }, body: BODY.replace('mcp.list', 'tools/list') });
    expect(tampered.status).toBe(401);
  });

  it('reads the stream itself when mounted before any parser', async () => {
    const res = await send(`${base}/raw`, { method: 'POST', headers: { ...JSON_HEADERS, ...signed(BODY) }, body: BODY });
    expect(res.status, res.text).toBe(200);
  });

  it('takes the text a text parser left, as sent', async () => {
    const res = await send(`${base}/text`, { method: 'POST', headers: { ...JSON_HEADERS, ...signed(BODY) }, body: BODY });
    expect(res.status, res.text).toBe(200);
    expect(JSON.stringify(rpcBody(res.text))).toContain('math.add');
  });

  it('refuses with a 500 naming the fix when a parser consumed the bytes and kept none', async () => {
    const res = await send(`${base}/parsed`, { method: 'POST', headers: { ...JSON_HEADERS, ...signed(BODY) }, body: BODY });
    expect(res.status).toBe(500);
    const body = res.json() as { error: { code: number; message: string; data: { error: string } } };
    expect(body.error.data.error).toBe('raw_body_unavailable');
    expect(body.error.message).toContain('express.json');
    expect(body.error.message).toContain('rawBody');
    expect(res.text).not.toContain(SECRET);
    // the operator hears it too: beside the access log line, one error line with the same advice, no stack
    const errors = logs.map((l) => JSON.parse(l) as { level: number; msg: string; code?: string }).filter((l) => l.level >= 50 && l.msg !== 'request');
    expect(errors, logs.join("")).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'raw_body_unavailable' });
    expect(errors[0]?.msg).toContain('express.json({ verify');
    expect(logs.join('')).not.toContain('"stack"');
  });
});
