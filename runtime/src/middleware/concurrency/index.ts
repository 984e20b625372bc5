/**
 * Caps calls running at once across the server (MCP_MAX_CONCURRENT_CALLS; 0 = no cap). Over the cap a call
 * is refused at once (503 `server_busy`, JSON-RPC -32000) rather than queued, so overload never grows memory.
 */
import type { Settings } from '../../settings/types.js';
import { HttpError, acceptsSyncNext, type CallMiddleware } from '../types.js';

/**
 * @example
 * const mw = concurrencyMiddleware({ maxConcurrentCalls: 256 });
 */
export function concurrencyMiddleware(settings: Pick<Settings, 'maxConcurrentCalls'>): CallMiddleware & { readonly active: () => number } {
  const max = settings.maxConcurrentCalls;
  let active = 0;
  // Settle handlers made once, not per call: they need no per-call state, only the shared counter.
  const done = (v: unknown): unknown => {
    active--;
    return v;
  };
  const failed = (err: unknown): never => {
    active--;
    throw err;
  };
  const mw = acceptsSyncNext((call, next) => {
    if (call.target === undefined || max <= 0) return next();
    if (active >= max) {
      return Promise.reject(new HttpError(503, 'server_busy', `too many calls in progress (MCP_MAX_CONCURRENT_CALLS=${max}); retry shortly`, { 'Retry-After': '1' }, -32000));
    }
    active++;
    let r: unknown;
    try {
      r = next();
    } catch (err) {
      active--;
      return Promise.reject(err);
    }
    if (!(r instanceof Promise)) {
      active--; // the handler already finished
      return r;
    }
    return r.then(done, failed);
  }) as CallMiddleware & { active: () => number };
  mw.active = () => active;
  return mw;
}
