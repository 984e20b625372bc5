import { describe, expect, it } from 'vitest';
import { HttpError, type CallInfo } from '../types.js';
import { canUse, filterVisible, rolesMiddleware } from './index.js';

const user = { id: 'u', roles: ['user'], scheme: 'apikey' };
const anon = { id: 'anonymous', roles: [], scheme: 'none' };

describe('roles', () => {
  it('decides visibility', () => {
    expect(canUse(user, undefined)).toBe(true);
    expect(canUse(user, {})).toBe(true);
    expect(canUse(user, { roles: [] })).toBe(true);
    expect(canUse(user, { roles: ['admin', 'user'] })).toBe(true);
    expect(canUse(user, { roles: ['admin'] })).toBe(false);
    expect(canUse(anon, { roles: ['user'] })).toBe(false);
    expect(filterVisible(user, [{ roles: ['admin'] }, {}, { roles: ['user'] }])).toHaveLength(2);
  });

  it('refuses a hidden element exactly like an unknown one', async () => {
    const mw = rolesMiddleware();
    const info = (kind: 'tool' | 'resource', roles?: string[]): CallInfo => ({
      method: kind === 'tool' ? 'tools/call' : 'resources/read',
      params: {},
      caller: user,
      target: { kind, name: 'secret', policy: roles === undefined ? {} : { roles } },
      transport: 'http',
      ip: undefined,
      signal: new AbortController().signal,
    });
    expect(await mw(info('tool'), () => Promise.resolve(1))).toBe(1);
    const e = (await mw(info('tool', ['admin']), () => Promise.resolve(1)).catch((x: unknown) => x)) as HttpError;
    expect(e).toBeInstanceOf(HttpError);
    expect([e.code, e.rpcCode, e.message]).toEqual(['not_found', -32602, 'unknown tool: secret']);
    const r = (await mw(info('resource', ['admin']), () => Promise.resolve(1)).catch((x: unknown) => x)) as HttpError;
    expect(r.rpcCode).toBe(-32002);
  });
});
