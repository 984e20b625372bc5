import { describe, expect, test } from 'vitest';
import { decodeUtf8 } from './encoding.js';

const bytes = (...parts: (string | number[])[]): Uint8Array => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

describe('decodeUtf8', () => {
  test('valid UTF-8 (multi-byte characters, a BOM) decodes unchanged', () => {
    const r = decodeUtf8(bytes([0xef, 0xbb, 0xbf], 'name: café ✓ 𝄞\n'));
    expect(r.invalid).toBeUndefined();
    expect(r.text).toBe('\uFEFFname: café ✓ 𝄞\n');
  });

  test.each([
    ['a Latin-1 byte', bytes('mcp: 1\nname: caf', [0xe9], '\n'), 2, 10, 0xe9],
    ['an overlong encoding', bytes('ab', [0xc0, 0xaf]), 1, 3, 0xc0],
    ['a UTF-16 surrogate encoded in UTF-8', bytes('x: é', [0xed, 0xa0, 0x80]), 1, 5, 0xed],
    ['a sequence cut off at the end', bytes('x\ny', [0xe2, 0x9c]), 2, 2, 0xe2],
    ['a stray continuation byte after a 4-byte character', bytes('𝄞', [0x80]), 1, 3, 0x80],
    ['a code point above U+10FFFF', bytes('a', [0xf4, 0x90, 0x80, 0x80]), 1, 2, 0xf4],
  ])('%s is reported at its line and column', (_name, input, line, col, byte) => {
    const r = decodeUtf8(input);
    expect(r.invalid).toMatchObject({ line, col });
    expect(r.invalid?.message).toBe(`is not valid UTF-8: byte 0x${byte.toString(16)} at line ${line}, column ${col}; save the file as UTF-8`);
    // the offset counts characters of the (lossy) text, so code frames point at the replacement character
    expect(r.text.charAt(r.invalid!.offset)).toBe('\uFFFD');
  });

  test('a UTF-16 file is named as such', () => {
    expect(decodeUtf8(Buffer.from('\uFEFFmcp: 1\n', 'utf16le')).invalid?.message).toBe('is UTF-16; save it as UTF-8');
  });
});
