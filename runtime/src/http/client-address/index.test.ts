import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { parseTrustProxy } from '../../settings/parse.js';
import type { TrustProxy } from '../../settings/types.js';
import { clientAddress, clientAddressOf, parseForwardedEntry } from './index.js';

const trust = (text: string): TrustProxy => {
  const t = parseTrustProxy(text);
  if (t === null || 'error' in t) throw new Error(`bad test setting ${text}`);
  return t;
};

describe('parseForwardedEntry', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    [' 203.0.113.7 ', '203.0.113.7'],
    ['203.0.113.7:51234', '203.0.113.7'],
    ['2001:db8::1', '2001:db8::1'],
    ['[2001:db8::1]', '2001:db8::1'],
    ['[2001:db8::1]:443', '2001:db8::1'],
    ['::ffff:10.0.0.1', '::ffff:10.0.0.1'],
  ])('%j -> %j', (entry, ip) => expect(parseForwardedEntry(entry)).toBe(ip));

  it.each(['', '   ', 'unknown', 'example.com', '203.0.113.256', '203.0.113.7:port', '203.0.113.7:123456', '[2001:db8::1', '[203.0.113.7]', '[2001:db8::1]x', '1.2.3.4 5.6.7.8', '_hidden', 'for=1.2.3.4'])(
    'refuses %j',
    (entry) => expect(parseForwardedEntry(entry)).toBeUndefined(),
  );
});

describe('clientAddress', () => {
  it('without a policy: always the socket address, whatever X-Forwarded-For says', () => {
    expect(clientAddress('198.51.100.1', '203.0.113.7', undefined)).toBe('198.51.100.1');
    expect(clientAddress('198.51.100.1', undefined, undefined)).toBe('198.51.100.1');
  });

  describe('trusted proxy list', () => {
    const lb = trust('10.0.0.0/8, 2001:db8:ffff::/48');
    it.each<[string, string, string | string[] | undefined, string]>([
      ['one proxy', '10.0.0.5', '203.0.113.7', '203.0.113.7'],
      ['two trusted proxies', '10.0.0.5', '203.0.113.7, 10.1.2.3', '203.0.113.7'],
      ['IPv6 proxy, IPv6 client', '2001:db8:ffff::2', '2001:db8:1::7', '2001:db8:1::7'],
      ['IPv4-mapped socket address of a trusted proxy', '::ffff:10.0.0.5', '203.0.113.7', '203.0.113.7'],
      ['entries with ports', '10.0.0.5', '203.0.113.7:4000, [2001:db8:ffff::9]:80', '203.0.113.7'],
      ['several header lines count as one list', '10.0.0.5', ['203.0.113.7', '10.0.0.6'], '203.0.113.7'],
      ['no header: the proxy itself', '10.0.0.5', undefined, '10.0.0.5'],
      ['empty header: the proxy itself', '10.0.0.5', '', '10.0.0.5'],
      ['only trusted addresses: the leftmost', '10.0.0.5', '10.0.0.7, 10.0.0.6', '10.0.0.7'],
    ])('%s', (_name, socket, xff, expected) => expect(clientAddress(socket, xff, lb)).toBe(expected));

    it.each<[string, string, string, string]>([
      ['a direct client cannot claim another address', '203.0.113.66', '198.51.100.1', '203.0.113.66'],
      ['a direct client cannot claim to be behind the proxy', '203.0.113.66', '198.51.100.1, 10.0.0.5', '203.0.113.66'],
      ['a client-written prefix is never reached', '10.0.0.5', '198.51.100.1, 203.0.113.66', '203.0.113.66'],
      ['a client-written trusted address does not extend trust past the client', '10.0.0.5', '198.51.100.1, 10.9.9.9, 203.0.113.66', '203.0.113.66'],
      ['a malformed entry right of the client stops at the last trustworthy address', '10.0.0.5', '198.51.100.1, garbage', '10.0.0.5'],
      ['a malformed entry left of the client is never read', '10.0.0.5', 'garbage, 203.0.113.7', '203.0.113.7'],
      ['malformed after a trusted hop: that hop', '10.0.0.5', '203.0.113.7, nonsense, 10.0.0.6', '10.0.0.6'],
      ['injected separators do not help', '10.0.0.5', '198.51.100.1,,  ,203.0.113.7', '203.0.113.7'],
    ])('%s', (_name, socket, xff, expected) => expect(clientAddress(socket, xff, lb)).toBe(expected));

    it('named ranges: loopback covers 127.0.0.0/8 and ::1', () => {
      const lo = trust('loopback');
      expect(clientAddress('127.0.0.1', '203.0.113.7', lo)).toBe('203.0.113.7');
      expect(clientAddress('::1', '203.0.113.8', lo)).toBe('203.0.113.8');
      expect(clientAddress('::ffff:127.0.0.1', '203.0.113.9', lo)).toBe('203.0.113.9');
      expect(clientAddress('10.0.0.1', '203.0.113.7', lo)).toBe('10.0.0.1');
    });

    it('a very long header costs a bounded walk and still ends on an address', () => {
      const many = Array.from({ length: 10_000 }, (_v, i) => `10.0.${(i >> 8) & 255}.${i & 255}`).join(',');
      const out = clientAddress('10.0.0.5', many, lb);
      expect(out.startsWith('10.')).toBe(true);
    });
  });

  describe('hop count', () => {
    it.each<[string, number, string, string | undefined, string]>([
      ['1 hop: the rightmost entry', 1, '10.0.0.5', '198.51.100.1, 203.0.113.7', '203.0.113.7'],
      ['2 hops: the second from the right', 2, '10.0.0.5', '198.51.100.1, 203.0.113.7, 10.0.0.9', '203.0.113.7'],
      ['fewer entries than hops: the leftmost', 3, '10.0.0.5', '203.0.113.7, 10.0.0.9', '203.0.113.7'],
      ['no header: the socket', 1, '10.0.0.5', undefined, '10.0.0.5'],
      ['spoofed prefix beyond the hop count is ignored', 1, '10.0.0.5', '1.1.1.1, 2.2.2.2, 203.0.113.7', '203.0.113.7'],
      ['malformed rightmost entry: the socket', 1, '10.0.0.5', '203.0.113.7, not-an-ip', '10.0.0.5'],
      ['malformed second entry: the first', 2, '10.0.0.5', 'bad, 10.0.0.9', '10.0.0.9'],
      ['IPv6 entries', 1, '::1', '2001:db8::7', '2001:db8::7'],
    ])('%s', (_name, hops, socket, xff, expected) => expect(clientAddress(socket, xff, trust(String(hops)))).toBe(expected));
  });
});

describe('clientAddressOf', () => {
  const req = (remoteAddress: string | undefined, xff?: string): IncomingMessage => ({ socket: { remoteAddress }, headers: xff === undefined ? {} : { 'x-forwarded-for': xff } }) as unknown as IncomingMessage;

  it('unset: the socket address (empty when the socket has none)', () => {
    const of = clientAddressOf({});
    expect(of(req('127.0.0.1', '203.0.113.7'))).toBe('127.0.0.1');
    expect(of(req(undefined))).toBe('');
  });

  it('set: one function per policy, reading X-Forwarded-For', () => {
    const settings = { trustProxy: trust('127.0.0.1') };
    const of = clientAddressOf(settings);
    expect(clientAddressOf(settings)).toBe(of);
    expect(of(req('127.0.0.1', '203.0.113.7'))).toBe('203.0.113.7');
    expect(of(req('127.0.0.2', '203.0.113.7'))).toBe('127.0.0.2');
  });
});
