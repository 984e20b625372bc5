import { describe, expect, test } from 'vitest';
import { parseUriTemplate } from './uri-template.js';

describe('parseUriTemplate', () => {
  test('level 1: simple variables in order', () => {
    const r = parseUriTemplate('users://{user_id}/posts/{post_id}');
    expect(r.errors).toEqual([]);
    expect(r.variables.map((v) => [v.name, v.operator, v.index])).toEqual([
      ['user_id', '', 9],
      ['post_id', '', 25],
    ]);
  });

  test('levels 2-4: every operator, lists, explode and prefix', () => {
    const r = parseUriTemplate('x://h{+path}{#frag}{.ext}{/seg*}{;p}{?q,page}{&more}{name:3}');
    expect(r.errors).toEqual([]);
    expect(r.variables.map((v) => `${v.operator}${v.name}${v.explode ? '*' : ''}${v.prefix ? `:${v.prefix}` : ''}`)).toEqual([
      '+path',
      '#frag',
      '.ext',
      '/seg*',
      ';p',
      '?q',
      '?page',
      '&more',
      'name:3',
    ]);
  });

  test('pct-encoded and dotted variable names', () => {
    expect(parseUriTemplate('a://{a.b}{%41x}').variables.map((v) => v.name)).toEqual(['a.b', '%41x']);
  });

  test.each([
    ['a://{x', 4, 'unclosed "{"'],
    ['a://x}', 5, 'unmatched "}"'],
    ['a://{}', 4, 'empty expression'],
    ['a://{=x}', 5, 'operator "=" is reserved'],
    ['a://{x:0}', 6, 'prefix ":0"'],
    ['a://{x:10000}', 6, 'prefix ":10000"'],
    ['a://{a-b}', 5, 'invalid variable name "a-b"'],
    ['a://{x,}', 7, 'missing variable name'],
    ['a://b c/{x}', 5, 'character " " is not allowed'],
    ['a://%zz/{x}', 4, 'percent-encoding'],
  ])('%s -> error at %i', (template, index, message) => {
    const r = parseUriTemplate(template);
    expect(r.errors[0]?.index).toBe(index);
    expect(r.errors[0]?.message).toContain(message);
  });
});
