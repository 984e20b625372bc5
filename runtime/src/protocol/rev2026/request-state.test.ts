import { describe, expect, it } from 'vitest';
import { RpcError } from '../errors.js';
import { RequestStateCodec, argumentsHash } from './request-state.js';

const payload = (x = Date.now() + 60_000) => ({ m: 'tools/call', n: 'greet', h: argumentsHash({ a: 1, b: [2] }), a: { name: { action: 'accept' } }, p: ['name'], x });

describe('RequestStateCodec', () => {
  it('round-trips a sealed state', () => {
    const c = new RequestStateCodec();
    const p = payload();
    expect(c.open(c.seal(p))).toEqual(p);
  });
  it('rejects altered, foreign, malformed and expired states with -32602', () => {
    const c = new RequestStateCodec();
    const s = c.seal(payload());
    const bad = (v: unknown) => {
      try {
        c.open(v);
        return 'accepted';
      } catch (err) {
        return err instanceof RpcError ? err.code : 'other';
      }
    };
    expect(bad(`${s}-TAMPERED`)).toBe(-32602);
    expect(bad(`x${s}`)).toBe(-32602);
    expect(bad(new RequestStateCodec().seal(payload()))).toBe(-32602);
    expect(bad('no-dot')).toBe(-32602);
    expect(bad(42)).toBe(-32602);
    expect(bad(c.seal(payload(Date.now() - 1)))).toBe(-32602);
  });
  it('a shared secret lets another instance open the state', () => {
    expect(new RequestStateCodec('s3cret').open(new RequestStateCodec('s3cret').seal(payload())).n).toBe('greet');
  });
  it('hashes arguments independently of key order', () => {
    expect(argumentsHash({ a: 1, b: { c: 2, d: 3 } })).toBe(argumentsHash({ b: { d: 3, c: 2 }, a: 1 }));
    expect(argumentsHash({ a: 1 })).not.toBe(argumentsHash({ a: 2 }));
  });
});
