import { describe, expect, test } from 'vitest';
import { assignIdents, pascalCase, varNameOf } from './names.js';
import { closest, editDistance } from './suggest.js';

describe('pascalCase', () => {
  test.each([
    ['math.add', 'MathAdd'],
    ['get_user', 'GetUser'],
    ['list-files', 'ListFiles'],
    ['fetchURL', 'FetchURL'],
    ['a..b__c', 'ABC'],
    ['3d.render', '_3dRender'],
    ['___', 'Unnamed'],
  ])('%s -> %s', (name, ident) => expect(pascalCase(name)).toBe(ident));
});

describe('assignIdents', () => {
  test('collisions get the first free numeric suffix, in declaration order', () => {
    const r = assignIdents(['a.b', 'a_b', 'a-b', 'c']);
    expect(r.idents).toEqual(['AB', 'AB2', 'AB3', 'C']);
    expect(r.collisions.map((c) => c.index)).toEqual([1, 2]);
  });

  test('a suffixed ident never takes a later plain one', () => {
    expect(assignIdents(['x.y', 'x_y', 'XY2']).idents).toEqual(['XY', 'XY3', 'XY2']);
  });

  test('varName prefixes the ident', () => {
    expect(varNameOf('tool', 'MathAdd')).toBe('toolMathAdd');
    expect(varNameOf('tool', '_3d')).toBe('tool3d');
  });
});

describe('suggestions', () => {
  test('a swap is one edit', () => {
    expect(editDistance('inptu', 'input')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
  test('closest finds typos and ignores far words', () => {
    expect(closest('inptu', ['input', 'output'])).toBe('input');
    expect(closest('READONLYHINT', ['readOnlyHint'])).toBe('readOnlyHint');
    expect(closest('zzz', ['input', 'output'])).toBeUndefined();
  });
});
