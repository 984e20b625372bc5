/**
 * The body of a request whose stream a host app's body parser already read (a mounted mcpRouter behind
 * `express.json()`): the bytes the parser kept win (`req.rawBody`, the usual `verify` hook); else the parsed value
 * serialized again. That is the same JSON but not the client's bytes (spacing, key order, number forms), which is
 * fine for parsing and wrong for a signature: when a guard checks the exact bytes (HMAC), it is refused instead.
 */
import type { IncomingMessage } from 'node:http';
import { SERVER_ERROR } from '../../protocol/errors.js';
import { HttpError } from '../../middleware/types.js';

/** Why a mounted router cannot check a signature (500 `raw_body_unavailable`): the operator's fix, in one line. */
export const RAW_BODY_UNAVAILABLE =
  'Server configuration: a guard (HMAC auth) needs the raw request body, but a body parser such as express.json() read it before mcpRouter and kept no copy. Mount mcpRouter before the parser, or keep the bytes: express.json({ verify: (req, _res, buf) => { req.rawBody = buf } })';

/**
 * @param exactBytesNeeded some guard verifies the body's bytes (`needsBody`)
 * @example
 * r.rawBody = consumedBody(req, req.body, engine.guards.some((g) => g.needsBody === true));
 */
export function consumedBody(req: IncomingMessage, parsed: unknown, exactBytesNeeded: boolean): Buffer {
  const kept = (req as IncomingMessage & { rawBody?: unknown }).rawBody;
  if (Buffer.isBuffer(kept)) return kept;
  if (typeof kept === 'string') return Buffer.from(kept);
  if (typeof parsed === 'string') return Buffer.from(parsed);
  if (Buffer.isBuffer(parsed)) return parsed;
  if (exactBytesNeeded) throw new HttpError(500, 'raw_body_unavailable', RAW_BODY_UNAVAILABLE, {}, SERVER_ERROR);
  return Buffer.from(typeof parsed === 'object' ? JSON.stringify(parsed) : String(parsed));
}
