/**
 * Per-call timeouts: `timeoutMs:` on an element, else MCP_TOOL_TIMEOUT_MS (0 = none). On expiry the
 * handler's signal is aborted (when the core gives `call.abort`) and the caller gets a clear error
 * (`request_timeout`, JSON-RPC -32001) naming the element and the limit.
 */
import type { Settings } from '../../settings/types.js';
import { HttpError, acceptsSyncNext, type CallMiddleware } from '../types.js';

/**
 * @example
 * const mw = timeoutMiddleware({ toolTimeoutMs: 30_000 });
 */
export function timeoutMiddleware(settings: Pick<Settings, 'toolTimeoutMs'>): CallMiddleware {
  const fallback = settings.toolTimeoutMs;
  return acceptsSyncNext((call, next) => {
    const t = call.target;
    if (t === undefined) return next();
    const ms = t.policy.timeoutMs ?? fallback;
    if (!(ms > 0)) return next();
    const running = next();
    // a handler that finished without awaiting cannot time out: no timer, no promise
    if (!(running instanceof Promise)) return running;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const err = new HttpError(504, 'request_timeout', `${t.kind} "${t.name}" timed out after ${ms} ms`, {}, -32001, { timeoutMs: ms });
        call.abort?.(err);
        reject(err);
      }, ms);
      timer.unref?.();
      running.then(
        (v) => {
          clearTimeout(timer);
          resolve(v);
        },
        (e: unknown) => {
          clearTimeout(timer);
          reject(e);
        },
      );
    });
  });
}
