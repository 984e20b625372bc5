/**
 * The Express side's last error handler. Express would answer with an HTML page (a stack trace outside
 * production), and errors from its ecosystem carry text meant for the server's owner: `res.sendFile` on a
 * missing file says `ENOENT: no such file or directory, stat '/srv/app/...'` with status 404 and
 * `expose: true`. So a client gets JSON with a fixed message per status, except for errors whose text is
 * written for clients: ours ({@link HttpError}), body-parser's, and a malformed percent-encoding in the path.
 */
import { STATUS_CODES } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import type { LogSink } from '../logger/index.js';
import { HttpError } from '../middleware/types.js';

/** Machine names of the statuses Express and its middleware raise. */
const CODE_BY_STATUS: Readonly<Record<number, string>> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  408: 'request_timeout',
  411: 'length_required',
  413: 'payload_too_large',
  414: 'uri_too_long',
  415: 'unsupported_media_type',
  416: 'range_not_satisfiable',
  429: 'rate_limited',
};

interface ErrorLike {
  readonly status?: unknown;
  readonly statusCode?: unknown;
  readonly type?: unknown;
  readonly expose?: unknown;
  readonly message?: unknown;
}

/** An error's HTTP status when it is a 4xx or 5xx, else 500 (a 2xx or 3xx error is a bug, not a reply). */
function statusOf(err: ErrorLike | undefined): number {
  const s = err?.status ?? err?.statusCode;
  return typeof s === 'number' && Number.isInteger(s) && s >= 400 && s <= 599 ? s : 500;
}

/** The message a client may see, or undefined for the status's fixed text. */
function clientMessage(err: ErrorLike | undefined, status: number): string | undefined {
  if (status >= 500 || typeof err?.message !== 'string') return undefined;
  // body-parser's errors (`entity.parse.failed`, `entity.too.large`, ...) describe the request, not the server
  if (typeof err.type === 'string' && err.type.startsWith('entity.') && err.expose === true) return err.message;
  // Express's router on `/tools/%E0%A4%A`: the message quotes the client's own path segment
  if (status === 400 && err.message.startsWith('Failed to decode param')) return `malformed percent-encoding in the URL path (${err.message.slice('Failed to decode param '.length, 200)})`;
  return undefined;
}

/**
 * Builds the error handler installed last on the Express side (createApp does this).
 *
 * @example
 * app.use(jsonErrorHandler(server.logger));
 */
export function jsonErrorHandler(logger: LogSink): (err: unknown, req: Request, res: Response, next: NextFunction) => void {
  return (err, req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    if (err instanceof HttpError) {
      res.status(statusOf(err)).set(err.headers).type('application/json').send(JSON.stringify({ error: { code: err.code, message: err.message } }));
      return;
    }
    const e = err !== null && typeof err === 'object' ? (err as ErrorLike) : undefined;
    const status = statusOf(e);
    if (status >= 500) logger.error({ err, path: req.path }, 'route failed');
    else if (clientMessage(e, status) === undefined) logger.warn({ err: typeof e?.message === 'string' ? e.message : String(err), status, path: req.path }, 'route refused the request');
    const code = CODE_BY_STATUS[status] ?? (status >= 500 ? 'internal_error' : 'bad_request');
    const message = clientMessage(e, status) ?? (status >= 500 ? 'Internal server error' : (STATUS_CODES[status] ?? 'Bad request'));
    res.status(status).type('application/json').send(JSON.stringify({ error: { code, message } }));
  };
}
