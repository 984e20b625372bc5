import { describe, expect, test } from 'vitest';
import { ValidationError, equal, fullFormats, ucs2length, uri } from './index.js';

describe('@mcp-gen/runtime/validation', () => {
  test('exposes the helpers Ajv standalone code calls', () => {
    expect(ucs2length('a😀')).toBe(2);
    expect(equal({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toBe(true);
    expect(equal({ a: 1 }, { a: 2 })).toBe(false);
    expect(uri.resolve('http://x.test/a/b', '../c')).toBe('http://x.test/c');
    const err = new ValidationError([{ instancePath: '/a', keyword: 'type' }]);
    expect(err.errors).toHaveLength(1);
    expect(err).toBeInstanceOf(Error);
  });
  test('full formats validate like ajv-formats', () => {
    const dateTime = fullFormats['date-time'] as { validate: (s: string) => boolean };
    expect(dateTime.validate('2026-11-27T00:00:00Z')).toBe(true);
    expect(dateTime.validate('2026-02-30T00:00:00Z')).toBe(false);
    expect((fullFormats.email as RegExp).test('a@b.co')).toBe(true);
  });
});
