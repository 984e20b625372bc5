/** The battery's checks must be able to fail: feed them what a leaky server would send. */
import { describe, expect, it } from 'vitest';
import type { RawResponse } from '../security/http.js';
import { expectSane } from './checks.js';

const reply = (status: number, text: string, type = 'application/json'): RawResponse => ({ status, headers: { 'content-type': type }, text, json: () => JSON.parse(text) });

describe('hostile checks', () => {
  it('accept a clean error', () => {
    expect(() => expectSane(reply(400, '{"error":{"code":"bad","message":"bad input"}}'))).not.toThrow();
  });
  it.each([
    ['a 5xx', reply(500, '{"error":{"code":"internal_error"}}')],
    ['a stack trace', reply(400, '{"error":{"message":"TypeError: x\\n    at handler (/srv/app/dist/tool.js:12:5)"}}')],
    ['a source path', reply(400, '{"error":{"message":"failed in /work/main/runtime/src/x.ts:10:2"}}')],
    ['invalid JSON', reply(400, '{"error":')],
    ['an error status without error body', reply(404, '{"ok":false}')],
    ['a bare CR in SSE', reply(200, 'event: message\ndata: {"a":1}\r\nevent: hijack\n\n', 'text/event-stream')],
  ])('reject %s', (_n, r) => {
    expect(() => expectSane(r)).toThrow();
  });
  it('reject a leaked secret', () => {
    expect(() => expectSane(reply(401, '{"error":{"message":"bad key s3cr3t"}}'), { secrets: ['s3cr3t'] })).toThrow();
  });
});
