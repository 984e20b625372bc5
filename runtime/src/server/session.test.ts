import { describe, expect, it } from 'vitest';
import { Session } from './session.js';

const open = (id: string) => new Session({ id, principal: 'p', protocolVersion: '2025-11-25' });

describe('Session ids', () => {
  it('issues stream ids with one tag per session object, recognised by issuedHere', () => {
    const a = open('s1');
    const one = a.newStreamId();
    const two = a.newStreamId();
    expect(one).not.toBe(two);
    expect(one.slice(0, one.lastIndexOf('-'))).toBe(two.slice(0, two.lastIndexOf('-')));
    expect(a.issuedHere(one) && a.issuedHere(two) && a.ownsStream(one)).toBe(true);
    const again = open('s1'); // the same session re-loaded on this instance is another issuer
    expect(again.issuedHere(one)).toBe(false);
    expect(again.ownsStream(one)).toBe(true);
    expect(open('s2').ownsStream(one)).toBe(false);
  });

  it('numbers server-to-client requests uniquely and settles them', async () => {
    const a = open('s1');
    const b = open('s1');
    const x = a.expect();
    const y = a.expect();
    const z = b.expect();
    expect(new Set([x.id, y.id, z.id]).size).toBe(3);
    expect(b.settle(x.id, 1, undefined)).toBe(false);
    expect(a.settle(x.id, 'ok', undefined)).toBe(true);
    await expect(x.promise).resolves.toBe('ok');
    a.close('done');
    await expect(y.promise).rejects.toThrow('session closed: done');
    b.close('done');
    await expect(z.promise).rejects.toThrow();
  });
});
