/**
 * The error body of every non-JSON-RPC HTTP answer (legacy `/mcp/list|call|batch`, the 404 fallback, guard
 * refusals on those routes): `{ "error": { "code": "<machine name>", "message": "...", "data"?: ... } }`, the
 * `ErrorBody` of the OpenAPI document and of the REST routes (runtime/src/http/rest/errors.ts).
 */
import type { ServerResponse } from 'node:http';
import type { ErrorBody, ErrorDetail } from '../../http/rest/errors.js';
import type { HttpError } from '../../middleware/types.js';
import { JSON_HEADERS } from './headers.js';

/** An error detail derived from a JSON-RPC error: `rpcCode` keeps the JSON-RPC code for clients that map both. */
export interface RpcErrorDetail extends ErrorDetail {
  readonly rpcCode: number;
}

/**
 * HTTP status of the refusals call middleware reports by name (`data.error`), shared by the legacy and REST
 * routes so both answer a refusal with the same status.
 */
export const STATUS_BY_NAME: Readonly<Record<string, number>> = {
  rate_limited: 429,
  request_timeout: 504,
  not_found: 404,
  forbidden: 403,
  server_busy: 503,
  too_busy: 503,
  shutting_down: 503,
  rate_limit_unavailable: 503,
  store_unavailable: 503,
};

/** Machine name of a JSON-RPC error code when the error carries none (`data.error`). */
function nameOf(code: number): string {
  switch (code) {
    case -32700:
      return 'parse_error';
    case -32600:
      return 'invalid_request';
    case -32601:
    case -32002:
      return 'not_found';
    case -32602:
      return 'invalid_params';
    case -32603:
      return 'internal_error';
    default:
      return 'request_failed';
  }
}

/**
 * The error detail of a JSON-RPC error object: its machine name (`data.error`, else from the code), its
 * message, the rest of `data` (when any) and the JSON-RPC code.
 *
 * @example
 * rpcErrorDetail({ code: -32602, message: 'Unknown tool: x' });
 * // { code: 'invalid_params', message: 'Unknown tool: x', rpcCode: -32602 }
 */
export function rpcErrorDetail(error: { code: number; message: string; data?: unknown }): RpcErrorDetail {
  let name: string | undefined;
  let data: unknown = error.data;
  if (typeof error.data === 'object' && error.data !== null && !Array.isArray(error.data)) {
    const { error: n, ...rest } = error.data as { error?: unknown; [key: string]: unknown };
    if (typeof n === 'string') {
      name = n;
      data = Object.keys(rest).length > 0 ? rest : undefined;
    }
  }
  const code = name ?? nameOf(error.code);
  return data === undefined ? { code, message: error.message, rpcCode: error.code } : { code, message: error.message, data, rpcCode: error.code };
}

/**
 * Write an {@link HttpError} as `{ error: { code, message, data? } }` with its status and headers.
 *
 * @example
 * sendErrorBody(res, new HttpError(404, 'not_found', 'no route for GET /x'));
 */
export function sendErrorBody(res: ServerResponse, err: HttpError): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const detail: ErrorDetail = err.data === undefined ? { code: err.code, message: err.message } : { code: err.code, message: err.message, data: err.data };
  const body: ErrorBody = { error: detail };
  res.writeHead(err.status, { ...JSON_HEADERS, ...err.headers });
  res.end(JSON.stringify(body));
}
