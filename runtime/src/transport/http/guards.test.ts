import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { GuardContext } from './guards.js';

/** Serves one request with `handle` on 127.0.0.1 and returns the raw header lines the client saw. */
async function once(handle: (req: IncomingMessage, res: ServerResponse) => void, headers: Record<string, string> = {}): Promise<string[]> {
  const server = createServer(handle);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const { port } = server.address() as AddressInfo;
    return await new Promise<string[]>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/mcp', headers }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.rawHeaders));
      });
      req.setTimeout(5000, () => req.destroy(new Error('timed out')));
      req.on('error', reject);
      req.end();
    });
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
}

const pairs = (raw: string[]): [string, string][] => {
  const out: [string, string][] = [];
  for (let i = 0; i < raw.length; i += 2) out.push([raw[i]!.toLowerCase(), raw[i + 1]!]);
  return out.filter(([n]) => n.startsWith('x-'));
};

describe('GuardContext reply headers', () => {
  it('deferred: queued headers (same name replaces, case-insensitively) go into the transport writeHead', async () => {
    const raw = await once((req, res) => {
      const r = new GuardContext(req, res, '/mcp', true);
      r.replyHeader('X-One', '1');
      r.replyHeader('X-Two', '2');
      r.replyHeader('x-one', '3');
      expect(res.getHeaderNames()).toEqual([]); // nothing set on the response yet
      const extra = r.takeReplyHeaders() ?? [];
      r.replyHeader('X-Late', 'late'); // after the hand-over: straight to the response
      res.writeHead(200, ['content-length', '0', ...extra]);
      res.end();
    });
    expect(pairs(raw)).toEqual([
      ['x-late', 'late'],
      ['x-one', '3'],
      ['x-two', '2'],
    ]);
  });

  it('applyReplyHeaders sets them on the response (streams, errors) and merges with writeHead objects', async () => {
    const raw = await once((req, res) => {
      const r = new GuardContext(req, res, '/mcp', true);
      r.replyHeader('X-Rate', '5');
      r.applyReplyHeaders();
      r.applyReplyHeaders(); // twice is harmless
      res.writeHead(429, { 'X-Rate': '0', 'X-Retry': '1', 'content-length': '0' });
      res.end();
    });
    expect(pairs(raw)).toEqual([
      ['x-rate', '0'],
      ['x-retry', '1'],
    ]);
  });

  it('direct (Express routes): replyHeader is res.setHeader', async () => {
    const raw = await once((req, res) => {
      const r = new GuardContext(req, res, '/tools/x');
      r.replyHeader('X-Direct', 'yes');
      expect(res.getHeader('x-direct')).toBe('yes');
      expect(r.takeReplyHeaders()).toBeUndefined();
      res.end();
    });
    expect(pairs(raw)).toEqual([['x-direct', 'yes']]);
  });

  it('ip: the socket address, or what the given address function says, computed once', async () => {
    let calls = 0;
    await once((req, res) => {
      expect(new GuardContext(req, res, '/mcp').ip).toBe('127.0.0.1');
      const r = new GuardContext(req, res, '/mcp', true, (q) => {
        calls++;
        return String(q.headers['x-forwarded-for']);
      });
      expect([r.ip, r.ip]).toEqual(['203.0.113.7', '203.0.113.7']);
      res.end();
    }, { 'X-Forwarded-For': '203.0.113.7' });
    expect(calls).toBe(1);
  });
});
