/**
 * Shared responses and header parameters: every error answer carries the machine-readable
 * `ErrorBody`, so clients branch on `error.code`, never on prose.
 */
import type { OpenApiParameter, OpenApiReference, OpenApiResponse } from './types.js';

const errorContent = () => ({ 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } });

/** Response components, keyed by name; operations point at them with {@link openApiErrorRefs}. */
export function sharedResponses(): Record<string, OpenApiResponse> {
  return {
    BadRequest: {
      description: 'The request is malformed or fails the schema (`invalid_params`, `unsupported_protocol_version`).',
      content: errorContent(),
    },
    Unauthorized: {
      description: 'Missing or invalid credentials (`invalid_api_key`, `invalid_signature`, `invalid_token`).',
      headers: {
        'WWW-Authenticate': { description: 'Auth challenge (mode `oauth`: points at the resource metadata).', schema: { type: 'string' } },
      },
      content: errorContent(),
    },
    Forbidden: {
      description: 'Authenticated but not allowed: missing role (`forbidden`), disallowed Origin (`origin_not_allowed`).',
      content: errorContent(),
    },
    NotFound: { description: 'No such element visible to the caller (`not_found`).', content: errorContent() },
    TooManyRequests: {
      description: 'Rate limit exceeded (`rate_limited`).',
      headers: { 'Retry-After': { description: 'Seconds until the window resets.', schema: { type: 'integer' } } },
      content: errorContent(),
    },
    ToolError: {
      description: 'The tool ran and reported an error (`tool_error`); `data` holds its content blocks.',
      content: errorContent(),
    },
    InternalError: { description: 'Unexpected server error (`internal_error`); details are in the server log.', content: errorContent() },
  };
}

/** HTTP statuses that have a shared error response. */
export type OpenApiErrorStatus = 400 | 401 | 403 | 404 | 422 | 429 | 500;

const ERROR_RESPONSE_NAMES: Readonly<Record<OpenApiErrorStatus, string>> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  422: 'ToolError',
  429: 'TooManyRequests',
  500: 'InternalError',
};

/**
 * The error responses an operation may give, by HTTP status, as references to the shared responses.
 *
 * @example
 * openApiErrorRefs([401, 429]) // { '401': { $ref: '#/components/responses/Unauthorized' }, '429': { $ref: ... } }
 */
export function openApiErrorRefs(statuses: readonly OpenApiErrorStatus[]): Record<string, OpenApiReference> {
  const out: Record<string, OpenApiReference> = {};
  for (const status of statuses) {
    const name = ERROR_RESPONSE_NAMES[status] as string | undefined;
    if (name === undefined) throw new Error(`openapi: no shared response for HTTP ${String(status)}`);
    out[String(status)] = { $ref: `#/components/responses/${name}` };
  }
  return out;
}

/** Header parameters of the MCP endpoint. */
export function sharedParameters(): Record<string, OpenApiParameter> {
  return {
    McpProtocolVersion: {
      name: 'MCP-Protocol-Version',
      in: 'header',
      required: false,
      description: 'Negotiated protocol revision; required after initialize from 2025-06-18 on.',
      schema: { type: 'string', examples: ['2025-11-25'] },
    },
    McpSessionId: {
      name: 'Mcp-Session-Id',
      in: 'header',
      required: false,
      description: 'Session id returned on the initialize response; echo it on every later request.',
      schema: { type: 'string' },
    },
    LastEventId: {
      name: 'Last-Event-ID',
      in: 'header',
      required: false,
      description: 'Resume an SSE stream after this event id.',
      schema: { type: 'string' },
    },
  };
}
