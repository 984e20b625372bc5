import { describe, expect, it } from 'vitest';
import { HttpError, type CallInfo } from '../types.js';
import { timeoutMiddleware } from './index.js';

const info = (ctrl: AbortController, timeoutMs?: number): CallInfo => ({
  method: 'tools/call',
  params: {},
  caller: { id: 'c', roles: [], scheme: 'none' },
  target: { kind: 'tool', name: 'slow', policy: timeoutMs === undefined ? {} : { timeoutMs } },
  transport: 'http',
  ip: undefined,
  signal: ctrl.signal,
  abort: (r) => ctrl.abort(r),
});

describe('timeoutMiddleware', () => {
  it('aborts the handler signal and names the element and limit', async () => {
    const mw = timeoutMiddleware({ toolTimeoutMs: 10_000 });
    const ctrl = new AbortController();
    const started = Date.now();
    const handler = () => new Promise<string>((resolve) => setTimeout(() => resolve('late'), 2000));
    const err = (await mw(info(ctrl, 50), handler).catch((e: unknown) => e)) as HttpError;
    expect(Date.now() - started).toBeLessThan(1500);
    expect(err).toBeInstanceOf(HttpError);
    expect([err.code, err.rpcCode, err.message]).toEqual(['request_timeout', -32001, 'tool "slow" timed out after 50 ms']);
    expect(ctrl.signal.aborted).toBe(true);
  });

  it('lets fast calls through and uses the server default', async () => {
    const mw = timeoutMiddleware({ toolTimeoutMs: 40 });
    expect(await mw(info(new AbortController()), () => Promise.resolve('fast'))).toBe('fast');
    const err = await mw(info(new AbortController()), () => new Promise((r) => setTimeout(r, 1000))).catch((e: unknown) => e);
    expect((err as HttpError).message).toBe('tool "slow" timed out after 40 ms');
  });

  it('is off with 0', async () => {
    const mw = timeoutMiddleware({ toolTimeoutMs: 0 });
    expect(await mw(info(new AbortController()), () => new Promise((r) => setTimeout(() => r('done'), 30)))).toBe('done');
  });
});
