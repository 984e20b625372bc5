/**
 * Paths of the protocol endpoint (`/mcp`: POST, GET, DELETE) and the flask-mcp-server legacy routes
 * (`GET /mcp/list`, `POST /mcp/call`, `POST /mcp/batch`).
 */
import type { OpenApiPathItem, OpenApiSchema } from './types.js';
import { openApiErrorRefs } from './responses.js';

const schemaRef = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const paramRef = (name: string) => ({ $ref: `#/components/parameters/${name}` });
const json = (schema: OpenApiSchema) => ({ 'application/json': { schema } });

/** `/mcp` and the legacy routes. `firstTool` (when there is one) makes the request examples concrete. */
export function mcpPaths(firstTool: { name: string } | undefined): Record<string, OpenApiPathItem> {
  const callExample = {
    jsonrpc: '2.0',
    id: 1,
    method: firstTool ? 'tools/call' : 'tools/list',
    ...(firstTool ? { params: { name: firstTool.name, arguments: {} } } : {}),
  };
  return {
    '/mcp': {
      post: {
        operationId: 'mcp.post',
        tags: ['MCP'],
        summary: 'Send one JSON-RPC message (Streamable HTTP)',
        description:
          'The MCP endpoint. `Accept` must list `application/json` and `text/event-stream`. A request is answered ' +
          'with JSON or an SSE stream that ends with the response; notifications and responses get 202. ' +
          '(Swagger UI sends a single Accept type, so "Try it out" gets 406 here: use an MCP client or curl, or the REST routes below.)',
        parameters: [paramRef('McpProtocolVersion'), paramRef('McpSessionId')],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: schemaRef('JsonRpcMessage'),
              examples: {
                initialize: {
                  summary: 'Open a session',
                  value: {
                    jsonrpc: '2.0',
                    id: 0,
                    method: 'initialize',
                    params: {
                      protocolVersion: '2025-11-25',
                      capabilities: {},
                      clientInfo: { name: 'swagger', version: '1.0.0' },
                    },
                  },
                },
                call: { summary: firstTool ? 'Call a tool' : 'List tools', value: callExample },
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'The response, as JSON or as an SSE stream of JSON-RPC messages ending with the response.',
            headers: {
              'Mcp-Session-Id': { description: 'Set on the initialize response of a stateful server.', schema: { type: 'string' } },
            },
            content: {
              'application/json': { schema: schemaRef('JsonRpcReply') },
              'text/event-stream': { schema: { type: 'string', description: 'SSE events whose data are JSON-RPC messages.' } },
            },
          },
          '202': { description: 'Accepted: the body held only notifications or responses.' },
          ...openApiErrorRefs([400, 401, 403]),
          '404': { description: 'Unknown or terminated session: start a new one with initialize.', content: json(schemaRef('JsonRpcErrorResponse')) },
          '406': { description: '`Accept` does not list both `application/json` and `text/event-stream`.', content: json(schemaRef('JsonRpcErrorResponse')) },
          '415': { description: '`Content-Type` is not `application/json`.', content: json(schemaRef('JsonRpcErrorResponse')) },
          ...openApiErrorRefs([429]),
        },
      },
      get: {
        operationId: 'mcp.stream',
        tags: ['MCP'],
        summary: 'Open the server-to-client SSE stream',
        description: 'Server notifications and requests outside any call (list changes, resource updates). `Accept: text/event-stream` required.',
        parameters: [paramRef('McpProtocolVersion'), paramRef('McpSessionId'), paramRef('LastEventId')],
        responses: {
          '200': { description: 'An SSE stream.', content: { 'text/event-stream': { schema: { type: 'string' } } } },
          '405': { description: 'This server or protocol revision offers no GET stream.' },
          ...openApiErrorRefs([400, 401, 403]),
          '404': { description: 'Unknown or terminated session.' },
          '406': { description: '`Accept` does not list `text/event-stream`.' },
          '409': { description: 'The session already has a GET stream open.' },
        },
      },
      delete: {
        operationId: 'mcp.endSession',
        tags: ['MCP'],
        summary: 'End a session',
        parameters: [paramRef('McpProtocolVersion'), paramRef('McpSessionId')],
        responses: {
          '204': { description: 'The session is terminated.' },
          '405': { description: 'Sessions cannot be ended by the client here.' },
          ...openApiErrorRefs([400, 401, 403]),
          '404': { description: 'Unknown or terminated session.' },
        },
      },
    },
    '/mcp/list': {
      get: {
        operationId: 'legacy.list',
        tags: ['Legacy'],
        summary: 'List the registry (legacy)',
        description: 'flask-mcp-server compatible listing of the elements the caller may see.',
        responses: { '200': { description: 'The registry.', content: json(schemaRef('LegacyList')) }, ...openApiErrorRefs([401, 403, 429]) },
      },
    },
    '/mcp/call': {
      post: {
        operationId: 'legacy.call',
        tags: ['Legacy'],
        summary: 'Call a tool, read a resource or get a prompt (legacy)',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: schemaRef('LegacyCall'),
              ...(firstTool ? { example: { kind: 'tool', name: firstTool.name, args: {} } } : {}),
            },
          },
        },
        responses: {
          '200': { description: 'The call succeeded: its MCP result.', content: json(schemaRef('LegacyResult')) },
          ...openApiErrorRefs([400, 401, 403, 404, 422, 429, 500]),
        },
      },
    },
    '/mcp/batch': {
      post: {
        operationId: 'legacy.batch',
        tags: ['Legacy'],
        summary: 'Run several legacy calls in order',
        requestBody: {
          required: true,
          content: json({ type: 'array', minItems: 1, maxItems: 100, items: schemaRef('LegacyCall') }),
        },
        responses: {
          '200': {
            description: 'One outcome per call, in order; a failed call does not stop the others.',
            content: json({ type: 'array', items: schemaRef('LegacyBatchItem') }),
          },
          ...openApiErrorRefs([400, 401, 403, 429]),
        },
      },
    },
  };
}
