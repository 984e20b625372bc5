import { describe, expect, it } from 'vitest';
import { composeCallChain, composeCallMiddleware, httpErrorReply, runGuards } from './pipeline.js';
import { HttpError, acceptsSyncNext, type CallInfo, type CallMiddleware, type GuardRequest, type HttpGuard } from './types.js';

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

describe('composeCallChain', () => {
  it('hands a plain result to marked middleware and a promise to the others', async () => {
    const seen: string[] = [];
    const marked = acceptsSyncNext((_c, next) => {
      const r = next();
      seen.push(r instanceof Promise ? 'marked: promise' : 'marked: value');
      return r;
    });
    const plain: CallMiddleware = (_c, next) => {
      const r = next();
      seen.push(r instanceof Promise ? 'plain: promise' : 'plain: value');
      return r;
    };
    expect(composeCallChain([marked, marked])({} as CallInfo, () => 7)).toBe(7);
    expect(seen).toEqual(['marked: value', 'marked: value']);
    seen.length = 0;
    expect(await composeCallChain([plain, marked])({} as CallInfo, () => 8)).toBe(8);
    expect(seen).toEqual(['marked: value', 'plain: promise']);
  });

  it('turns a sync throw into a rejection for unmarked middleware', async () => {
    const plain: CallMiddleware = (_c, next) => next().catch((e: Error) => `caught ${e.message}`);
    const run = composeCallChain([plain]);
    expect(await run({} as CallInfo, () => {
      throw new Error('boom');
    })).toBe('caught boom');
    expect(await composeCallMiddleware([])({} as CallInfo, () => Promise.resolve('empty chain'))).toBe('empty chain');
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
