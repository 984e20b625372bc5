/**
 * Request logging as an {@link Observer}: one line per HTTP request (request id, method, path, rpc method,
 * status, duration, caller id, error name) and one per failed element call. Lines hold no headers or
 * bodies, so secrets cannot leak through them; the logger also redacts known secret fields.
 */
import type { LogSink } from '../../logger/index.js';
import type { Observer } from '../types.js';

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
        path: r.path,
        status: r.status,
        ms: Math.round(r.durationMs * 100) / 100,
        ip: r.ip,
        ...(r.rpcMethod !== undefined ? { rpc: r.rpcMethod } : {}),
        ...(r.caller !== undefined ? { caller: r.caller.id } : {}),
        ...(r.error !== undefined ? { error: r.error } : {}),
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
