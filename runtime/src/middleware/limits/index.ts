/**
 * Request limits: body size (413 `payload_too_large`, counted while streaming so no more than the limit is
 * ever buffered) and JSON nesting depth (400 `json_too_deep`, checked by one cheap byte scan before
 * JSON.parse, so a hostile `[[[[...` cannot exhaust the stack).
 */
import type { IncomingMessage } from 'node:http';
import type { Settings } from '../../settings/types.js';
import { HttpError, type HttpGuard } from '../types.js';

export const tooLarge = (max: number): HttpError =>
  new HttpError(413, 'payload_too_large', `request body exceeds MCP_MAX_BODY_BYTES (${max} bytes)`, { Connection: 'close' }, -32600);

/**
 * Rejects a declared Content-Length above the limit before any byte is read.
 *
 * @example
 * const guard = bodySizeGuard({ maxBodyBytes: 1_048_576 });
 */
export function bodySizeGuard(settings: Pick<Settings, 'maxBodyBytes'>): HttpGuard {
  const max = settings.maxBodyBytes;
  return {
    name: 'body-size',
    check(r) {
      const cl = r.req.headers['content-length'];
      if (cl !== undefined && Number(cl) > max) throw tooLarge(max);
    },
  };
}

/**
 * Reads a request body, failing with 413 as soon as it passes `maxBytes` (the rest is not buffered).
 * Rejects with 400 `body_aborted` when the client goes away mid-body.
 *
 * @example
 * const raw = await readBodyLimited(req, settings.maxBodyBytes);
 */
export function readBodyLimited(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const cl = req.headers['content-length'];
    if (cl !== undefined && Number(cl) > maxBytes) {
      req.resume();
      reject(tooLarge(maxBytes));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (err: HttpError | undefined, body?: Buffer): void => {
      if (done) return;
      done = true;
      if (err !== undefined) {
        // Drain without keeping anything so the connection can answer 413 (onData ignores what follows).
        req.off('data', onData);
        req.resume();
        reject(err);
      } else resolve(body!); // the body has ended: its listeners go with the request, no need to remove them
    };
    const onData = (chunk: Buffer): void => {
      if (done) return;
      size += chunk.length;
      if (size > maxBytes) return finish(tooLarge(maxBytes));
      chunks.push(chunk);
    };
    const onEnd = (): void => finish(undefined, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    const onError = (): void => finish(new HttpError(400, 'body_aborted', 'request body could not be read', {}, -32600));
    const onAborted = onError;
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('aborted', onAborted);
  });
}

/**
 * True when JSON text nests arrays/objects deeper than `maxDepth`. Brackets inside strings are
 * skipped (escapes honoured). Linear, no allocation.
 *
 * @example
 * jsonDepthExceeds('[[[1]]]', 2); // true
 */
export function jsonDepthExceeds(text: string | Uint8Array, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  const isStr = typeof text === 'string';
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = isStr ? (text as string).charCodeAt(i) : (text as Uint8Array)[i]!;
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped char
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      if (++depth > maxDepth) return true;
    } else if (c === 93 || c === 125) depth--;
  }
  return false;
}

/**
 * Throws 400 `json_too_deep` when the body nests deeper than MCP_MAX_JSON_DEPTH.
 *
 * @example
 * assertJsonDepth(raw, settings.maxJsonDepth);
 */
export function assertJsonDepth(text: string | Uint8Array, maxDepth: number): void {
  if (jsonDepthExceeds(text, maxDepth)) {
    throw new HttpError(400, 'json_too_deep', `JSON nesting exceeds MCP_MAX_JSON_DEPTH (${maxDepth})`, {}, -32600);
  }
}
