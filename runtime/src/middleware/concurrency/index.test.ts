import { describe, expect, it } from 'vitest';
import { HttpError, type CallInfo } from '../types.js';
import { concurrencyMiddleware } from './index.js';

const info: CallInfo = {
  method: 'tools/call',
  params: {},
  caller: { id: 'c', roles: [], scheme: 'none' },
  target: { kind: 'tool', name: 't', policy: {} },
  transport: 'http',
  ip: undefined,
  signal: new AbortController().signal,
};

describe('concurrencyMiddleware', () => {
  it('refuses calls over the cap and frees slots when calls end', async () => {
    const mw = concurrencyMiddleware({ maxConcurrentCalls: 2 });
    const gates: Array<() => void> = [];
    const hold = () => new Promise<string>((r) => gates.push(() => r('done')));
    const a = mw(info, hold);
    const b = mw(info, hold);
    const c = (await mw(info, hold).catch((e: unknown) => e)) as HttpError;
    expect(c.code).toBe('server_busy');
    expect(c.status).toBe(503);
    expect(mw.active()).toBe(2);
    gates.forEach((g) => g());
    await Promise.all([a, b]);
    expect(mw.active()).toBe(0);
    expect(await mw(info, () => Promise.resolve('again'))).toBe('again');
    // a failing call frees its slot too
    await mw(info, () => Promise.reject(new Error('x'))).catch(() => undefined);
    expect(mw.active()).toBe(0);
  });
});
