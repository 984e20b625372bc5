import { HttpError } from '../../middleware/types.js';

/** The machine-readable name clients see while shared state is unreachable. */
export const STORE_UNAVAILABLE = 'store_unavailable';

/**
 * The 503 every store throws while Redis cannot be reached. The message is safe for clients (no URL, no
 * stack); the Redis error is kept as `cause` for logs.
 */
export function storeUnavailable(operation: string, cause?: unknown): HttpError {
  const error = new HttpError(
    503,
    STORE_UNAVAILABLE,
    'Shared state store is unavailable; retry shortly',
    { 'Retry-After': '1' },
    -32000,
  );
  error.cause = cause === undefined ? new Error(`redis ${operation}: not connected`) : cause;
  return error;
}

/** True for the 503 thrown by {@link storeUnavailable}. */
export function isStoreUnavailable(error: unknown): error is HttpError {
  return error instanceof HttpError && error.code === STORE_UNAVAILABLE;
}

/** The Redis URL without its password, for logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<unparseable redis url>';
  }
}
