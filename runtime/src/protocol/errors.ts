/**
 * JSON-RPC and MCP error codes, and the error a method handler throws to answer with one.
 */

export const PARSE_ERROR = -32700;
export const INVALID_REQUEST = -32600;
export const METHOD_NOT_FOUND = -32601;
export const INVALID_PARAMS = -32602;
export const INTERNAL_ERROR = -32603;
/** Transport-level rejections (SDK convention: bad session, bad version header...). */
export const SERVER_ERROR = -32000;
/** Resource not found (2025 revisions). */
export const RESOURCE_NOT_FOUND = -32002;
/** URL-mode elicitation required before the request can go on (2025-11-25). */
export const URL_ELICITATION_REQUIRED = -32042;
/** The request was cancelled (used for internal aborts; cancelled requests get no reply). */
export const REQUEST_CANCELLED = -32800;

/**
 * An error that becomes a JSON-RPC error object. Throw it from method handlers and middleware.
 *
 * @example
 * throw new RpcError(INVALID_PARAMS, 'Unknown tool: math.sub');
 */
export class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
    this.name = 'RpcError';
  }

  toJSON(): { code: number; message: string; data?: unknown } {
    return this.data === undefined ? { code: this.code, message: this.message } : { code: this.code, message: this.message, data: this.data };
  }
}

/** Thrown by `ctx.elicit` callers or handlers to ask the client for a URL-mode elicitation first. */
export class UrlElicitationRequiredError extends RpcError {
  constructor(elicitations: readonly { mode: 'url'; message: string; url: string; elicitationId: string }[], message = 'This request requires more information.') {
    super(URL_ELICITATION_REQUIRED, message, { elicitations });
    this.name = 'UrlElicitationRequiredError';
  }
}
