import { describe, expect, it } from 'vitest';
import { classify } from './jsonrpc.js';
import { decodeCursor, encodeCursor, paginate } from './pagination.js';
import { negotiateRevision } from './revisions.js';
import { formatValidationErrors } from './validation-errors.js';

describe('classify', () => {
  it('sorts requests, notifications and responses', () => {
    expect(classify({ jsonrpc: '2.0', id: 1, method: 'ping' })).toMatchObject({ kind: 'request', id: 1 });
    expect(classify({ jsonrpc: '2.0', method: 'n' })).toMatchObject({ kind: 'notification' });
    expect(classify({ jsonrpc: '2.0', id: 'a', result: {} })).toMatchObject({ kind: 'response', id: 'a' });
    expect(classify({ jsonrpc: '2.0', id: 2, error: { code: 1, message: 'x' } })).toMatchObject({ kind: 'response', error: { code: 1 } });
  });

  it.each([
    [null, null],
    [[1], null],
    [{ id: 1, method: 'x' }, 1],
    [{ jsonrpc: '2.0', id: null, method: 'x' }, null],
    [{ jsonrpc: '2.0', id: Infinity, method: 'x' }, null],
    [{ jsonrpc: '2.0', id: 3, method: '' }, 3],
    [{ jsonrpc: '2.0', id: 3, error: { code: 'x' } }, 3],
    [{ jsonrpc: '2.0', id: 3 }, 3],
  ])('invalid: %j (id %s)', (msg, id) => {
    expect(classify(msg)).toMatchObject({ kind: 'invalid', id });
  });
});

describe('pagination', () => {
  const items = Array.from({ length: 7 }, (_, i) => i);
  it('pages with opaque cursors until the end', () => {
    const p1 = paginate(items, undefined, 3);
    expect(p1.page).toEqual([0, 1, 2]);
    const p2 = paginate(items, p1.nextCursor, 3);
    const p3 = paginate(items, p2.nextCursor, 3);
    expect(p3).toEqual({ page: [6], nextCursor: undefined });
    expect(paginate(items, undefined, 10)).toEqual({ page: items, nextCursor: undefined });
  });

  it.each(['', 'abc', 123, encodeCursor(99), Buffer.from('o:-1').toString('base64url'), 'x'.repeat(100)])('rejects bad cursor %j', (c) => {
    expect(() => paginate(items, c, 3)).toThrow('Invalid cursor');
  });

  it('round-trips offsets', () => {
    expect(decodeCursor(encodeCursor(12345))).toBe(12345);
  });
});

describe('negotiateRevision', () => {
  it('answers a supported version, else the latest', () => {
    expect(negotiateRevision('2025-03-26')).toBe('2025-03-26');
    expect(negotiateRevision('2030-01-01')).toBe('2025-11-25');
    expect(negotiateRevision(7)).toBe('2025-11-25');
  });
});

describe('formatValidationErrors', () => {
  it('names the field for each keyword', () => {
    expect(
      formatValidationErrors('input', [
        { instancePath: '/a', keyword: 'type', params: {}, message: 'must be integer' },
        { instancePath: '', keyword: 'required', params: { missingProperty: 'b' } },
        { instancePath: '/items/0', keyword: 'additionalProperties', params: { additionalProperty: 'x' } },
        { instancePath: '/we~1ird key', keyword: 'minimum', params: {}, message: 'must be >= 1' },
      ]),
    ).toBe('input.a: must be integer; input.b: is required; input.items[0].x: is not allowed; input["we/ird key"]: must be >= 1');
    expect(formatValidationErrors('input', null)).toBe('input: is invalid');
  });
});
