/**
 * Reads the JSON body of a REST call with the server's limits (MCP_MAX_BODY_BYTES, MCP_MAX_JSON_DEPTH).
 * An empty body is `undefined`, so a tool without required input can be called with no body at all.
 */
import type { Request } from 'express';
import type { Settings } from '../../settings/types.js';
import { assertJsonDepth, readBodyLimited } from '../../middleware/limits/index.js';
import { HttpError } from '../../middleware/types.js';

/**
 * Parses `raw` (already read by the HTTP layer) or reads the request body.
 *
 * @example
 * const args = (await readJsonBody(req, server.settings, guarded.rawBody)) ?? {};
 */
export async function readJsonBody(req: Request, settings: Pick<Settings, 'maxBodyBytes' | 'maxJsonDepth'>, raw?: Buffer): Promise<unknown> {
  // A body parser mounted before these routes already consumed the stream: use its result.
  const parsed = (req as { body?: unknown }).body;
  if (raw === undefined && parsed !== undefined && req.readableEnded) return parsed;
  const body = raw ?? (req.readableEnded ? Buffer.alloc(0) : await readBodyLimited(req, settings.maxBodyBytes));
  if (body.length === 0 || /^\s*$/.test(body.toString('utf8'))) return undefined;
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/(.+\+)?json\s*(;|$)/i.test(type)) {
    throw new HttpError(415, 'unsupported_media_type', `Content-Type must be application/json (got ${JSON.stringify(type)})`);
  }
  assertJsonDepth(body, settings.maxJsonDepth);
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch (error) {
    throw new HttpError(400, 'invalid_json', `request body is not valid JSON: ${(error as Error).message}`);
  }
}
