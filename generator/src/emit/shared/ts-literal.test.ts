import { describe, expect, test } from 'vitest';
import { jsDoc, jsonLiteral, tsKey, tsString } from './ts-literal.js';

describe('ts-literal', () => {
  test('tsString escapes quotes, backslashes, newlines and line separators', () => {
    const s = "it's \\ a\nb\u2028c\u0001";
    expect(tsString(s)).toBe("'it\\'s \\\\ a\\nb\\u2028c\\u0001'");
    expect(new Function(`return ${tsString(s)}`)()).toBe(s);
  });
  test('tsKey quotes only what is not an identifier', () => {
    expect(tsKey('sum')).toBe('sum');
    expect(tsKey('math.add')).toBe("'math.add'");
    expect(tsKey('2fa')).toBe("'2fa'");
  });
  test('jsonLiteral keeps short scalar arrays inline and round-trips', () => {
    const value = { roles: ['user', 'admin'], nested: { a: [{ b: 1 }] }, s: 'x\u2028y' };
    const text = jsonLiteral(value, 2);
    expect(text).toContain('"roles": ["user", "admin"]');
    expect(text).toContain('\\u2028');
    expect(JSON.parse(text)).toEqual(value);
  });
  test('jsDoc cannot be closed early by user text', () => {
    expect(jsDoc('a */ b', 2)).toBe('  /** a *\\/ b */\n');
    expect(jsDoc('one\ntwo')).toBe('/**\n * one\n * two\n */\n');
    expect(jsDoc(undefined)).toBe('');
  });
});
