/**
 * The minimal JSON-RPC answering logic shared by the bare node:http and express peers: the least
 * work an MCP server must do for initialize, notifications and tools/call of `add`.
 */
import { PROTOCOL_VERSION, addResult, checkAddArguments } from './add-tool.mjs';

const INITIALIZE_RESULT = {
  protocolVersion: PROTOCOL_VERSION,
  capabilities: { tools: {} },
  serverInfo: { name: 'bench-peer', version: '1.0.0' },
};

const TOOLS = [
  {
    name: 'add',
    description: 'Add two numbers',
    inputSchema: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } }, required: ['a', 'b'] },
  },
];

/**
 * Answers one parsed JSON-RPC message.
 * @returns the response object, or undefined for a notification (HTTP 202, no body)
 */
export function answer(message) {
  if (message === null || typeof message !== 'object' || Array.isArray(message) || message.jsonrpc !== '2.0') {
    return { jsonrpc: '2.0', id: null, error: { code: -32600, message: 'Invalid request' } };
  }
  if (message.id === undefined) return undefined;
  const { id, method, params } = message;
  switch (method) {
    case 'initialize':
      return { jsonrpc: '2.0', id, result: INITIALIZE_RESULT };
    case 'ping':
      return { jsonrpc: '2.0', id, result: {} };
    case 'tools/list':
      return { jsonrpc: '2.0', id, result: { tools: TOOLS } };
    case 'tools/call': {
      if (params?.name !== 'add') return { jsonrpc: '2.0', id, error: { code: -32602, message: `Unknown tool: ${params?.name}` } };
      const problem = checkAddArguments(params.arguments);
      if (problem !== undefined) return { jsonrpc: '2.0', id, result: { content: [{ type: 'text', text: problem }], isError: true } };
      return { jsonrpc: '2.0', id, result: addResult(params.arguments.a, params.arguments.b) };
    }
    default:
      return { jsonrpc: '2.0', id, error: { code: -32601, message: `Method not found: ${method}` } };
  }
}
