import { describe, expect, test } from 'vitest';
import { commentText, jsDoc, jsonLiteral, tsKey, tsString } from './ts-literal.js';

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
  test('jsDoc breaks lines at U+2028/U+2029 too, so every line keeps its " * "', () => {
    expect(jsDoc('one\u2028two\u2029three')).toBe('/**\n * one\n * two\n * three\n */\n');
  });
  test('jsonLiteral writes a __proto__ key computed, so the literal keeps it as a property', () => {
    const value = JSON.parse('{"properties":{"__proto__":{"type":"string"},"a":{"type":"number"}}}') as Record<string, unknown>;
    const text = jsonLiteral(value);
    expect(text).toContain('["__proto__"]: {');
    const evaluated = new Function(`return ${text}`)() as { properties: Record<string, unknown> };
    expect(Object.keys(evaluated.properties)).toEqual(['__proto__', 'a']);
    expect(Object.getPrototypeOf(evaluated.properties)).toBe(Object.prototype);
    expect(JSON.stringify(evaluated)).toBe(JSON.stringify(value));
  });
  test('commentText keeps user text inside a // comment: no JS line terminator or control character survives', () => {
    const hostile = 'x\u2028alert(1)\u2029y\rz\r\nw\nv\u0000\u001b[2J';
    const text = commentText(hostile);
    expect(text).toBe('x alert(1) y z w v  [2J');
    // as a comment line of a module, nothing of it runs or breaks parsing
    expect(() => new Function(`// ${text}\nreturn 1;`)).not.toThrow();
    expect(new Function(`// ${text}\nreturn 1;`)()).toBe(1);
  });
});
