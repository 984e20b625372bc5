/** node:http limits of the standalone server: header timeout always set, connection cap, idle keep-alives let go. */
import { connect, type Socket } from 'node:net';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../logger/index.js';
import { createApp, serverOptions, type App } from './create-app.js';
import { testServer } from '../../../test/transport/fixture.js';

const sockets: Socket[] = [];
let app: App | undefined;
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await app?.close();
  app = undefined;
});

async function start(env: Record<string, string>): Promise<{ port: number; logs: string[]; server: import('node:http').Server }> {
  const logs: string[] = [];
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
  app = createApp(testServer({ env, logger }));
  const { url, server } = await app.listen(0, '127.0.0.1');
  return { port: Number(new URL(url).port), logs, server };
}

/** A raw connection; resolves once connected. */
function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => resolve(s));
    s.on('error', reject);
    sockets.push(s);
  });
}

/** Sends one keep-alive request and resolves with the status line once the reply is in (the socket stays open). */
function request(s: Socket, port: number, path = '/healthz'): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    const timer = setTimeout(() => resolve(`timeout: ${text}`), 3000);
    const onData = (d: Buffer): void => {
      text += d.toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      const m = /content-length: *(\d+)/i.exec(text);
      if (end >= 0 && m && text.length >= end + 4 + Number(m[1])) {
        clearTimeout(timer);
        s.off('data', onData);
        resolve(text.split('\r\n')[0]!);
      }
    };
    s.on('data', onData);
    s.once('close', () => {
      clearTimeout(timer);
      resolve(`closed: ${text.split('\r\n')[0] ?? ''}`);
    });
    s.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
  });
}

const closed = (s: Socket, ms = 2000): Promise<boolean> =>
  new Promise((resolve) => {
    if (s.destroyed) return resolve(true);
    const t = setTimeout(() => resolve(false), ms);
    s.once('close', () => {
      clearTimeout(t);
      resolve(true);
    });
  });

describe('serverOptions', () => {
  it('keeps a header timeout when MCP_REQUEST_TIMEOUT_MS=0 turns the request timeout off', () => {
    expect(serverOptions({ requestTimeoutMs: 0 })).toMatchObject({ requestTimeout: 0, headersTimeout: 60_000 });
    expect(serverOptions({ requestTimeoutMs: 30_000 })).toMatchObject({ requestTimeout: 30_000, headersTimeout: 30_000, connectionsCheckingInterval: 7500 });
    expect(serverOptions({ requestTimeoutMs: 600_000 })).toMatchObject({ headersTimeout: 60_000 });
  });

  it('the listening server carries them', async () => {
    const { server } = await start({ MCP_REQUEST_TIMEOUT_MS: '0' });
    expect(server.headersTimeout).toBe(60_000);
    expect(server.maxConnections).toBe(16_384);
  });
});

describe('MCP_MAX_CONNECTIONS', () => {
  it('refuses connections beyond the cap, lets idle keep-alive connections go, and says so once', async () => {
    const { port, logs } = await start({ MCP_MAX_CONNECTIONS: '3' });
    const idle = [await open(port), await open(port), await open(port)];
    for (const s of idle) expect(await request(s, port)).toBe('HTTP/1.1 200 OK'); // now idle keep-alive connections
    const extra = await open(port);
    expect(await closed(extra)).toBe(true); // beyond the cap: closed at once
    for (const s of idle) expect(await closed(s)).toBe(true); // idle ones let go
    const next = await open(port);
    expect(await request(next, port)).toBe('HTTP/1.1 200 OK'); // service resumes
    const warnings = logs.join('').split('\n').filter((l) => l.includes('connection cap reached'));
    expect(warnings).toHaveLength(1);
    expect(JSON.parse(warnings[0]!)).toMatchObject({ level: 40, maxConnections: 3, refused: 1 });
  });

  it('never closes a connection in the middle of a request', async () => {
    const { port } = await start({ MCP_MAX_CONNECTIONS: '2' });
    const busy = await open(port);
    busy.write(`POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"jsonrpc"`); // body still coming
    const other = await open(port);
    expect(await request(other, port)).toBe('HTTP/1.1 200 OK');
    const extra = await open(port);
    expect(await closed(extra)).toBe(true);
    expect(await closed(busy, 300)).toBe(false);
  });

  it('0 turns the cap off', async () => {
    const { server } = await start({ MCP_MAX_CONNECTIONS: '0' });
    expect(server.maxConnections === null || server.maxConnections === undefined || server.maxConnections === Infinity).toBe(true);
  });
});
