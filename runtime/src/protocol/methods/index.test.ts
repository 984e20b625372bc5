import { describe, expect, it } from 'vitest';
import { coerceParams } from './resources.js';

describe('coerceParams', () => {
  const schema = {
    type: 'object',
    properties: {
      id: { type: 'integer' },
      ratio: { type: 'number' },
      on: { type: 'boolean' },
      tags: { type: 'array', items: { type: 'integer' } },
      name: { type: 'string' },
      maybe: { type: ['integer', 'null'] },
    },
  };

  it('coerces URI strings to the declared types', () => {
    expect(coerceParams(schema, { id: '42', ratio: '-1.5e2', on: 'true', tags: '1,2,3', name: '007', maybe: 'null' })).toEqual({
      id: 42,
      ratio: -150,
      on: true,
      tags: [1, 2, 3],
      name: '007',
      maybe: null,
    });
  });

  it('leaves values that do not parse for the validator to reject', () => {
    expect(coerceParams(schema, { id: '4x', on: 'yes', tags: ['a'] })).toEqual({ id: '4x', on: 'yes', tags: ['a'] });
    expect(coerceParams(schema, { id: '' })).toEqual({ id: '' });
    expect(coerceParams(schema, { id: '0x10' })).toEqual({ id: '0x10' });
  });

  it('keeps unknown variables as strings', () => {
    expect(coerceParams({ type: 'object' }, { x: '1' })).toEqual({ x: '1' });
  });
});
