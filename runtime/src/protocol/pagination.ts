/**
 * Opaque cursors for list methods. A cursor encodes an offset; anything else is -32602.
 */
import { INVALID_PARAMS, RpcError } from './errors.js';

const PREFIX = 'o:';

export function encodeCursor(offset: number): string {
  return Buffer.from(PREFIX + offset.toString(36)).toString('base64url');
}

/** Offset for `cursor` (undefined -> 0); throws -32602 on a malformed cursor. */
export function decodeCursor(cursor: unknown): number {
  if (cursor === undefined || cursor === null) return 0;
  if (typeof cursor !== 'string' || cursor.length > 64) throw new RpcError(INVALID_PARAMS, 'Invalid cursor');
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!text.startsWith(PREFIX) || !/^[0-9a-z]{1,10}$/.test(text.slice(PREFIX.length))) throw new RpcError(INVALID_PARAMS, 'Invalid cursor');
  return parseInt(text.slice(PREFIX.length), 36);
}

/** One page of `items` starting at the cursor; `nextCursor` only when more remain. */
export function paginate<T>(items: readonly T[], cursor: unknown, pageSize: number): { page: readonly T[]; nextCursor: string | undefined } {
  const start = decodeCursor(cursor);
  if (start > items.length) throw new RpcError(INVALID_PARAMS, 'Invalid cursor');
  if (start === 0 && items.length <= pageSize) return { page: items, nextCursor: undefined };
  const end = start + pageSize;
  return { page: items.slice(start, end), nextCursor: end < items.length ? encodeCursor(end) : undefined };
}
