import { describe, expect, it } from 'vitest';
import { composeCallMiddleware, httpErrorReply, runGuards } from './pipeline.js';
import { HttpError, type CallInfo, type GuardRequest, type HttpGuard } from './types.js';

const req = {} as GuardRequest;

describe('runGuards', () => {
  it('stays synchronous while guards are, and stops at handled', () => {
    const seen: string[] = [];
    const g = (name: string, out?: 'handled'): HttpGuard => ({ name, check: () => (seen.push(name), out) });
    expect(runGuards([g('a'), g('b')], req)).toBeUndefined();
    expect(runGuards([g('c', 'handled'), g('d')], req)).toBe('handled');
    expect(seen).toEqual(['a', 'b', 'c']);
  });
  it('continues after an async guard, and rejects with its error', async () => {
    const seen: string[] = [];
    const later: HttpGuard = { name: 'async', check: () => Promise.resolve().then(() => void seen.push('async')) };
    const after: HttpGuard = { name: 'after', check: () => void seen.push('after') };
    await runGuards([later, after], req);
    expect(seen).toEqual(['async', 'after']);
    const failing: HttpGuard = { name: 'f', check: () => Promise.reject(new HttpError(401, 'invalid_token', 'no')) };
    await expect(runGuards([failing, after], req)).rejects.toMatchObject({ code: 'invalid_token' });
    expect(seen).toEqual(['async', 'after']);
  });
});

describe('composeCallMiddleware', () => {
  it('runs the first middleware outermost', async () => {
    const order: string[] = [];
    const run = composeCallMiddleware([
      async (_c, next) => (order.push('a>'), await next().finally(() => order.push('<a'))),
      async (_c, next) => (order.push('b>'), await next().finally(() => order.push('<b'))),
    ]);
    expect(await run({} as CallInfo, () => (order.push('handler'), Promise.resolve(42)))).toBe(42);
    expect(order).toEqual(['a>', 'b>', 'handler', '<b', '<a']);
  });
});

describe('httpErrorReply', () => {
  it('renders HttpError and hides everything else', () => {
    expect(httpErrorReply(new HttpError(429, 'rate_limited', 'slow down', { 'Retry-After': '3' }))).toEqual({
      status: 429,
      headers: { 'Retry-After': '3' },
      body: '{"error":{"code":"rate_limited","message":"slow down"}}',
    });
    const hidden = httpErrorReply(new Error('db password is hunter2'));
    expect(hidden.status).toBe(500);
    expect(hidden.body).not.toContain('hunter2');
  });
});
