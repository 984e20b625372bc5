/**
 * Request logging as an {@link Observer}: one line per HTTP request (request id, method, path, rpc method,
 * status, duration, caller id, error name) and one per failed element call. Lines hold no headers or
 * bodies, so secrets cannot leak through them; the logger also redacts known secret fields. Fields a client
 * chooses (path, rpc method, caller id, error name) are clipped, so one request writes at most about 1 KB
 * whatever it sends (a 4 MB method name must not become a 4 MB log line).
 */
import type { LogSink } from '../../logger/index.js';
import type { Observer } from '../types.js';

/** Longest logged path, rpc method, caller id and error name (characters); the rest is replaced by a count. */
export const MAX_LOGGED_PATH = 512;
export const MAX_LOGGED_FIELD = 128;

/**
 * `value` cut to `max` characters with a note of how much was left out.
 *
 * @example
 * clipForLog('x'.repeat(200), 128) // 'xxx...x...(+72 chars)'
 */
export function clipForLog(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, max)}...(+${value.length - max} chars)`;
}

export interface LoggingObserverOptions {
  /** Log successful element calls too (debug level). Default false: the request line is enough. */
  readonly logCalls?: boolean;
}

/**
 * @example
 * const observer = loggingObserver(logger);
 */
export function loggingObserver(log: LogSink, options: LoggingObserverOptions = {}): Observer {
  const logCalls = options.logCalls === true;
  // pino loggers say which levels are on: a quiet server (MCP_LOG_LEVEL=warn) builds no line for a 2xx
  const enabled = (log as { isLevelEnabled?: (level: string) => boolean }).isLevelEnabled;
  const infoOff = (): boolean => enabled !== undefined && !enabled.call(log, 'info');
  return {
    requestDone(r) {
      if (r.status < 400 && infoOff()) return;
      const line = {
        reqId: r.requestId,
        method: r.method,
        path: clipForLog(r.path, MAX_LOGGED_PATH),
        status: r.status,
        ms: Math.round(r.durationMs * 100) / 100,
        ip: r.ip,
        ...(r.rpcMethod !== undefined ? { rpc: clipForLog(r.rpcMethod, MAX_LOGGED_FIELD) } : {}),
        ...(r.caller !== undefined ? { caller: clipForLog(r.caller.id, MAX_LOGGED_FIELD) } : {}),
        ...(r.error !== undefined ? { error: clipForLog(r.error, MAX_LOGGED_FIELD) } : {}),
      };
      try {
        if (r.status >= 500) log.error(line, 'request');
        else if (r.status >= 400) log.warn(line, 'request');
        else log.info(line, 'request');
      } catch {
        // observers must not throw
      }
    },
    callDone(c) {
      try {
        if (c.outcome === 'error' || c.outcome === 'timeout') log.warn({ kind: c.kind, name: c.name, outcome: c.outcome, ms: Math.round(c.durationMs * 100) / 100 }, 'call');
        else if (logCalls) log.debug({ kind: c.kind, name: c.name, outcome: c.outcome, ms: Math.round(c.durationMs * 100) / 100 }, 'call');
      } catch {
        // observers must not throw
      }
    },
  };
}
