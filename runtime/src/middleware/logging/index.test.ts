import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../logger/index.js';
import { loggingObserver, MAX_LOGGED_FIELD, MAX_LOGGED_PATH } from './index.js';

function capture() {
  const lines: any[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const l of chunk.toString().split('\n')) if (l.trim()) lines.push(JSON.parse(l));
      cb();
    },
  });
  return { lines, log: createLogger({ logFormat: 'json', logLevel: 'debug' }, { destination: stream }) };
}

describe('loggingObserver', () => {
  it('writes one line per request with the useful fields', () => {
    const { lines, log } = capture();
    const o = loggingObserver(log);
    o.requestDone!({ requestId: 'r1', method: 'POST', path: '/mcp', status: 200, durationMs: 1.23456, ip: '127.0.0.1', rpcMethod: 'tools/call', caller: { id: 'key:abc', roles: [], scheme: 'apikey' } });
    o.requestDone!({ requestId: 'r2', method: 'POST', path: '/mcp', status: 401, durationMs: 0.5, ip: '127.0.0.1', error: 'invalid_api_key' });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ level: 30, reqId: 'r1', method: 'POST', path: '/mcp', status: 200, ms: 1.23, rpc: 'tools/call', caller: 'key:abc', msg: 'request' });
    expect(lines[1]).toMatchObject({ level: 40, status: 401, error: 'invalid_api_key' });
  });

  it('redacts secrets anywhere the logger sees them', () => {
    const { lines, log } = capture();
    log.info({ headers: { authorization: 'Bearer s3cret', 'x-api-key': 'k3y', 'x-signature': 'sha256=abc' }, hmacSecret: 'hs', nested: { token: 't0k' } }, 'x');
    const text = JSON.stringify(lines);
    for (const s of ['s3cret', 'k3y', 'sha256=abc', '"hs"', 't0k']) expect(text).not.toContain(s);
    expect(text).toContain('[redacted]');
  });

  it('clips client-chosen fields, so a request line stays about 1 KB whatever the request held', () => {
    const { lines, log } = capture();
    const o = loggingObserver(log);
    const huge = 'a\r\n\u001b[31m' + 'Z'.repeat(4_000_000);
    o.requestDone!({ requestId: 'r1', method: 'POST', path: `/tools/${huge}`, status: 404, durationMs: 1, ip: '127.0.0.1', rpcMethod: huge, caller: { id: huge, roles: [], scheme: 'apikey' }, error: huge });
    expect(lines).toHaveLength(1);
    expect(JSON.stringify(lines[0]).length).toBeLessThan(1500);
    expect(lines[0].path.startsWith('/tools/a\r\n')).toBe(true);
    expect(lines[0].path).toContain(`...(+${`/tools/${huge}`.length - MAX_LOGGED_PATH} chars)`);
    for (const k of ['rpc', 'caller', 'error']) expect(lines[0][k]).toBe(`${huge.slice(0, MAX_LOGGED_FIELD)}...(+${huge.length - MAX_LOGGED_FIELD} chars)`);
  });
});
