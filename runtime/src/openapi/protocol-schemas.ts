/**
 * Component schemas of the protocol itself (JSON-RPC envelope, MCP results, error bodies,
 * legacy route shapes). Element schemas from mcp.yaml are never merged into these.
 * Names here never end in Input/Output/Params/Arguments, so they cannot collide with element schemas.
 */
import type { OpenApiSchema } from './types.js';

type Schema = Exclude<OpenApiSchema, boolean>;

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });

const jsonRpcId: Schema = {
  description: 'Request id, echoed in the response.',
  oneOf: [{ type: 'string' }, { type: 'integer' }],
};

/** Protocol schemas, keyed by component name, in a fixed order. */
export function protocolSchemas(): Record<string, Schema> {
  return {
    ErrorBody: {
      type: 'object',
      description: 'The error answer of the REST and legacy routes.',
      required: ['error'],
      properties: { error: ref('ErrorDetail') },
    },
    ErrorDetail: {
      type: 'object',
      description:
        '`code` is a stable machine-readable name such as `invalid_api_key`, `invalid_signature`, ' +
        '`origin_not_allowed`, `rate_limited`, `invalid_params`, `not_found`, `tool_error`.',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', description: 'Stable machine-readable error name.' },
        message: { type: 'string', description: 'Human-readable explanation.' },
        data: { description: 'Details, e.g. the validation errors of the input.' },
      },
    },
    JsonRpcRequest: {
      type: 'object',
      required: ['jsonrpc', 'id', 'method'],
      properties: {
        jsonrpc: { const: '2.0' },
        id: jsonRpcId,
        method: { type: 'string', examples: ['tools/call'] },
        params: { type: 'object' },
      },
    },
    JsonRpcNotification: {
      type: 'object',
      required: ['jsonrpc', 'method'],
      properties: {
        jsonrpc: { const: '2.0' },
        method: { type: 'string', examples: ['notifications/initialized'] },
        params: { type: 'object' },
      },
    },
    JsonRpcResultResponse: {
      type: 'object',
      required: ['jsonrpc', 'id', 'result'],
      properties: { jsonrpc: { const: '2.0' }, id: jsonRpcId, result: { type: 'object' } },
    },
    JsonRpcErrorResponse: {
      type: 'object',
      required: ['jsonrpc', 'error'],
      properties: {
        jsonrpc: { const: '2.0' },
        id: { oneOf: [jsonRpcId, { type: 'null' }] },
        error: {
          type: 'object',
          required: ['code', 'message'],
          properties: {
            code: { type: 'integer', examples: [-32602] },
            message: { type: 'string' },
            data: {},
          },
        },
      },
    },
    JsonRpcMessage: {
      description: 'One JSON-RPC 2.0 message; protocol revision 2025-03-26 also accepts a batch array.',
      anyOf: [
        ref('JsonRpcRequest'),
        ref('JsonRpcNotification'),
        ref('JsonRpcResultResponse'),
        ref('JsonRpcErrorResponse'),
        {
          type: 'array',
          minItems: 1,
          items: { anyOf: [ref('JsonRpcRequest'), ref('JsonRpcNotification'), ref('JsonRpcResultResponse'), ref('JsonRpcErrorResponse')] },
        },
      ],
    },
    JsonRpcReply: {
      description: 'The reply to a request: one response object, or an array for a 2025-03-26 batch.',
      anyOf: [
        ref('JsonRpcResultResponse'),
        ref('JsonRpcErrorResponse'),
        { type: 'array', items: { anyOf: [ref('JsonRpcResultResponse'), ref('JsonRpcErrorResponse')] } },
      ],
    },
    ContentBlock: {
      type: 'object',
      description: 'An MCP content block: text, image, audio, resource_link or embedded resource.',
      required: ['type'],
      properties: {
        type: { type: 'string', enum: ['text', 'image', 'audio', 'resource_link', 'resource'] },
        text: { type: 'string' },
        data: { type: 'string', contentEncoding: 'base64' },
        mimeType: { type: 'string' },
        uri: { type: 'string' },
        resource: ref('ResourceContents'),
      },
    },
    ToolResult: {
      type: 'object',
      description: 'The result of a tool without an output schema (MCP CallToolResult).',
      required: ['content'],
      properties: {
        content: { type: 'array', items: ref('ContentBlock') },
        structuredContent: { type: 'object' },
        isError: { type: 'boolean' },
      },
    },
    ResourceContents: {
      type: 'object',
      required: ['uri'],
      properties: {
        uri: { type: 'string' },
        mimeType: { type: 'string' },
        text: { type: 'string' },
        blob: { type: 'string', contentEncoding: 'base64' },
      },
    },
    ReadResourceResult: {
      type: 'object',
      required: ['contents'],
      properties: { contents: { type: 'array', items: ref('ResourceContents') } },
    },
    PromptMessage: {
      type: 'object',
      required: ['role', 'content'],
      properties: { role: { type: 'string', enum: ['user', 'assistant'] }, content: ref('ContentBlock') },
    },
    GetPromptResult: {
      type: 'object',
      required: ['messages'],
      properties: { description: { type: 'string' }, messages: { type: 'array', items: ref('PromptMessage') } },
    },
    LegacyCall: {
      type: 'object',
      description: 'A call on the legacy routes (flask-mcp-server compatible).',
      required: ['kind', 'name'],
      properties: {
        kind: { type: 'string', enum: ['tool', 'resource', 'prompt'] },
        name: {
          type: 'string',
          description: 'Tool or prompt name; for `resource`: a resource URI or name, or a resource template name.',
        },
        args: { type: 'object', description: 'Tool input, template variables or prompt arguments.' },
      },
    },
    LegacyResult: {
      description: 'The MCP result of the call, as `tools/call`, `resources/read` or `prompts/get` returns it.',
      anyOf: [ref('ToolResult'), ref('ReadResourceResult'), ref('GetPromptResult')],
    },
    LegacyBatchItem: {
      type: 'object',
      description: 'The outcome of one call of a batch: `result` when `ok`, `error` otherwise.',
      required: ['ok'],
      properties: { ok: { type: 'boolean' }, result: ref('LegacyResult'), error: ref('ErrorDetail') },
    },
    LegacyList: {
      type: 'object',
      description: 'The registry as the caller may see it (elements hidden by roles are left out).',
      properties: {
        tools: { type: 'array', items: { type: 'object' } },
        resources: { type: 'array', items: { type: 'object' } },
        resourceTemplates: { type: 'array', items: { type: 'object' } },
        prompts: { type: 'array', items: { type: 'object' } },
        completions: { type: 'array', items: { type: 'object' } },
      },
    },
  };
}
