/**
 * logging/setLevel: the session's minimum level for notifications/message.
 */
import type { MethodSpec } from '../dispatch-types.js';
import { INVALID_PARAMS, RpcError } from '../errors.js';
import { LOGGING_LEVELS, type LoggingLevel } from '../types.js';

export const loggingSetLevel: MethodSpec = {
  async handle(engine, request) {
    const level = request.params?.['level'];
    if (typeof level !== 'string' || !LOGGING_LEVELS.includes(level as LoggingLevel)) {
      throw new RpcError(INVALID_PARAMS, `Invalid params: level must be one of ${LOGGING_LEVELS.join(', ')}`);
    }
    const s = request.context.session;
    if (s !== undefined) {
      s.logLevel = level as LoggingLevel;
      await engine.sessions.save(s, { logLevel: level }); // other instances filter by it on the next request
    }
    return {};
  },
};
