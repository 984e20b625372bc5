/**
 * REST error answers: every failure becomes `{ error: { code, message, data? } }` with the HTTP status a REST
 * client expects. JSON-RPC errors from the core are translated; anything unexpected is a 500 whose
 * details go to the server log only (never a stack trace to the client).
 */
import type { Response } from 'express';
import type { LogSink } from '../../logger/index.js';
import { HttpError } from '../../middleware/types.js';
import { STATUS_BY_NAME } from '../../transport/http/error-body.js';
import { INTERNAL_ERROR, INVALID_PARAMS, METHOD_NOT_FOUND, RESOURCE_NOT_FOUND, RpcError, URL_ELICITATION_REQUIRED } from '../../protocol/errors.js';

/** What went wrong, by name. */
export interface ErrorDetail {
  /** Stable machine-readable name (`invalid_api_key`, `rate_limited`, `not_found`, ...). */
  readonly code: string;
  readonly message: string;
  readonly data?: unknown;
}

/** The machine-readable error body of the REST and legacy routes. */
export interface ErrorBody {
  readonly error: ErrorDetail;
}

/** Sends one error answer (no-op when the response already started). */
export function sendError(res: Response, status: number, error: ErrorDetail, headers: Readonly<Record<string, string>> = {}): void {
  if (res.headersSent) return;
  const body: ErrorBody = { error };
  res.status(status).set(headers).type('application/json').send(JSON.stringify(body));
}


function namedRefusal(error: RpcError): { status: number; detail: ErrorDetail; headers: Record<string, string> } | undefined {
  if (error.data === null || typeof error.data !== 'object') return undefined;
  const { error: name, ...rest } = error.data as { error?: unknown; [key: string]: unknown };
  if (typeof name !== 'string') return undefined;
  const status = STATUS_BY_NAME[name] ?? (error.code === INTERNAL_ERROR ? 500 : 400);
  const headers: Record<string, string> = {};
  const retry = rest['retryAfterSec'];
  if (typeof retry === 'number' && Number.isFinite(retry)) headers['Retry-After'] = String(Math.max(1, Math.ceil(retry)));
  else if (status === 429 || status === 503) headers['Retry-After'] = '1';
  const detail: ErrorDetail = Object.keys(rest).length > 0 ? { code: name, message: error.message, data: rest } : { code: name, message: error.message };
  return { status, detail, headers };
}

/**
 * Maps what a call threw to an HTTP answer; returns the error name sent (for logs and metrics).
 *
 * @example
 * try { ... } catch (error) { sendCaughtError(res, error, server.logger); }
 */
export function sendCaughtError(res: Response, error: unknown, log: LogSink): string {
  return answer(res, error, log);
}

function answer(res: Response, error: unknown, log: LogSink): string {
  if (error instanceof HttpError) {
    const body: ErrorDetail = error.data === undefined ? { code: error.code, message: error.message } : { code: error.code, message: error.message, data: error.data };
    sendError(res, error.status, body, error.headers);
    return error.code;
  }
  if (error instanceof RpcError) {
    // A refusal by call middleware (rate limit, timeout, busy...) travels as `data.error` = its name.
    const named = namedRefusal(error);
    if (named !== undefined) {
      sendError(res, named.status, named.detail, named.headers);
      return named.detail.code;
    }
    const data = error.data === undefined ? {} : { data: error.data };
    switch (error.code) {
      case INVALID_PARAMS:
        sendError(res, 400, { code: 'invalid_params', message: error.message, ...data });
        return 'invalid_params';
      case RESOURCE_NOT_FOUND:
      case METHOD_NOT_FOUND:
        sendError(res, 404, { code: 'not_found', message: error.message, ...data });
        return 'not_found';
      case URL_ELICITATION_REQUIRED:
        sendError(res, 403, { code: 'elicitation_required', message: error.message, ...data });
        return 'elicitation_required';
      case INTERNAL_ERROR:
        break;
      default:
        if (error.code > -32000 || error.code < -32099) {
          // An application-defined error the handler chose to send: pass it on as a client error.
          sendError(res, 400, { code: 'request_failed', message: error.message, data: { code: error.code, ...(error.data === undefined ? {} : { data: error.data }) } });
          return 'request_failed';
        }
    }
  }
  log.error({ err: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error) }, 'REST route failed');
  sendError(res, 500, { code: 'internal_error', message: 'internal error; see the server log' });
  return 'internal_error';
}
