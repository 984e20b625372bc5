/**
 * Shared responses and header parameters: every error answer carries the machine-readable
 * {@link ErrorBody}, so clients branch on `error`, never on prose.
 */
import type { Json } from './json.js';

const errorContent = { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } };

/** Response components, keyed by name; operations point at them with {@link errorRefs}. */
export function sharedResponses(): Record<string, Json> {
  return {
    BadRequest: {
      description: 'The request is malformed or fails the schema (`invalid_params`, `unsupported_protocol_version`).',
      content: errorContent,
    },
    Unauthorized: {
      description: 'Missing or invalid credentials (`invalid_api_key`, `invalid_signature`, `invalid_token`).',
      headers: {
        'WWW-Authenticate': { description: 'Auth challenge (mode `oauth`: points at the resource metadata).', schema: { type: 'string' } },
      },
      content: errorContent,
    },
    Forbidden: {
      description: 'Authenticated but not allowed: missing role (`forbidden`), disallowed Origin (`origin_not_allowed`).',
      content: errorContent,
    },
    NotFound: { description: 'No such element visible to the caller (`not_found`).', content: errorContent },
    TooManyRequests: {
      description: 'Rate limit exceeded (`rate_limited`).',
      headers: { 'Retry-After': { description: 'Seconds until the window resets.', schema: { type: 'integer' } } },
      content: errorContent,
    },
    ToolError: {
      description: 'The tool ran and reported an error (`tool_error`); `data` holds its content blocks.',
      content: errorContent,
    },
    InternalError: { description: 'Unexpected server error (`internal_error`); details are in the server log.', content: errorContent },
  };
}

/** The error responses an operation may give, by HTTP status, as references. */
export function errorRefs(statuses: readonly number[]): Record<string, Json> {
  const names: Record<number, string> = {
    400: 'BadRequest',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'NotFound',
    422: 'ToolError',
    429: 'TooManyRequests',
    500: 'InternalError',
  };
  const out: Record<string, Json> = {};
  for (const status of statuses) {
    const name = names[status];
    if (name === undefined) throw new Error(`openapi emitter: no shared response for HTTP ${status}`);
    out[String(status)] = { $ref: `#/components/responses/${name}` };
  }
  return out;
}

/** Header parameters of the MCP endpoint. */
export function sharedParameters(): Record<string, Json> {
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
