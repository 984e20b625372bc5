import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logger/index.js';
import { HttpError } from '../middleware/types.js';
import { createApp, type App } from './create-app.js';
import { loadExpress } from './load-express.js';
import { testServer } from '../../../test/transport/fixture.js';

describe('the Express side answers errors as JSON without internal text', () => {
  let app: App;
  let base: string;
  const logs: string[] = [];
  beforeAll(async () => {
    const logger = createLogger(
      { logFormat: 'json', logLevel: 'info' },
      {
        destination: new Writable({
          write(c: Buffer, _e, cb) {
            logs.push(c.toString());
            cb();
          },
        }),
      },
    );
    const express = loadExpress();
    app = createApp(testServer({ logger }), {
      extraInstallers: [
        (router) => {
          // what users add through `app.express`: a file route, their own errors, their own body parser
          router.get('/files/report', (_req, res) => res.sendFile('/nonexistent/secret-dir/report.pdf'));
          router.get('/own/teapot', () => {
            throw Object.assign(new Error('db at /srv/app/data.sqlite refused: SQLITE_BUSY'), { status: 409 });
          });
          router.get('/own/weird-status', () => {
            throw Object.assign(new Error('internal detail'), { status: 200 });
          });
          router.get('/own/http-error', () => {
            throw new HttpError(429, 'rate_limited', 'too many reports', { 'Retry-After': '7' });
          });
          router.get('/own/crash', () => {
            throw new Error('crash at /srv/app/src/x.ts:12:3');
          });
          router.post('/own/json', express.json({ limit: 100 }), (_req, res) => res.json({ ok: true }));
        },
      ],
    });
    const { url } = await app.listen(0, '127.0.0.1');
    base = url.replace(/\/mcp$/, '');
  });
  afterAll(() => app.close());

  const get = async (path: string, init?: RequestInit) => {
    const r = await fetch(`${base}${path}`, init);
    const text = await r.text();
    return { status: r.status, type: r.headers.get('content-type') ?? '', text, headers: r.headers };
  };

  it('a missing file of res.sendFile: 404 without the path', async () => {
    const r = await get('/files/report');
    expect(r.status).toBe(404);
    expect(r.type).toContain('application/json');
    expect(JSON.parse(r.text)).toEqual({ error: { code: 'not_found', message: 'Not Found' } });
    expect(r.text).not.toContain('secret-dir');
    expect(logs.join('')).toContain('secret-dir'); // the owner still learns what happened
  });

  it('a 4xx error of user code: its status with a fixed message', async () => {
    const r = await get('/own/teapot');
    expect(r.status).toBe(409);
    expect(JSON.parse(r.text)).toEqual({ error: { code: 'bad_request', message: 'Conflict' } });
  });

  it('a non-error status on an error: 500', async () => {
    const r = await get('/own/weird-status');
    expect(r.status).toBe(500);
    expect(r.text).not.toContain('internal detail');
  });

  it('an HttpError keeps its code, message and headers', async () => {
    const r = await get('/own/http-error');
    expect(r.status).toBe(429);
    expect(r.headers.get('retry-after')).toBe('7');
    expect(JSON.parse(r.text)).toEqual({ error: { code: 'rate_limited', message: 'too many reports' } });
  });

  it('a thrown error: 500 internal_error, logged', async () => {
    const r = await get('/own/crash');
    expect(r.status).toBe(500);
    expect(JSON.parse(r.text)).toEqual({ error: { code: 'internal_error', message: 'Internal server error' } });
    expect(logs.join('')).toContain('route failed');
  });

  it("body-parser's own messages describe the request and stay", async () => {
    const bad = await get('/own/json', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"a":' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text).error.code).toBe('bad_request');
    const big = await get('/own/json', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ a: 'x'.repeat(500) }) });
    expect(big.status).toBe(413);
    expect(JSON.parse(big.text).error).toEqual({ code: 'payload_too_large', message: 'request entity too large' });
  });

  it('a malformed percent-encoding in a path: 400 naming it', async () => {
    const r = await get('/tools/%E0%A4%A', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(r.status).toBe(400);
    expect(JSON.parse(r.text).error).toEqual({ code: 'bad_request', message: "malformed percent-encoding in the URL path ('%E0%A4%A')" });
  });
});
